// The one-stop desk: find a procedure, receive a dossier (Form 01 / 02 / 03), the dossiers waiting
// at the desk (results to return, supplements to record), return, satisfaction.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { common, type intake } from '@onestop/contracts';
import { ApiError, identityOf } from '../adapters/gateway';
import type { AppContext } from '../http/context';
import { searchProcedures } from '../domain/text';
import { checkSubmission } from '../domain/validation';
import { problemInVietnamese, refusalInVietnamese } from '../domain/vietnamese';

const DESK = ['desk_officer'] as const;
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
const requestIdOf = (body: unknown) => {
  const r = (body as { requestId?: unknown })?.requestId;
  return typeof r === 'string' && /^[\w-]{8,80}$/.test(r) ? r : randomUUID();
};

export function outcomeJson(res: intake.SubmitDossierResponse | intake.ReceiveOnlineDossierResponse) {
  const o = res.outcome;
  switch (o?.$case) {
    case 'received':
      return { kind: 'received', ...o.received };
    case 'incomplete':
      return {
        kind: 'incomplete',
        ...o.incomplete,
        problems: o.incomplete.problems.map((p) => ({ ...p, problem: problemInVietnamese(p.problem) })),
      };
    case 'refused':
      return { kind: 'refused', ...o.refused, reason: refusalInVietnamese(o.refused.reason) };
    case 'submittedOnline':
      return { kind: 'submitted_online', ...o.submittedOnline };
    default:
      throw new ApiError(502, 'Dịch vụ tiếp nhận trả về kết quả không rõ.');
  }
}

