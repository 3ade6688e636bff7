import { fieldMessageInVietnamese, problemInVietnamese, refusalInVietnamese } from './vietnamese';

describe('reception findings in Vietnamese', () => {
  it('rewrites each kind of Form 02 problem intake reports', () => {
    expect(problemInVietnamese('missing: 1 bản sao chứng thực (certified copy) required')).toBe('Chưa nộp; cần 1 bản sao chứng thực');
    expect(problemInVietnamese('wrong form: bản chính (original) required')).toBe('Sai hình thức; cần bản chính');
    expect(problemInVietnamese('too few: 2 required, 1 given')).toBe('Chưa đủ số bản; cần 2 bản, mới nộp 1 bản');
  });

  it('rewrites the scope refusals (Form 03)', () => {
    expect(
      refusalInVietnamese("procedure 1.001193 is handled at commune level: please apply at the commune or town People's Committee desk"),
    ).toBe('Thủ tục 1.001193 thuộc thẩm quyền giải quyết cấp xã; đề nghị ông/bà nộp hồ sơ tại Bộ phận Một cửa của Ủy ban nhân dân cấp xã.');
    expect(refusalInVietnamese('procedure X.1 cannot be submitted through channel postal; allowed: counter, online')).toBe(
      'Thủ tục X.1 không tiếp nhận qua bưu chính công ích; hình thức nộp được chấp nhận: trực tiếp, trực tuyến.',
    );
  });

  it('leaves text it does not know (an officer’s own words) unchanged', () => {
    expect(problemInVietnamese('Bản sao bị mờ')).toBe('Bản sao bị mờ');
    expect(refusalInVietnamese('Hồ sơ giả mạo')).toBe('Hồ sơ giả mạo');
  });
});

describe('service field violations in Vietnamese', () => {
  it('names the field as the form labels it', () => {
    expect(fieldMessageInVietnamese('applicant.full_name', 'is required')).toBe('Họ và tên: bắt buộc');
    expect(fieldMessageInVietnamese('recipientName', 'must not be empty')).toBe('Người nhận kết quả: bắt buộc');
    expect(fieldMessageInVietnamese('fee_receipt_number', 'does not match')).toBe('Số biên lai: không hợp lệ');
    expect(fieldMessageInVietnamese('reason', 'phải có nội dung')).toBe('Lý do: phải có nội dung');
  });
});
