// The authorization matrix's moving parts: the callers (every role, of the target's own unit or
// agency and of another), each RPC's request for a target, and the answer classes compared with
// the expected table in authz-matrix.e2e.spec.ts.
import * as grpc from '@grpc/grpc-js';
import { common, intake, postal, processing, reporting } from '@onestop/contracts';
import { ROLES, type Role } from '@onestop/grpc-kit';
import { householdBusiness } from './fixtures';

export type Scope = 'own' | 'other';
export { ROLES };

/** The caller's unit: the target's desk (TRUCNINH) or agency (TCKH) for "own", another for "other". */
export function unitOf(role: Role, scope: Scope): string {
  const agencyStaff = role === 'specialist' || role === 'leader';
  if (scope === 'own') return agencyStaff ? 'TCKH' : 'TRUCNINH';
  return agencyStaff ? 'TNMT' : 'XTRUCCHINH';
}

/** Officer ids as the fixtures' workflow expects them (the case is assigned to cv01). */
export function officerOf(role: Role, scope: Scope): string {
  const base: Record<Role, string> = {
    desk_officer: 'desk01',
    specialist: 'cv01',
    leader: 'ld01',
    postal_provider: 'bd-0042',
    it_admin: 'it01',
    auditor: 'audit01',
    citizen_portal: 'portal',
    service: 'svc',
  };
  return scope === 'own' ? base[role] : `${base[role]}-x`;
}

/** The targets the matrix acts on. */
export interface Targets {
  /** A counter dossier of TRUCNINH handled by TCKH: reads and non-destructive commands. */
  dossierId: string;
  dossierCode: string;
  idNumber: string;
  /** Another dossier of the same unit and agency, for processing's commands that end or move a case. */
  caseToEnd: string;
  /** A third, for intake's withdrawal. */
  toWithdraw: string;
  /** A fourth, moved to another agency by TransferToAgency. */
  toTransfer: string;
  /** A pickup requested for TRUCNINH, ordered from the provider, and its waybill. */
  shipmentId: string;
  waybillNumber: string;
}

type Message = { encode(m: unknown): { finish(): Uint8Array }; fromPartial(p: unknown): unknown };
export interface Rpc {
  /** "intake.GetDossier" */
  key: string;
  path: string;
  message: Message;
  /** The request, for a caller of this role (list scopes follow the caller's kind). */
  request(t: Targets, role: Role): Record<string, unknown>;
  /** The same request on another target (for "a request id reused on another target"). */
  retarget?(request: Record<string, unknown>, t: Targets): Record<string, unknown>;
}

const period = { fromDate: '2026-01-01', toDate: '2026-12-31' };
const now = () => new Date();
const scopeFor = (role: Role) =>
  role === 'specialist' || role === 'leader' ? { unitCode: '', agencyCode: 'TCKH' } : { unitCode: 'TRUCNINH', agencyCode: '' };
const onDossier = (r: Record<string, unknown>, t: Targets) => ({
  ...r,
  dossierId: r.dossierId === t.dossierId ? t.caseToEnd : t.dossierId,
});
const doc = (componentCode: string, form: common.DocumentForm) => ({ componentCode, form, count: 1, fileRef: '' });

const I = 'onestop.intake.v1.IntakeService';
const P = 'onestop.processing.v1.ProcessingService';
const M = 'onestop.postal.v1.PostalService';
const R = 'onestop.reporting.v1.ReportingService';

function rpc(service: string, pkg: Record<string, unknown>, name: string, request: Rpc['request'], retarget?: Rpc['retarget']): Rpc {
  const short = service.split('.')[1];
  return { key: `${short}.${name}`, path: `/${service}/${name}`, message: pkg[`${name}Request`] as Message, request, retarget };
}