export function deskRoutes(app: FastifyInstance, ctx: AppContext): void {
  const g = ctx.gateway;

  app.get('/api/procedures', async (req) => {
    await ctx.requireStaff(req);
    const q = String((req.query as { q?: string }).q ?? '');
    return { procedures: searchProcedures(ctx.reference.procedures, q, 30) };
  });

  app.get('/api/procedures/:code', async (req) => {
    const s = await ctx.requireStaff(req);
    const { code } = req.params as { code: string };
    const res = await g.as(identityOf(s.user), 'intake', g.intake.getProcedure.bind(g.intake), { procedureCode: code });
    return { procedure: res.procedure, fieldName: ctx.reference.fields[res.procedure?.fieldCode ?? ''] ?? '' };
  });

  app.post('/api/dossiers', async (req) => {
    const s = await ctx.requireStaff(req, DESK);
    const checked = checkSubmission(req.body ?? {});
    if (!checked.ok) throw new ApiError(400, 'Vui lòng sửa các trường được đánh dấu.', checked.problems);
    const v = checked.value;
    const res = await g.as(identityOf(s.user), 'intake', g.intake.submitDossier.bind(g.intake), {
      requestId: requestIdOf(req.body),
      channel: v.channel === 'postal' ? common.Channel.CHANNEL_POSTAL : common.Channel.CHANNEL_COUNTER,
      unitCode: s.user.unitCode,
      procedureCode: v.procedureCode,
      applicant: v.applicant,
      documents: v.documents.map((d) => ({ componentCode: d.componentCode, form: FORM[d.form], count: d.count, fileRef: '' })),
      resultDelivery: DELIVERY[v.resultDelivery],
      postalHandover: undefined,
    });
    return { outcome: outcomeJson(res), deskName: ctx.reference.units[s.user.unitCode] ?? s.user.unitCode };
  });

  app.get('/api/dossiers/:key', async (req) => {
    const s = await ctx.requireStaff(req, DESK);
    const { key } = req.params as { key: string };
    const k = /^[0-9a-f-]{36}$/i.test(key)
      ? { $case: 'dossierId' as const, dossierId: key }
      : { $case: 'dossierCode' as const, dossierCode: key };
    const res = await g.as(identityOf(s.user), 'intake', g.intake.getDossier.bind(g.intake), { key: k });
    return { dossier: res.dossier };
  });

  app.get('/api/dossiers/:id/receipt', async (req) => {
    const s = await ctx.requireStaff(req, DESK);
    const { id } = req.params as { id: string };
    const res = await g.as(identityOf(s.user), 'intake', g.intake.getReceiptSlip.bind(g.intake), { dossierId: id });
    return { receipt: res.receiptSlip, deskName: ctx.reference.units[s.user.unitCode] ?? s.user.unitCode };
  });

  /** Dossiers of the desk's unit waiting for the desk: results ready, supplements asked for. */
  app.get('/api/desk/waiting', async (req) => {
    const s = await ctx.requireStaff(req, DESK);
    const res = await g.as(identityOf(s.user), 'reporting', g.reporting.listWorkQueue.bind(g.reporting), {
      unitCode: s.user.unitCode,
      agencyCode: '',
      limit: 500,
    });
    const S = common.NationalStatus;
    const items = res.items.filter(
      (i) => i.status === S.NATIONAL_STATUS_RESULT_READY || i.status === S.NATIONAL_STATUS_SUPPLEMENT_REQUESTED,
    );
    return { items };
  });

  app.post('/api/dossiers/:id/return', async (req) => {
    const s = await ctx.requireStaff(req, DESK);
    const { id } = req.params as { id: string };
    const body = (req.body ?? {}) as { recipientName?: unknown };
    const recipientName = typeof body.recipientName === 'string' ? body.recipientName.trim() : '';
    if (!recipientName)
      throw new ApiError(400, 'Vui lòng nhập người nhận kết quả.', [{ field: 'recipientName', message: 'Người nhận kết quả: bắt buộc' }]);
    const res = await g.as(identityOf(s.user), 'intake', g.intake.returnResult.bind(g.intake), {
      requestId: requestIdOf(req.body),
      dossierId: id,
      method: common.ResultDelivery.RESULT_DELIVERY_COUNTER,
      recipientName,
    });
    return { dossier: res.dossier };
  });

  app.post('/api/dossiers/:id/satisfaction', async (req) => {
    const s = await ctx.requireStaff(req, DESK);
    const { id } = req.params as { id: string };
    const body = (req.body ?? {}) as { scores?: unknown; comment?: unknown };
    const scores = Array.isArray(body.scores) ? (body.scores as { criterion?: unknown; score?: unknown }[]) : [];
    const clean = scores
      .filter((x) => typeof x.criterion === 'string' && x.criterion)
      .map((x) => ({ criterion: String(x.criterion), score: Number(x.score) }));
    const bad = clean.filter((x) => !Number.isInteger(x.score) || x.score < 1 || x.score > 5);
    if (!clean.length || bad.length) {
      throw new ApiError(
        400,
        'Vui lòng chọn mức hài lòng cho từng tiêu chí.',
        (bad.length ? bad : [{ criterion: 'thái độ phục vụ' }]).map((b) => ({
          field: `score-${b.criterion}`,
          message: `${b.criterion}: chọn từ 1 đến 5`,
        })),
      );
    }
    const res = await g.as(identityOf(s.user), 'intake', g.intake.evaluateSatisfaction.bind(g.intake), {
      requestId: requestIdOf(req.body),
      dossierId: id,
      scores: clean,
      comment: typeof body.comment === 'string' ? body.comment.slice(0, 1000) : '',
    });
    return { dossier: res.dossier };
  });

  app.post('/api/dossiers/:id/supplement', async (req) => {
    const s = await ctx.requireStaff(req, DESK);
    const { id } = req.params as { id: string };
    const body = (req.body ?? {}) as { documents?: unknown };
    const docs = Array.isArray(body.documents) ? (body.documents as { componentCode?: unknown; form?: unknown; count?: unknown }[]) : [];
    const documents = docs
      .filter((d) => typeof d.componentCode === 'string' && d.componentCode)
      .map((d) => ({
        componentCode: String(d.componentCode),
        form: FORM[String(d.form)] ?? common.DocumentForm.DOCUMENT_FORM_COPY,
        count: Math.max(1, Number(d.count) || 1),
        fileRef: '',
      }));
    if (!documents.length)
      throw new ApiError(400, 'Chọn ít nhất một giấy tờ công dân đã bổ sung.', [
        { field: 'documents', message: 'Giấy tờ bổ sung: chọn ít nhất một' },
      ]);
    const res = await g.as(identityOf(s.user), 'intake', g.intake.recordSupplement.bind(g.intake), {
      requestId: requestIdOf(req.body),
      dossierId: id,
      documents,
    });
    return { dossier: res.dossier };
  });
}
