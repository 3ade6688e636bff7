// Processing's answers name their form by the act's date: StopProcessing gets the new Form 05
// notice only since Circular 03/2025/TT-VPCP; the apology is Form 04 of either set.
import { vnTime as at } from '@onestop/test-support';
import type { CommandOutcome } from '../../application/case-commands';
import { actTime, formRef } from './form-refs';

function outcome(type: 'ProcessingStopped' | 'ApologyIssued' | 'SupplementRequested', when: Date): CommandOutcome {
  const data = { stoppedAt: when, issuedAt: when, requestedAt: when };
  return { state: {}, events: [{ type, data }] } as unknown as CommandOutcome;
}

describe('forms on processing answers', () => {
  it('StopProcessing: Form 05 notice of Circular 03/2025 after its effective date, none before', () => {
    expect(formRef('stop_notice', actTime(outcome('ProcessingStopped', at('2026-03-04 10:00'))))).toMatchObject({
      number: '05',
      circular: '03/2025/TT-VPCP',
      nameVi: 'Thông báo dừng giải quyết hồ sơ',
    });
    expect(formRef('stop_notice', actTime(outcome('ProcessingStopped', at('2025-09-14 10:00'))))).toBeUndefined();
  });

  it('IssueApology: Form 04 of the set in force (apology and extension request since 2025)', () => {
    expect(formRef('apology', actTime(outcome('ApologyIssued', at('2020-03-04 10:00'))))?.nameVi).toBe(
      'Phiếu xin lỗi và hẹn lại ngày trả kết quả',
    );
    expect(formRef('apology', actTime(outcome('ApologyIssued', at('2025-10-01 10:00'))))?.nameVi).toBe(
      'Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết',
    );
  });

  it('RequestSupplement: Form 02; no act time, no form', () => {
    expect(formRef('supplement_request', actTime(outcome('SupplementRequested', at('2026-01-05 10:00'))))?.number).toBe('02');
    expect(formRef('supplement_request', actTime({ events: [] } as unknown as CommandOutcome))).toBeUndefined();
  });
});
