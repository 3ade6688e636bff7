// The post at the desk (dịch vụ bưu chính công ích) through postal-delivery's gRPC API: pickups to
// arrange (the desk asks the post to collect a dossier), the postal worker's collection record, the
// hand-over record at the desk (the dossier is then submitted to intake), shipments with their
// tracking history, failed deliveries, cash on delivery handed over, and the reconciliation of the
// fees the post collected.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { common } from '@onestop/contracts';
import { ApiError, identityOf } from '../adapters/gateway';
import type { AppContext } from '../http/context';
import { checkApplicant } from '../domain/validation';

const DESK = ['desk_officer'] as const;
const POSTAL_STAFF = ['desk_officer', 'postal_worker'] as const;
const FORM: Record<string, common.DocumentForm> = {
  original: common.DocumentForm.DOCUMENT_FORM_ORIGINAL,
  copy: common.DocumentForm.DOCUMENT_FORM_COPY,
  certified_copy: common.DocumentForm.DOCUMENT_FORM_CERTIFIED_COPY,
};
const DELIVERY: Record<string, common.ResultDelivery> = {
  counter: common.ResultDelivery.RESULT_DELIVERY_COUNTER,
  post: common.ResultDelivery.RESULT_DELIVERY_POST,
  electronic: common.ResultDelivery.RESULT_DELIVERY_ELECTRONIC,
};
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const text = (v: unknown, max = 300) => (typeof v === 'string' ? v.trim().slice(0, max) : '');
const requestIdOf = (b: Record<string, unknown>) =>
  typeof b.requestId === 'string' && /^[\w-]{8,80}$/.test(b.requestId) ? b.requestId : randomUUID();

/** Documents tallied on a form: [{componentCode, form, count}] → the contract's shape. */
function documentsOf(v: unknown): common.SubmittedDocument[] {
  const docs = Array.isArray(v) ? (v as Record<string, unknown>[]) : [];
  return docs
    .filter((d) => typeof d.componentCode === 'string' && d.componentCode)
    .map((d) => ({
      componentCode: String(d.componentCode),
      form: FORM[String(d.form)] ?? common.DocumentForm.DOCUMENT_FORM_COPY,
      count: Math.max(1, Math.min(99, Number(d.count) || 1)),
      fileRef: '',
    }));
}

/** A non-negative whole amount of đồng, or a field error. */
function amountOf(v: unknown, field: string, label: string, problems: { field: string; message: string }[]): number {
  const n = v === '' || v === undefined || v === null ? 0 : Number(v);
  if (!Number.isInteger(n) || n < 0) problems.push({ field, message: `${label}: số tiền không hợp lệ (số nguyên đồng, không âm)` });
  return Number.isInteger(n) && n >= 0 ? n : 0;
}

