import { checkSubmission, checkTrackingInput } from './validation';

describe('what the desk officer typed', () => {
  it('names every bad field at once', () => {
    const r = checkSubmission({
      applicant: { fullName: ' ', idNumber: '12ab', phone: '12', email: 'x@' },
      documents: [{ componentCode: 'CCCD', count: 0 }],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.field)).toEqual(['procedure', 'fullName', 'idNumber', 'phone', 'address', 'email', 'doc-CCCD-count']);
    expect(r.problems.every((p) => p.message.length > 0)).toBe(true);
  });

  it('accepts a complete submission, trimmed, with defaults for channel, delivery and form', () => {
    const r = checkSubmission({
      procedureCode: 'TCKH-01',
      applicant: { fullName: ' Nguyễn Thị Hoa ', idNumber: '036090001234', phone: '0912 345 678', address: 'Trực Chính' },
      documents: [{ componentCode: 'GIAYDK', form: 'original', count: 1 }, { componentCode: 'CCCD' }, { componentCode: '' }],
    });
    expect(r).toEqual({
      ok: true,
      value: {
        procedureCode: 'TCKH-01',
        channel: 'counter',
        resultDelivery: 'counter',
        applicant: { fullName: 'Nguyễn Thị Hoa', idNumber: '036090001234', phone: '0912345678', address: 'Trực Chính', email: '' },
        documents: [
          { componentCode: 'GIAYDK', form: 'original', count: 1 },
          { componentCode: 'CCCD', form: 'copy', count: 1 },
        ],
      },
    });
  });

  it('asks for the phone when the result goes by post (the post refuses a delivery without it)', () => {
    const input = {
      procedureCode: 'TCKH-02',
      resultDelivery: 'post',
      applicant: { fullName: 'Lương Văn Sáng', idNumber: '036190003579', address: 'Xóm 2, xã Cổ Lễ' },
    };
    const r = checkSubmission(input);
    expect(r.ok ? [] : r.problems).toEqual([{ field: 'phone', message: 'Số điện thoại: bắt buộc khi nhận kết quả qua bưu chính' }]);
    expect(checkSubmission({ ...input, applicant: { ...input.applicant, phone: '0912345678' } }).ok).toBe(true);
    expect(checkSubmission({ ...input, resultDelivery: 'counter' }).ok).toBe(true);
  });

  it('checks the citizen’s tracking input', () => {
    expect(checkTrackingInput('', '1').map((p) => p.field)).toEqual(['code', 'idNumber']);
    expect(checkTrackingInput('TRUCNINH-261129-0001', '036090001234')).toEqual([]);
    expect(checkTrackingInput('<script>', '036090001234').map((p) => p.field)).toEqual(['code']);
  });
});
