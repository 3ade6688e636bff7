// The ProcessingService through a real gRPC server (bearer tokens, error mapping) on the real
// store: every action, the queues and the Form 05 history, the way an agency's client uses them.
import { status as Status, type ServiceError } from '@grpc/grpc-js';
import { common, processing as pb, processingEvents as ev } from '@onestop/contracts';
import { call, fieldViolationsOf, type Identity, type TokenIssuer } from '@onestop/grpc-kit';
import { loadCalendar } from '@onestop/calendar';
import { at } from '../../domain/fixtures.spec';
import { receivedDossier, TestClock, type Processing } from '../../int-support.spec';
import { type ProcessingApi, startProcessingApi } from './api-harness.spec';

const clock = new TestClock(at('2020-10-05 08:00'));
let api: ProcessingApi;
let issuer: TokenIssuer;
let p: Processing;
let client: pb.ProcessingServiceClient;

const LEADER: Identity = { officerId: 'tp-leader', role: 'leader', unitCode: 'TUPHAP' };
const SPECIALIST: Identity = { officerId: 'tp-specialist', role: 'specialist', unitCode: 'TUPHAP' };
const TNMT: Identity = { officerId: 'tnmt-1', role: 'specialist', unitCode: 'TNMT' };
const AUDITOR: Identity = { officerId: 'audit-1', role: 'auditor', unitCode: 'UBND' };

beforeAll(async () => {
  api = await startProcessingApi(clock);
  ({ p, client, issuer } = api);
});
afterAll(() => api.close());

let counter = 0;
const rid = (label: string) => `${label}-${++counter}`;

type Method<Req, Res> = (req: Req, md: never, opts: never, cb: (e: ServiceError | null, r: Res) => void) => unknown;
async function as<Req, Res>(who: Identity, method: Method<Req, Res>, req: Req): Promise<Res> {
  return call<Req, Res>(method.bind(client) as never, req, { token: await issuer.issue(who) });
}
async function failure<Req, Res>(who: Identity, method: Method<Req, Res>, req: Req): Promise<ServiceError> {
  try {
    await as(who, method, req);
  } catch (err) {
    return err as ServiceError;
  }
  throw new Error('expected the call to fail');
}

async function openCase(overrides = {}): Promise<string> {
  clock.set(at('2020-10-05 08:00'));
  const d = receivedDossier(overrides);
  await p.facts.apply(
    { type: 'DossierReceived', data: d },
    { eventId: `received-${d.dossierId}`, actor: { officerId: 'desk-1', role: 'desk_officer', unitCode: 'TRUCNINH' } },
  );
  return d.dossierId;
}

const supplementArrives = (dossierId: string, receivedAt: Date, newDueAt: Date) =>
  p.facts.apply(
    {
      type: 'SupplementReceived',
      data: {
        dossierId,
        documents: [],
        receivedAt,
        policy: 'pause',
        previousDueAt: undefined,
        newDueAt,
        waitedWorkingHours: 2,
        calendarVersion: '',
      },
    },
    { eventId: `supplement-${dossierId}-${receivedAt.toISOString()}` },
  );

const inQueue = async (who: Identity, queue: pb.WorkQueue, dossierId: string, officerId = '') =>
  (await as(who, client.listWorkQueue, { agencyCode: '', officerId, queue, page: undefined })).items.some((i) => i.dossierId === dossierId);