export function postalRoutes(app: FastifyInstance, ctx: AppContext): void {
  const g = ctx.gateway;
  const P = g.postal;

  app.get('/api/postal/pickups', async (req) => {
    const s = await ctx.requireStaff(req, POSTAL_STAFF);
    const res = await g.as(identityOf(s.user), 'postal', P.listPendingPickups.bind(P), {
      unitCode: s.user.unitCode,
      page: { pageSize: 200, pageToken: '' },
    });
    return { shipments: res.shipments };
  });

  app.get('/api/postal/failed', async (req) => {
    const s = await ctx.requireStaff(req, POSTAL_STAFF);
    const res = await g.as(identityOf(s.user), 'postal', P.listFailedDeliveries.bind(P), {
      unitCode: s.user.unitCode,
      page: { pageSize: 200, pageToken: '' },
    });
    return { shipments: res.shipments };
  });

  app.get('/api/postal/shipments', async (req) => {
    const s = await ctx.requireStaff(req, POSTAL_STAFF);
    const q = text((req.query as { q?: string }).q, 80);
    if (!q) throw new ApiError(400, 'Nhập mã hồ sơ, số vận đơn hoặc mã bưu gửi.', [{ field: 'q', message: 'Mã tra cứu: bắt buộc' }]);
    const key = /^[0-9a-f-]{36}$/i.test(q)
      ? { $case: 'shipmentId' as const, shipmentId: q }
      : /-\d{6}-\d+$/.test(q)
        ? { $case: 'dossierCode' as const, dossierCode: q }
        : { $case: 'waybillNumber' as const, waybillNumber: q };
    const res = await g.as(identityOf(s.user), 'postal', P.getShipment.bind(P), { key });
    return { shipments: res.shipments };
  });

  app.get('/api/postal/reconciliation', async (req) => {
    const s = await ctx.requireStaff(req, POSTAL_STAFF);
    const { from, to } = req.query as { from?: string; to?: string };
    const fields = [];
    if (!from || !DATE.test(from)) fields.push({ field: 'recFrom', message: 'Từ ngày: chọn một ngày' });
    if (!to || !DATE.test(to)) fields.push({ field: 'recTo', message: 'Đến ngày: chọn một ngày' });
    if (!fields.length && from! > to!) fields.push({ field: 'recTo', message: 'Đến ngày: phải sau hoặc bằng Từ ngày' });
    if (fields.length) throw new ApiError(400, 'Vui lòng sửa kỳ đối soát.', fields);
    // Whole days in Vietnam's time: [from 00:00, the day after `to` 00:00) at UTC+7.
    const start = new Date(`${from}T00:00:00+07:00`);
    const end = new Date(new Date(`${to}T00:00:00+07:00`).getTime() + 86_400_000);
    const res = await g.as(identityOf(s.user), 'postal', P.getReconciliation.bind(P), { unitCode: s.user.unitCode, from: start, to: end });
    return res;
  });

  app.post('/api/postal/pickups', async (req) => {
    const s = await ctx.requireStaff(req, DESK);
    const b = (req.body ?? {}) as Record<string, unknown>;
    const checked = checkApplicant(b.applicant);
    const problems = [...checked.problems];
    const procedureCode = text(b.procedureCode, 40);
    if (!procedureCode) problems.push({ field: 'procedure', message: 'Thủ tục: chọn một thủ tục' });
    const delivery = DELIVERY[text(b.resultDelivery, 20) || 'counter'];
    if (delivery === undefined) problems.push({ field: 'resultDelivery', message: 'Nơi nhận kết quả: không hợp lệ' });
    if (problems.length) throw new ApiError(400, 'Vui lòng sửa các trường được đánh dấu.', problems);
    const res = await g.as(identityOf(s.user), 'postal', P.requestPickup.bind(P), {
      requestId: requestIdOf(b),
      unitCode: s.user.unitCode,
      procedureCode,
      applicant: checked.value,
      pickupFrom: undefined,
      resultDelivery: delivery,
      note: text(b.note, 500),
    });
    return { shipment: res.shipment };
  });

  app.post('/api/postal/shipments/:id/collection', async (req) => {
    const s = await ctx.requireStaff(req, ['postal_worker']);
    const { id } = req.params as { id: string };
    const b = (req.body ?? {}) as Record<string, unknown>;
    const problems: { field: string; message: string }[] = [];
    const documents = documentsOf(b.documents);
    if (!documents.length) problems.push({ field: 'documents', message: 'Giấy tờ đã kiểm đếm: chọn ít nhất một' });
    if (b.sealed !== true) problems.push({ field: 'sealed', message: 'Niêm phong: phải niêm phong bưu gửi trước mặt người nộp' });
    const fees = amountOf(b.feesCollectedVnd, 'feesCollectedVnd', 'Phí, lệ phí đã thu', problems);
    const receipt = text(b.feeReceiptNumber, 60);
    if (fees > 0 && !receipt) problems.push({ field: 'feeReceiptNumber', message: 'Số biên lai: bắt buộc khi có thu phí' });
    if (problems.length) throw new ApiError(400, 'Vui lòng sửa các trường được đánh dấu.', problems);
    const res = await g.as(identityOf(s.user), 'postal', P.recordCollection.bind(P), {
      requestId: requestIdOf(b),
      shipmentId: id,
      documents,
      sealed: true,
      feesCollectedVnd: fees,
      feeReceiptNumber: receipt,
      collectedBy: s.user.displayName || s.user.username,
      collectedAt: undefined,
    });
    return { shipment: res.shipment, missing: res.missing };
  });

  app.post('/api/postal/shipments/:id/handover', async (req) => {
    const s = await ctx.requireStaff(req, DESK);
    const { id } = req.params as { id: string };
    const b = (req.body ?? {}) as Record<string, unknown>;
    const problems: { field: string; message: string }[] = [];
    const handedBy = text(b.handedBy, 120);
    if (!handedBy) problems.push({ field: 'handedBy', message: 'Nhân viên bưu chính bàn giao: bắt buộc' });
    const documents = documentsOf(b.documents);
    if (!documents.length) problems.push({ field: 'documents', message: 'Giấy tờ nhận bàn giao: chọn ít nhất một' });
    const fees = amountOf(b.feesHandedOverVnd, 'feesHandedOverVnd', 'Phí, lệ phí bàn giao', problems);
    const receipt = text(b.feeReceiptNumber, 60);
    if (fees > 0 && !receipt) problems.push({ field: 'feeReceiptNumber', message: 'Số biên lai: bắt buộc khi có bàn giao tiền' });
    if (problems.length) throw new ApiError(400, 'Vui lòng sửa các trường được đánh dấu.', problems);
    const res = await g.as(identityOf(s.user), 'postal', P.recordHandover.bind(P), {
      requestId: requestIdOf(b),
      shipmentId: id,
      handedBy,
      documents,
      feesHandedOverVnd: fees,
      feeReceiptNumber: receipt,
      handedOverAt: undefined,
    });
    return { shipment: res.shipment };
  });

  app.post('/api/postal/shipments/:id/cod', async (req) => {
    const s = await ctx.requireStaff(req, DESK);
    const { id } = req.params as { id: string };
    const b = (req.body ?? {}) as Record<string, unknown>;
    const problems: { field: string; message: string }[] = [];
    const amount = amountOf(b.amountVnd, 'amountVnd', 'Số tiền thu hộ bàn giao', problems);
    if (amount <= 0) problems.push({ field: 'amountVnd', message: 'Số tiền thu hộ bàn giao: phải lớn hơn 0' });
    const receipt = text(b.receiptNumber, 60);
    if (!receipt) problems.push({ field: 'receiptNumber', message: 'Số biên lai: bắt buộc' });
    if (problems.length) throw new ApiError(400, 'Vui lòng sửa các trường được đánh dấu.', problems);
    const res = await g.as(identityOf(s.user), 'postal', P.recordCodRemittance.bind(P), {
      requestId: requestIdOf(b),
      shipmentId: id,
      amountVnd: amount,
      receiptNumber: receipt,
    });
    return { shipment: res.shipment };
  });

  app.post('/api/postal/shipments/:id/cancel', async (req) => {
    const s = await ctx.requireStaff(req, DESK);
    const { id } = req.params as { id: string };
    const b = (req.body ?? {}) as Record<string, unknown>;
    const reason = text(b.reason, 500);
    if (!reason) throw new ApiError(400, 'Nhập lý do hủy.', [{ field: 'cancelReason', message: 'Lý do hủy: bắt buộc' }]);
    const res = await g.as(identityOf(s.user), 'postal', P.cancelPickup.bind(P), { requestId: requestIdOf(b), shipmentId: id, reason });
    return { shipment: res.shipment };
  });
}
