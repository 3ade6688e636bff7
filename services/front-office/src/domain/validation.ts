// Checks of what an officer typed, before anything is sent: each problem names the field (its
// form field id) and says in Vietnamese what is wrong.

export interface FieldProblem {
  field: string;
  message: string;
}

export interface SubmissionInput {
  procedureCode?: unknown;
  channel?: unknown;
  resultDelivery?: unknown;
  applicant?: { fullName?: unknown; idNumber?: unknown; phone?: unknown; address?: unknown; email?: unknown };
  documents?: unknown;
}

export interface ValidSubmission {
  procedureCode: string;
  channel: 'counter' | 'postal';
  resultDelivery: 'counter' | 'post' | 'electronic';
  applicant: { fullName: string; idNumber: string; phone: string; address: string; email: string };
  documents: { componentCode: string; form: 'original' | 'copy' | 'certified_copy'; count: number }[];
}

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

export function checkSubmission(input: SubmissionInput): { ok: true; value: ValidSubmission } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const a = input.applicant ?? {};
  const procedureCode = str(input.procedureCode);
  if (!procedureCode) problems.push({ field: 'procedure', message: 'Chưa chọn thủ tục hành chính' });
  const applicant = checkApplicant(a);
  problems.push(...applicant.problems);
  const channel = input.channel === 'postal' ? 'postal' : 'counter';
  const rd = input.resultDelivery;
  const resultDelivery = rd === 'post' || rd === 'electronic' ? rd : 'counter';
  // The post refuses a delivery without the receiver's phone: ask for it here, not after the result is issued.
  if (resultDelivery === 'post' && !applicant.value.phone && !applicant.problems.some((p) => p.field === 'phone'))
    problems.push({ field: 'phone', message: 'Số điện thoại: bắt buộc khi nhận kết quả qua bưu chính' });
  const docs = Array.isArray(input.documents) ? input.documents : [];
  const documents: ValidSubmission['documents'] = [];
  for (const d of docs as { componentCode?: unknown; form?: unknown; count?: unknown }[]) {
    const componentCode = str(d?.componentCode);
    const count = Number(d?.count ?? 1);
    if (!componentCode) continue;
    if (!Number.isInteger(count) || count < 1 || count > 99) {
      problems.push({ field: `doc-${componentCode}-count`, message: `Số bản của thành phần ${componentCode}: từ 1 đến 99` });
      continue;
    }
    const form = d.form === 'original' || d.form === 'certified_copy' ? d.form : 'copy';
    documents.push({ componentCode, form, count });
  }
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    value: { procedureCode, channel, resultDelivery, applicant: applicant.value, documents },
  };
}

/** The applicant's details (reception at the counter, a pickup by post). */
export function checkApplicant(input: unknown): { value: ValidSubmission['applicant']; problems: FieldProblem[] } {
  const a = (input && typeof input === 'object' ? input : {}) as NonNullable<SubmissionInput['applicant']>;
  const problems: FieldProblem[] = [];
  const fullName = str(a.fullName);
  if (!fullName) problems.push({ field: 'fullName', message: 'Họ và tên người nộp: bắt buộc' });
  else if (fullName.length > 120) problems.push({ field: 'fullName', message: 'Họ và tên người nộp: tối đa 120 ký tự' });
  const idNumber = str(a.idNumber);
  if (!/^(\d{9}|\d{12})$/.test(idNumber))
    problems.push({ field: 'idNumber', message: 'Số CCCD/định danh: gồm 12 chữ số (hoặc 9 chữ số CMND cũ)' });
  const phone = str(a.phone).replace(/[\s.]/g, '');
  if (phone && !/^(0|\+84)\d{9,10}$/.test(phone)) problems.push({ field: 'phone', message: 'Số điện thoại: 10 chữ số, bắt đầu bằng 0' });
  const address = str(a.address);
  if (!address) problems.push({ field: 'address', message: 'Địa chỉ: bắt buộc' });
  const email = str(a.email);
  if (email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) problems.push({ field: 'email', message: 'Thư điện tử: không đúng định dạng' });
  return { value: { fullName, idNumber, phone, address, email }, problems };
}

/** Dossier code as printed on Form 01, e.g. "000.00.12.H40-201001-0001"; loose on purpose. */
export function checkTrackingInput(code: unknown, idNumber: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const c = str(code);
  if (!c) problems.push({ field: 'code', message: 'Mã hồ sơ: bắt buộc (in trên giấy tiếp nhận)' });
  else if (c.length > 64 || !/^[A-Za-z0-9.\-_/]+$/.test(c))
    problems.push({ field: 'code', message: 'Mã hồ sơ: chỉ gồm chữ, số và dấu . - /' });
  if (!/^(\d{9}|\d{12})$/.test(str(idNumber))) problems.push({ field: 'idNumber', message: 'Số CCCD: gồm 12 chữ số' });
  return problems;
}