/** Every RPC of the four services, in the order the matrix runs them (destructive ones last on their target). */
export const RPCS: Rpc[] = [
  rpc(I, intake, 'GetProcedure', () => ({ procedureCode: 'TCKH-01' })),
  rpc(I, intake, 'GetDossier', (t) => ({ key: { $case: 'dossierId', dossierId: t.dossierId } })),
  rpc(I, intake, 'GetReceiptSlip', (t) => ({ dossierId: t.dossierId })),
  rpc(I, intake, 'ListOnlineQueue', () => ({ unitCode: 'TRUCNINH' })),
  rpc(
    I,
    intake,
    'SubmitDossier',
    () => ({ ...householdBusiness() }),
    (r) => ({ ...r, unitCode: 'XTRUCCHINH' }),
  ),
  rpc(I, intake, 'ReceiveOnlineDossier', (t) => ({ dossierId: t.dossierId, refusalReason: '' }), onDossier),
  rpc(
    I,
    intake,
    'RecordSupplement',
    (t) => ({ dossierId: t.dossierId, documents: [doc('CCCD', common.DocumentForm.DOCUMENT_FORM_COPY)] }),
    onDossier,
  ),
  rpc(
    I,
    intake,
    'ReturnResult',
    (t) => ({ dossierId: t.dossierId, method: common.ResultDelivery.RESULT_DELIVERY_COUNTER, recipientName: 'Người nhận' }),
    onDossier,
  ),
  rpc(
    I,
    intake,
    'RecordResultDelivery',
    (t) => ({
      dossierId: t.dossierId,
      delivered: true,
      at: now(),
      waybillNumber: 'VN000000001',
      recipientName: 'Người nhận',
      shipmentId: 's-1',
    }),
    onDossier,
  ),
  rpc(
    I,
    intake,
    'EvaluateSatisfaction',
    (t) => ({ dossierId: t.dossierId, scores: [{ criterion: 'thái độ phục vụ', score: 5 }], comment: '' }),
    onDossier,
  ),
  rpc(
    I,
    intake,
    'RequestWithdrawal',
    (t) => ({ dossierId: t.toWithdraw, reason: 'công dân xin rút' }),
    (r, t) => ({ ...r, dossierId: t.dossierId }),
  ),
  rpc(
    I,
    intake,
    'ConfirmWithdrawal',
    (t) => ({ dossierId: t.toWithdraw }),
    (r, t) => ({ ...r, dossierId: t.dossierId }),
  ),

  rpc(P, processing, 'GetWorkflow', () => ({ procedureCode: 'TCKH-01' })),
  rpc(P, processing, 'GetCase', (t) => ({ dossierId: t.dossierId })),
  rpc(P, processing, 'ListWorkQueue', () => ({ agencyCode: 'TCKH', officerId: '', queue: 1 })),
  rpc(P, processing, 'AssignOfficer', (t) => ({ dossierId: t.dossierId, officerId: 'cv01', note: '' }), onDossier),
  rpc(
    P,
    processing,
    'RequestConsultation',
    (t) => ({ dossierId: t.dossierId, consultedAgencyCode: 'TNMT', question: 'Ý kiến về địa điểm?', answerBudgetWorkingHours: 8 }),
    onDossier,
  ),
  rpc(P, processing, 'RecordConsultationAnswer', (t) => ({ dossierId: t.dossierId, consultationId: 'c-1', answer: 'Đồng ý' }), onDossier),
  rpc(
    P,
    processing,
    'NotifyFinancialObligation',
    (t) => ({ dossierId: t.dossierId, fees: [{ code: 'LEPHI', name: 'Lệ phí', amountVnd: 100_000 }], note: '' }),
    onDossier,
  ),
  rpc(
    P,
    processing,
    'RecordFinancialObligationFulfilled',
    (t) => ({ dossierId: t.dossierId, receiptNumber: 'BL-1', amountVnd: 100_000, paidAt: now() }),
    onDossier,
  ),
  rpc(
    P,
    processing,
    'RequestSupplement',
    (t) => ({
      dossierId: t.dossierId,
      items: [{ componentCode: 'CCCD', componentName: 'Căn cước công dân', problem: 'bản sao mờ' }],
      reason: 'bổ sung',
    }),
    onDossier,
  ),
  rpc(P, processing, 'CompleteStep', (t) => ({ dossierId: t.dossierId, stepCode: 'appraise', note: '' }), onDossier),
  rpc(
    P,
    processing,
    'SendBackStep',
    (t) => ({ dossierId: t.dossierId, stepCode: 'approve', toStepCode: 'appraise', reason: 'xem lại' }),
    onDossier,
  ),
  rpc(
    P,
    processing,
    'IssueApology',
    (t) => ({ dossierId: t.dossierId, reason: 'chậm', newDueAt: new Date(Date.now() + 30 * 86_400_000) }),
    onDossier,
  ),
  rpc(
    P,
    processing,
    'IssueResult',
    (t) => ({ dossierId: t.caseToEnd, resultSummary: 'Giấy chứng nhận', documentNumber: '07A8000001' }),
    (r, t) => ({ ...r, dossierId: t.dossierId }),
  ),
  // to an agency neither caller belongs to, so that "own" and "other" keep their meaning afterwards
  rpc(
    P,
    processing,
    'TransferToAgency',
    (t) => ({ dossierId: t.toTransfer, toAgencyCode: 'TUPHAP', reason: 'sai thẩm quyền' }),
    (r, t) => ({
      ...r,
      dossierId: t.dossierId,
    }),
  ),
  rpc(
    P,
    processing,
    'StopProcessing',
    (t) => ({ dossierId: t.caseToEnd, reason: 'dừng' }),
    (r, t) => ({ ...r, dossierId: t.dossierId }),
  ),

  rpc(M, postal, 'QuoteFee', () => ({ leg: 1, fromAddress: 'xã Trực Đại', toAddress: 'huyện Trực Ninh', codAmountVnd: 0 })),
  rpc(M, postal, 'GetShipment', (t) => ({ key: { $case: 'shipmentId', shipmentId: t.shipmentId } })),
  {
    ...rpc(M, postal, 'GetShipment', (t) => ({ key: { $case: 'waybillNumber', waybillNumber: t.waybillNumber } })),
    key: 'postal.GetShipment(by waybill)',
  },
  rpc(M, postal, 'ListPendingPickups', () => ({ unitCode: 'TRUCNINH' })),
  rpc(M, postal, 'ListFailedDeliveries', () => ({ unitCode: 'TRUCNINH' })),
  rpc(M, postal, 'GetReconciliation', () => ({ unitCode: 'TRUCNINH', from: new Date(Date.now() - 86_400_000), to: now() })),
  rpc(
    M,
    postal,
    'RequestPickup',
    () => {
      const { unitCode, procedureCode, applicant } = householdBusiness();
      return { unitCode, procedureCode, applicant, resultDelivery: common.ResultDelivery.RESULT_DELIVERY_POST, note: '' };
    },
    (r) => ({ ...r, unitCode: 'XTRUCCHINH' }),
  ),
  rpc(
    M,
    postal,
    'RecordCollection',
    (t) => ({
      shipmentId: t.shipmentId,
      documents: [doc('GIAYDK', common.DocumentForm.DOCUMENT_FORM_ORIGINAL), doc('CCCD', common.DocumentForm.DOCUMENT_FORM_COPY)],
      sealed: true,
      feesCollectedVnd: 0,
      feeReceiptNumber: '',
      collectedBy: 'bd-0042',
      collectedAt: now(),
    }),
    (r) => ({ ...r, shipmentId: 's-unknown' }),
  ),
  rpc(
    M,
    postal,
    'RecordHandover',
    (t) => ({
      shipmentId: t.shipmentId,
      handedBy: 'bd-0042',
      documents: [doc('GIAYDK', common.DocumentForm.DOCUMENT_FORM_ORIGINAL), doc('CCCD', common.DocumentForm.DOCUMENT_FORM_COPY)],
      feesHandedOverVnd: 0,
      feeReceiptNumber: '',
      handedOverAt: now(),
    }),
    (r) => ({ ...r, shipmentId: 's-unknown' }),
  ),
  rpc(
    M,
    postal,
    'RecordCodRemittance',
    (t) => ({ shipmentId: t.shipmentId, amountVnd: 0, receiptNumber: 'NT-1' }),
    (r) => ({
      ...r,
      shipmentId: 's-unknown',
    }),
  ),
  rpc(
    M,
    postal,
    'CancelPickup',
    (t) => ({ shipmentId: t.shipmentId, reason: 'công dân tự nộp' }),
    (r) => ({ ...r, shipmentId: 's-unknown' }),
  ),

  rpc(R, reporting, 'GetDossier', (t) => ({ key: { $case: 'dossierId', dossierId: t.dossierId } })),
  rpc(R, reporting, 'GetDossierAsOf', (t) => ({ key: { $case: 'dossierCode', dossierCode: t.dossierCode }, asOf: now() })),
  rpc(R, reporting, 'LookupDossier', (t) => ({ dossierCode: t.dossierCode, idNumber: t.idNumber })),
  rpc(R, reporting, 'ListWorkQueue', (_t, role) => ({ ...scopeFor(role), limit: 10 })),
  rpc(R, reporting, 'ListOverdueDossiers', (_t, role) => ({ ...scopeFor(role), limit: 10 })),
  rpc(R, reporting, 'GetDossierRegister', (_t, role) => ({ ...scopeFor(role), period })),
  rpc(R, reporting, 'GetOfficialReport', () => ({ period, grouping: 1, asOf: undefined })),
  rpc(R, reporting, 'GetPeriodStatistics', () => ({ period })),
  rpc(R, reporting, 'ExportOfficialReport', () => ({ period, grouping: 1, format: 1, reportingBody: 'UBND huyện Trực Ninh' })),
  rpc(R, reporting, 'GetProjectionStatus', () => ({})),
];

