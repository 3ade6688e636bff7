// The form set follows the act's date: Circular 01/2018's Forms 01-06 before Circular 03/2025 took
// effect (15 Sep 2025, local time), its Forms 01-07 from that day on.
import { vnTime as at } from '@onestop/test-support';
import { formFor, formSetAt, localDateOf, parseFormSets } from './form-sets';
import { SHIPPED_FORM_SETS as data, shippedFormFor } from './shipped';

describe('forms by the date of the act', () => {
  it.each([
    ['receipt', '01', '01'],
    ['supplement_request', '02', '02'],
    ['refusal', '03', '03'],
    ['apology', '04', '04'],
    ['control_slip', '05', '06'],
    ['register', '06', '07'],
  ] as const)('%s: Form %s of 01/2018 before, Form %s of 03/2025 after', (purpose, before, after) => {
    const old = formFor(data, purpose, at('2025-09-14 16:59'));
    const now = formFor(data, purpose, at('2025-09-15 07:00'));
    expect([old?.circular, old?.number]).toEqual(['01/2018/TT-VPCP', before]);
    expect([now?.circular, now?.number]).toEqual(['03/2025/TT-VPCP', after]);
  });

  it('the boundary is the local day: 23:59 on 14 Sep and 00:00 on 15 Sep (Viet Nam time)', () => {
    expect(shippedFormFor('receipt', at('2025-09-14 23:59'))?.circular).toBe('01/2018/TT-VPCP');
    expect(shippedFormFor('receipt', at('2025-09-15 00:00'))?.circular).toBe('03/2025/TT-VPCP');
    // 2025-09-14T17:30Z is already 00:30 on the 15th in Viet Nam.
    expect(localDateOf(new Date('2025-09-14T17:30:00Z'))).toBe('2025-09-15');
  });

  it('the stop-processing notice exists only in the new set (Form 05); the apology becomes an extension request', () => {
    expect(shippedFormFor('stop_notice', at('2025-01-10 09:00'))).toBeUndefined();
    expect(shippedFormFor('stop_notice', at('2026-03-04 09:00'))).toEqual({
      purpose: 'stop_notice',
      number: '05',
      circular: '03/2025/TT-VPCP',
      nameVi: 'Thông báo dừng giải quyết hồ sơ',
      name: 'Notice of stopping processing',
      label: 'Mẫu số 05, Thông tư 03/2025/TT-VPCP',
    });
    expect(shippedFormFor('apology', at('2020-03-02 09:00'))?.nameVi).toBe('Phiếu xin lỗi và hẹn lại ngày trả kết quả');
    expect(shippedFormFor('apology', at('2026-03-02 09:00'))?.nameVi).toBe('Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết');
  });

  it('before Decree 61/2018 took effect there is no set', () => {
    expect(formSetAt(data, at('2018-06-20 09:00'))).toBeUndefined();
    expect(formSetAt(data, at('2018-06-21 09:00'))?.circular).toBe('01/2018/TT-VPCP');
  });

  it('every set cites its sources and has one form per purpose', () => {
    for (const set of data.sets) expect(set.sources.length).toBeGreaterThan(0);
    expect(data.sets.map((s) => s.forms.length)).toEqual([6, 7]);
  });

  it('rejects bad data, naming the field', () => {
    const bad = JSON.parse(JSON.stringify(data));
    bad.sets[1].forms[1].purpose = 'receipt';
    expect(() => parseFormSets(bad)).toThrow('sets.1.forms.1.purpose: "receipt" is listed twice');
    const order = JSON.parse(JSON.stringify(data));
    order.sets[1].effectiveFrom = '2018-01-01';
    expect(() => parseFormSets(order)).toThrow(/sets\.1\.effectiveFrom: must be after/);
    const shape = JSON.parse(JSON.stringify(data));
    shape.sets[0].forms[0].number = '1';
    expect(() => parseFormSets(shape)).toThrow(/sets\.0\.forms\.0\.number: must be two digits/);
  });
});
