// The handling agency: work queues, a case with its Form 05 hand-offs, and only the actions the
// officer may take at the current step.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { processing } from '@onestop/contracts';
import { ApiError, identityOf } from '../adapters/gateway';
import type { AppContext } from '../http/context';
import { allowedActions, type OfficerAction } from '../domain/actions';
import { timeLeft, type TimeLeft } from '../domain/deadline';

const AGENCY = ['specialist', 'leader'] as const;
const Q = processing.WorkQueue;
export const QUEUES: Record<string, processing.WorkQueue> = {
  new: Q.WORK_QUEUE_NEW,
  in_progress: Q.WORK_QUEUE_IN_PROGRESS,
  due_soon: Q.WORK_QUEUE_DUE_SOON,
  overdue: Q.WORK_QUEUE_OVERDUE,
  awaiting_citizen: Q.WORK_QUEUE_AWAITING_CITIZEN,
  awaiting_payment: Q.WORK_QUEUE_AWAITING_PAYMENT,
  awaiting_agency: Q.WORK_QUEUE_AWAITING_AGENCY,
};

const text = (v: unknown, max = 2000) => (typeof v === 'string' ? v.trim().slice(0, max) : '');

export function agencyRoutes(app: FastifyInstance, ctx: AppContext): void {
  const g = ctx.gateway;
  const P = g.processing;

  app.get('/api/queue', async (req) => {
    const s = await ctx.requireStaff(req, AGENCY);
    const { queue = 'in_progress', mine } = req.query as { queue?: string; mine?: string };
    const q = QUEUES[queue];
    if (q === undefined) throw new ApiError(400, 'Hàng đợi không hợp lệ', [{ field: 'queue', message: `Hàng đợi không có: ${queue}` }]);
    const res = await g.as(identityOf(s.user), 'processing', P.listWorkQueue.bind(P), {
      agencyCode: s.user.unitCode,
      officerId: mine === '1' ? s.user.username : '',
      queue: q,
      page: { pageSize: 200, pageToken: '' },
    });
    return { items: res.items };
  });

  app.get('/api/cases/:id', async (req) => {
    const s = await ctx.requireStaff(req, AGENCY);
    const { id } = req.params as { id: string };
    const who = identityOf(s.user);
    const { case: c } = await g.as(who, 'processing', P.getCase.bind(P), { dossierId: id });
    if (!c) throw new ApiError(404, 'Không tìm thấy hồ sơ');
    const wf = await g.as(who, 'processing', P.getWorkflow.bind(P), { procedureCode: c.procedureCode });
    const actionRoles = Object.fromEntries(wf.actionRoles.map((a) => [a.action, a.roles]));
    const actions = allowedActions(
      {
        state: c.state,
        agencyCode: c.agencyCode,
        assigneeOfficerId: c.assigneeOfficerId,
        steps: c.steps.map((x) => ({ code: x.code, kind: x.kind, roles: x.roles, assigneeOnly: x.assigneeOnly })),
        currentStep: c.currentStep ? { code: c.currentStep.code, kind: c.currentStep.kind, roles: c.currentStep.roles } : undefined,
        apologised: Boolean(c.apology),
      },
      actionRoles,
      { officerId: s.user.username, role: s.user.role, unitCode: s.user.unitCode },
    );
    const officers = (await ctx.store.list())
      .filter((u) => u.unitCode === c.agencyCode && u.role === 'specialist')
      .map((u) => ({ username: u.username, displayName: u.displayName }));
    const components = actions.includes('request_supplement')
      ? ((await g.as(who, 'intake', g.intake.getProcedure.bind(g.intake), { procedureCode: c.procedureCode }).catch(() => undefined))
          ?.procedure?.components ?? [])
      : [];
    return { case: c, actions, officers, components, units: ctx.reference.units, timeLeft: timeLeftOf(ctx, c, new Date()) };
  });

  app.post('/api/cases/:id/:action', async (req) => {
    const s = await ctx.requireStaff(req, AGENCY);
    const { id, action } = req.params as { id: string; action: OfficerAction };
    const b = (req.body ?? {}) as Record<string, unknown>;
    const who = identityOf(s.user);
    const base = {
      requestId: typeof b.requestId === 'string' ? b.requestId : randomUUID(),
      dossierId: id,
      expectedVersion: Number(b.expectedVersion) || 0,
    };
    const need = (field: string, label: string) => {
      const v = text(b[field]);
      if (!v) throw new ApiError(400, `${label}: bắt buộc`, [{ field, message: `${label}: bắt buộc` }]);
      return v;
    };
    let res: { case?: processing.Case | undefined };
    switch (action) {
      case 'assign':
        res = await g.as(who, 'processing', P.assignOfficer.bind(P), {
          ...base,
          officerId: need('officerId', 'Chuyên viên thụ lý'),
          note: text(b.note),
        });
        break;
      case 'complete_step':
        res = await g.as(who, 'processing', P.completeStep.bind(P), { ...base, stepCode: need('stepCode', 'Bước'), note: text(b.note) });
        break;
      case 'send_back':
        res = await g.as(who, 'processing', P.sendBackStep.bind(P), {
          ...base,
          stepCode: need('stepCode', 'Bước'),
          toStepCode: need('toStepCode', 'Trả về bước'),
          reason: need('reason', 'Lý do trả lại'),
        });
        break;
      case 'request_supplement': {
        const reason = text(b.reason);
        const items = (Array.isArray(b.items) ? (b.items as Record<string, unknown>[]) : [])
          .map((i) => ({
            componentCode: text(i.componentCode, 40),
            componentName: text(i.componentName, 300),
            problem: text(i.problem, 500),
          }))
          .filter((i) => i.componentCode || i.componentName);
        const problems = [
          ...(items.length ? [] : [{ field: 'items', message: 'Giấy tờ cần bổ sung: chọn ít nhất một' }]),
          ...(reason ? [] : [{ field: 'reason', message: 'Nội dung yêu cầu bổ sung: bắt buộc' }]),
        ];
        if (problems.length) throw new ApiError(400, 'Vui lòng sửa các trường được đánh dấu.', problems);
        res = await g.as(who, 'processing', P.requestSupplement.bind(P), {
          ...base,
          items: items.map((i) => ({ ...i, problem: i.problem || reason })),
          reason,
        });
        break;
      }
      case 'issue_result':
        res = await g.as(who, 'processing', P.issueResult.bind(P), {
          ...base,
          resultSummary: need('resultSummary', 'Kết quả giải quyết'),
          documentNumber: text(b.documentNumber, 60),
        });
        break;
      case 'apologize': {
        const when = new Date(need('newDueAt', 'Ngày hẹn trả mới'));
        if (Number.isNaN(when.getTime()))
          throw new ApiError(400, 'Ngày hẹn trả mới không hợp lệ', [{ field: 'newDueAt', message: 'Ngày hẹn trả mới: không hợp lệ' }]);
        res = await g.as(who, 'processing', P.issueApology.bind(P), { ...base, reason: need('reason', 'Lý do xin lỗi'), newDueAt: when });
        break;
      }
      case 'stop':
        res = await g.as(who, 'processing', P.stopProcessing.bind(P), { ...base, reason: need('reason', 'Lý do dừng xử lý') });
        break;
      default:
        throw new ApiError(404, 'Thao tác không có');
    }
    return { case: res.case };
  });
}

const RUNNING = new Set([processing.CaseState.CASE_STATE_IN_PROGRESS]);
const PAUSED = new Set([processing.CaseState.CASE_STATE_AWAITING_SUPPLEMENT, processing.CaseState.CASE_STATE_AWAITING_PAYMENT]);

/** Working hours left to the dossier's deadline, or undefined once processing has ended. */
export function timeLeftOf(ctx: Pick<AppContext, 'calendar' | 'dueSoonLeadHours'>, c: processing.Case, now: Date): TimeLeft | undefined {
  if (!c.dueAt || !(RUNNING.has(c.state) || PAUSED.has(c.state))) return undefined;
  let cal = ctx.calendar;
  try {
    cal = ctx.calendar.forUnit(c.unitCode);
  } catch {
    // a unit without its own office hours keeps the national ones
  }
  const due = new Date(c.dueAt);
  const hours = now <= due ? cal.workingHoursBetween(now, due) : -cal.workingHoursBetween(due, now);
  return timeLeft(hours, ctx.dueSoonLeadHours, PAUSED.has(c.state));
}