/** An answer's class as the table writes it. */
export function classOf(code: grpc.status): string {
  const names: Partial<Record<grpc.status, string>> = {
    [grpc.status.OK]: 'ok',
    [grpc.status.PERMISSION_DENIED]: 'deny',
    [grpc.status.NOT_FOUND]: 'nf',
    [grpc.status.FAILED_PRECONDITION]: 'pre',
    [grpc.status.INVALID_ARGUMENT]: 'inv',
    [grpc.status.ALREADY_EXISTS]: 'dup',
    [grpc.status.ABORTED]: 'abt',
    [grpc.status.RESOURCE_EXHAUSTED]: 'lim',
    [grpc.status.UNAUTHENTICATED]: 'unauth',
  };
  return names[code] ?? `!${grpc.status[code]}`;
}

/** Encodes a request of the RPC, with the request id when the message has one. */
export function encode(r: Rpc, request: Record<string, unknown>, requestId?: string): Buffer {
  const withId = requestId === undefined ? request : { ...request, requestId };
  return Buffer.from(r.message.encode(r.message.fromPartial(withId)).finish());
}

/** Whether the RPC's request carries a request id (a command). */
export function isCommand(r: Rpc): boolean {
  const sample = r.message.fromPartial({}) as Record<string, unknown>;
  return 'requestId' in sample;
}
