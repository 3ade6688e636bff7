// Intake writes its reception findings (Form 02 problems, Form 03 scope refusals) in English for
// operators and logs. The citizen's paper must be in Vietnamese: these pure functions rewrite the
// known shapes of those messages, and leave anything else (e.g. a reason an officer typed) as it is.

const FORM: Record<string, string> = {
  original: 'bản chính',
  copy: 'bản sao',
  certified_copy: 'bản sao chứng thực',
};
const LEVEL: Record<string, string> = { district: 'cấp huyện', commune: 'cấp xã', province: 'cấp tỉnh' };
const CHANNEL: Record<string, string> = { counter: 'trực tiếp', online: 'trực tuyến', postal: 'qua bưu chính công ích' };

/** "bản sao (copy)" or "copy" → "bản sao". */
function formName(text: string): string {
  const t = text.trim();
  const inParens = /^(.*?)\s*\(([^)]*)\)$/.exec(t);
  if (inParens) return inParens[1].trim();
  return FORM[t] ?? t;
}

/** One Form 02 problem in Vietnamese. */
export function problemInVietnamese(problem: string): string {
  let m = /^missing: (\d+) (.+) required$/.exec(problem);
  if (m) return `Chưa nộp; cần ${m[1]} ${formName(m[2])}`;
  m = /^wrong form: (.+) required$/.exec(problem);
  if (m) return `Sai hình thức; cần ${formName(m[1])}`;
  m = /^too few: (\d+) required, (\d+) given$/.exec(problem);
  if (m) return `Chưa đủ số bản; cần ${m[1]} bản, mới nộp ${m[2]} bản`;
  return problem;
}

/** A Form 03 refusal reason in Vietnamese. */
export function refusalInVietnamese(reason: string): string {
  let m = /^procedure (\S+) is handled at (\w+) level: please apply at (.+)$/.exec(reason);
  if (m) {
    const level = LEVEL[m[2]] ?? m[2];
    const where = m[2] === 'district' ? 'Bộ phận Một cửa của Ủy ban nhân dân cấp huyện' : 'Bộ phận Một cửa của Ủy ban nhân dân cấp xã';
    return `Thủ tục ${m[1]} thuộc thẩm quyền giải quyết ${level}; đề nghị ông/bà nộp hồ sơ tại ${where}.`;
  }
  m = /^procedure (\S+) cannot be submitted through channel (\S+); allowed: (.+)$/.exec(reason);
  if (m) {
    const allowed = m[3]
      .split(',')
      .map((c) => CHANNEL[c.trim()] ?? c.trim())
      .join(', ');
    return `Thủ tục ${m[1]} không tiếp nhận ${CHANNEL[m[2]] ?? m[2]}; hình thức nộp được chấp nhận: ${allowed}.`;
  }
  return reason;
}

// Field names the services report in their violations, as the forms label them.
const FIELD_LABEL: Record<string, string> = {
  'applicant.full_name': 'Họ và tên',
  'applicant.id_number': 'Số CCCD',
  'applicant.address': 'Địa chỉ',
  'applicant.phone': 'Số điện thoại',
  'applicant.email': 'Thư điện tử',
  procedure_code: 'Thủ tục',
  documents: 'Thành phần hồ sơ',
  reason: 'Lý do',
  recipient_name: 'Người nhận kết quả',
  officer_id: 'Chuyên viên thụ lý',
  new_due_at: 'Ngày hẹn trả mới',
  result_summary: 'Kết quả giải quyết',
  scores: 'Mức hài lòng',
  handed_by: 'Nhân viên bưu chính bàn giao',
  fee_receipt_number: 'Số biên lai',
  amount_vnd: 'Số tiền',
  receipt_number: 'Số biên lai',
};

/** A field violation from a service, named and worded in Vietnamese. */
export function fieldMessageInVietnamese(field: string, description: string): string {
  const snake = field.replace(/([A-Z])/g, '_$1').toLowerCase();
  const label = FIELD_LABEL[snake] ?? FIELD_LABEL[snake.split('.').pop() ?? ''] ?? field;
  if (/required|must not be empty|is empty/i.test(description)) return `${label}: bắt buộc`;
  if (/[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i.test(description)) return `${label}: ${description}`;
  return `${label}: không hợp lệ`;
}