describe('ProcessingService over gRPC', () => {
  it('takes a dossier from assignment to the issued result, with every hand-off on Form 05', async () => {
    const dossierId = await openCase();
    expect(await inQueue(LEADER, pb.WorkQueue.WORK_QUEUE_NEW, dossierId)).toBe(true);

    clock.set(at('2020-10-05 09:00'));
    const denied = await failure(SPECIALIST, client.assignOfficer, {
      requestId: rid('assign'),
      dossierId,
      officerId: 'tp-specialist',
      note: '',
      expectedVersion: 0,
    });
    expect(denied.code).toBe(Status.PERMISSION_DENIED);
    const assignReq = { requestId: rid('assign'), dossierId, officerId: 'tp-specialist', note: 'xử lý gấp', expectedVersion: 1 };
    const assigned = await as(LEADER, client.assignOfficer, assignReq);
    expect(assigned.case).toMatchObject({
      version: 2,
      assigneeOfficerId: 'tp-specialist',
      currentStep: { code: 'appraise', kind: ev.StepKind.STEP_KIND_WORK },
      status: common.NationalStatus.NATIONAL_STATUS_PROCESSING,
    });
    expect(await as(LEADER, client.assignOfficer, assignReq)).toEqual(assigned); // a retry
    expect(await inQueue(SPECIALIST, pb.WorkQueue.WORK_QUEUE_IN_PROGRESS, dossierId, 'tp-specialist')).toBe(true);

    // Supplement (status 5), resumed by intake, asked again: the second request is flagged.
    clock.set(at('2020-10-05 10:00'));
    const items = [{ componentCode: 'TOKHAI', componentName: 'Tờ khai', problem: 'thiếu chữ ký' }];
    const first = await as(SPECIALIST, client.requestSupplement, {
      requestId: rid('supp'),
      dossierId,
      items,
      reason: 'chưa hợp lệ',
      expectedVersion: 0,
    });
    expect(first).toMatchObject({
      requestNumber: 1,
      repeatedRequest: false,
      case: { status: common.NationalStatus.NATIONAL_STATUS_SUPPLEMENT_REQUESTED, state: pb.CaseState.CASE_STATE_AWAITING_SUPPLEMENT },
    });
    expect(await inQueue(LEADER, pb.WorkQueue.WORK_QUEUE_AWAITING_CITIZEN, dossierId)).toBe(true);
    await supplementArrives(dossierId, at('2020-10-05 14:00'), at('2020-10-08 12:00'));
    clock.set(at('2020-10-05 15:00'));
    const second = await as(SPECIALIST, client.requestSupplement, {
      requestId: rid('supp'),
      dossierId,
      items,
      reason: '',
      expectedVersion: 0,
    });
    expect(second).toMatchObject({ requestNumber: 2, repeatedRequest: true });
    await supplementArrives(dossierId, at('2020-10-05 16:00'), at('2020-10-08 14:00'));

    // Financial obligation (status 6) and payment (back to 4).
    clock.set(at('2020-10-05 16:30'));
    const fee = { code: 'LP', name: 'Lệ phí', amountVnd: 15000, collectedAt: common.FeeCollection.FEE_COLLECTION_AT_RETURN };
    const owed = await as(SPECIALIST, client.notifyFinancialObligation, {
      requestId: rid('fee'),
      dossierId,
      fees: [fee],
      note: '',
      expectedVersion: 0,
    });
    expect(owed.case?.status).toBe(common.NationalStatus.NATIONAL_STATUS_AWAITING_PAYMENT);
    expect(await inQueue(LEADER, pb.WorkQueue.WORK_QUEUE_AWAITING_PAYMENT, dossierId)).toBe(true);
    const paid = await as(SPECIALIST, client.recordFinancialObligationFulfilled, {
      requestId: rid('paid'),
      dossierId,
      receiptNumber: 'BL-1',
      amountVnd: 0,
      paidAt: undefined,
      expectedVersion: 0,
    });
    expect(paid.case?.financialObligation).toMatchObject({ fulfilled: true, totalVnd: 15000 });

    // Consultation with another agency, answered by that agency.
    clock.set(at('2020-10-06 08:00'));
    const asked = await as(SPECIALIST, client.requestConsultation, {
      requestId: rid('ask'),
      dossierId,
      consultedAgencyCode: 'TNMT',
      question: 'Xác minh',
      answerBudgetWorkingHours: 4,
      expectedVersion: 0,
    });
    expect(asked.consultationId).not.toBe('');
    expect(await inQueue(LEADER, pb.WorkQueue.WORK_QUEUE_AWAITING_AGENCY, dossierId)).toBe(true);
    const blocked = await failure(SPECIALIST, client.completeStep, {
      requestId: rid('done'),
      dossierId,
      stepCode: 'appraise',
      note: '',
      expectedVersion: 0,
    });
    expect(blocked.code).toBe(Status.FAILED_PRECONDITION);
    await as(TNMT, client.recordConsultationAnswer, {
      requestId: rid('answer'),
      dossierId,
      consultationId: asked.consultationId,
      answer: 'Đúng hiện trạng',
      expectedVersion: 0,
    });

    // Appraisal done; a specialist cannot approve as a leader; the leader approves; the result is issued.
    clock.set(at('2020-10-06 10:00'));
    await as(SPECIALIST, client.completeStep, { requestId: rid('done'), dossierId, stepCode: 'appraise', note: '', expectedVersion: 0 });
    const notLeader = await failure(SPECIALIST, client.completeStep, {
      requestId: rid('approve'),
      dossierId,
      stepCode: 'approve',
      note: '',
      expectedVersion: 0,
    });
    expect(notLeader.code).toBe(Status.PERMISSION_DENIED);
    await as(LEADER, client.completeStep, {
      requestId: rid('approve'),
      dossierId,
      stepCode: 'approve',
      note: 'đồng ý',
      expectedVersion: 0,
    });
    clock.set(at('2020-10-07 09:00'));
    const issued = await as(SPECIALIST, client.issueResult, {
      requestId: rid('issue'),
      dossierId,
      resultSummary: 'Trích lục cải chính',
      documentNumber: '12/TLCC',
      expectedVersion: 0,
    });
    expect(issued.case).toMatchObject({
      status: common.NationalStatus.NATIONAL_STATUS_RESULT_READY,
      state: pb.CaseState.CASE_STATE_RESULT_ISSUED,
      supplementRequestCount: 2,
      result: { timeliness: ev.Timeliness.TIMELINESS_EARLY, documentNumber: '12/TLCC' },
      currentStep: undefined,
    });

    const { case: c } = await as(AUDITOR, client.getCase, { dossierId });
    expect(c?.handOffs.map((h) => `${h.fromUnitCode}->${h.toUnitCode} ${h.givenBy}->${h.receivedBy || '-'}`)).toEqual([
      'TRUCNINH->TUPHAP desk-1->-',
      'TUPHAP->TUPHAP tp-leader->tp-specialist',
      'TUPHAP->TRUCNINH tp-specialist->-',
      'TRUCNINH->TUPHAP ->tp-specialist',
      'TUPHAP->TRUCNINH tp-specialist->-',
      'TRUCNINH->TUPHAP ->tp-specialist',
      'TUPHAP->TNMT tp-specialist->-',
      'TNMT->TUPHAP tnmt-1->tp-specialist',
      'TUPHAP->TUPHAP tp-specialist->-',
      'TUPHAP->TUPHAP tp-leader->tp-specialist',
      'TUPHAP->TRUCNINH tp-specialist->-',
    ]);
    expect(c?.handOffs.every((h) => h.handedAt instanceof Date)).toBe(true);
  });

  it('apologises at most once, and only a working day ahead', async () => {
    const dossierId = await openCase();
    clock.set(at('2020-10-07 09:00')); // 7 working hours before Thursday 08:00
    const late = await failure(LEADER, client.issueApology, {
      requestId: rid('sorry'),
      dossierId,
      reason: 'cần xác minh',
      newDueAt: at('2020-10-12 17:00'),
      expectedVersion: 0,
    });
    expect(late.code).toBe(Status.FAILED_PRECONDITION);
    expect(late.details).toMatch(/at least 1 working day before/);
    clock.set(at('2020-10-06 09:00'));
    const ok = await as(LEADER, client.issueApology, {
      requestId: rid('sorry'),
      dossierId,
      reason: 'cần xác minh',
      newDueAt: at('2020-10-12 17:00'),
      expectedVersion: 0,
    });
    expect(ok.case).toMatchObject({
      dueAt: at('2020-10-12 17:00'),
      originalDueAt: at('2020-10-08 08:00'),
      apology: { issuedBy: 'tp-leader' },
    });
    const twice = await failure(LEADER, client.issueApology, {
      requestId: rid('sorry'),
      dossierId,
      reason: 'lần nữa',
      newDueAt: at('2020-10-14 17:00'),
      expectedVersion: 0,
    });
    expect(twice.code).toBe(Status.FAILED_PRECONDITION);
    expect(twice.details).toMatch(/only once/);
  });

  it('issue 15 §6: refuses an apology date outside the calendar (year 10000, past its last year) before it is spent', async () => {
    const dossierId = await openCase();
    clock.set(at('2020-10-06 09:00'));
    const { lastYear } = loadCalendar().coverage;
    for (const newDueAt of [new Date('+010000-01-01T00:00:00Z'), new Date(Date.UTC(lastYear + 1, 5, 1))]) {
      const err = await failure(LEADER, client.issueApology, {
        requestId: rid('sorry'),
        dossierId,
        reason: 'cần xác minh',
        newDueAt,
        expectedVersion: 0,
      });
      expect(err.code).toBe(Status.INVALID_ARGUMENT);
      expect(fieldViolationsOf(err).map((v) => v.field)).toEqual(['new_due_at']);
    }
    // nothing was recorded: the one apology allowed is still there to give
    const ok = await as(LEADER, client.issueApology, {
      requestId: rid('sorry'),
      dossierId,
      reason: 'cần xác minh',
      newDueAt: at('2020-10-12 17:00'),
      expectedVersion: 0,
    });
    expect(ok.case?.dueAt).toEqual(at('2020-10-12 17:00'));
  });

  it('transfers to another agency and stops processing', async () => {
    const dossierId = await openCase();
    clock.set(at('2020-10-05 09:00'));
    const moved = await as(LEADER, client.transferToAgency, {
      requestId: rid('move'),
      dossierId,
      toAgencyCode: 'KTHT',
      reason: 'sai thẩm quyền',
      expectedVersion: 0,
    });
    expect(moved.case).toMatchObject({ agencyCode: 'KTHT', assigneeOfficerId: '', currentStep: { code: 'assign' } });
    expect(
      (await failure(LEADER, client.stopProcessing, { requestId: rid('stop'), dossierId, reason: 'x', expectedVersion: 0 })).code,
    ).toBe(Status.PERMISSION_DENIED);
    const ktLeader: Identity = { officerId: 'kt-leader', role: 'leader', unitCode: 'KTHT' };
    const stopped = await as(ktLeader, client.stopProcessing, {
      requestId: rid('stop'),
      dossierId,
      reason: 'không đủ điều kiện',
      expectedVersion: 0,
    });
    expect(stopped.case).toMatchObject({ status: common.NationalStatus.NATIONAL_STATUS_STOPPED, stopReason: 'không đủ điều kiện' });
  });

  it('answers INVALID_ARGUMENT naming the fields, ABORTED for a stale version, NOT_FOUND for an unknown case', async () => {
    const bad = await failure(LEADER, client.assignOfficer, {
      requestId: '',
      dossierId: 'not-a-uuid',
      officerId: 'x',
      note: '',
      expectedVersion: 0,
    });
    expect(bad.code).toBe(Status.INVALID_ARGUMENT);
    expect(fieldViolationsOf(bad).map((v) => v.field)).toEqual(['request_id', 'dossier_id']);
    const missing = await failure(LEADER, client.assignOfficer, {
      requestId: rid('a'),
      dossierId: await openCase(),
      officerId: '',
      note: '',
      expectedVersion: 0,
    });
    expect(fieldViolationsOf(missing)).toEqual([{ field: 'officer_id', description: 'is required' }]);

    const dossierId = await openCase();
    clock.set(at('2020-10-05 09:00'));
    await as(LEADER, client.assignOfficer, { requestId: rid('a'), dossierId, officerId: 'tp-specialist', note: '', expectedVersion: 1 });
    const stale = await failure(LEADER, client.assignOfficer, {
      requestId: rid('a'),
      dossierId,
      officerId: 'tp-specialist-2',
      note: '',
      expectedVersion: 1,
    });
    expect(stale.code).toBe(Status.ABORTED);
    const unknown = await failure(LEADER, client.getCase, { dossierId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.code).toBe(Status.NOT_FOUND);
  });

  it("lists queues only for the caller's own agency and describes workflows", async () => {
    const other = await failure(LEADER, client.listWorkQueue, {
      agencyCode: 'TNMT',
      officerId: '',
      queue: pb.WorkQueue.WORK_QUEUE_NEW,
      page: undefined,
    });
    expect(other.code).toBe(Status.PERMISSION_DENIED);
    const noQueue = await failure(LEADER, client.listWorkQueue, {
      agencyCode: '',
      officerId: '',
      queue: pb.WorkQueue.WORK_QUEUE_UNSPECIFIED,
      page: undefined,
    });
    expect(fieldViolationsOf(noQueue).map((v) => v.field)).toEqual(['queue']);
    const wf = await as(SPECIALIST, client.getWorkflow, { procedureCode: 'TP-CT-01' });
    expect(wf).toMatchObject({ workflowId: 'same-day', isDefault: false });
    expect(wf.steps.map((s) => s.code)).toEqual(['assign', 'appraise', 'issue']);
  });
});
