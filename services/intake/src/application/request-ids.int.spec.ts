// Request ids on the real event store (issue 9 §1, issue 15 §2/§10): a reused request id answers
// only the same command on the same dossier for a caller entitled to it now; any other reuse is
// ALREADY_EXISTS naming only the request id, and nothing is executed or disclosed. Concurrent
// retries of one request all get the first answer; the platform's own ids cannot be claimed.
import { derivedRequestId } from '@onestop/commands';
import { completeDocuments, R, NationalStatus, vn } from '../testing/fixtures.spec';
import { counterSubmission, type DeskHarness, eventTypes, meta, openDesk, rid, refusedAs } from '../testing/desk-harness.spec';
import { processingFactRequestId } from './desk';

let h: DeskHarness;

beforeAll(async () => {
  h = await openDesk('request_ids');
  h.clock.now = vn('2026-03-04 09:00');
});

afterAll(async () => {
  await h?.close();
});

const trucNinh = (requestId: string) => meta(requestId, 'desk01', 'desk_officer', 'TRUCNINH');
const xuanTruong = (requestId: string) => meta(requestId, 'xa01', 'desk_officer', 'XTRUCCHINH');

const fact = (dossierId: string, status: number) => ({
  dossierId,
  status,
  at: h.clock.now,
  sourceEventId: rid('evt'),
  sourceEventType: 'onestop.processing.v1.ResultIssued',
});

/** A dossier of `unit` whose result is ready to return, received by one of its officers. */
async function readyDossier(unit: 'TRUCNINH' | 'XTRUCCHINH'): Promise<string> {
  const submission =
    unit === 'TRUCNINH'
      ? counterSubmission()
      : counterSubmission({ unitCode: 'XTRUCCHINH', procedureCode: 'XA-HT-01', documents: completeDocuments('XA-HT-01') });
  const res = await h.desk.submitDossier(submission, unit === 'TRUCNINH' ? trucNinh(rid('submit')) : xuanTruong(rid('submit')));
  if (res.outcome?.$case !== 'received') throw new Error(`expected a receipt, got ${res.outcome?.$case}`);
  const { dossierId } = res.outcome.received;
  await h.desk.noteProcessingFact(fact(dossierId, NationalStatus.NATIONAL_STATUS_RESULT_READY));
  return dossierId;
}

describe('the attack: a request id reused by another unit, on another dossier, for another command', () => {
  let dossierA: string;
  let dossierB: string;
  let requestId: string;
  let firstAnswer: Awaited<ReturnType<DeskHarness['desk']['returnResult']>>;

  beforeAll(async () => {
    dossierA = await readyDossier('TRUCNINH');
    dossierB = await readyDossier('XTRUCCHINH');
    requestId = rid('return-a');
    firstAnswer = await h.desk.returnResult(dossierA, R.RESULT_DELIVERY_COUNTER, 'Nguyễn Văn An', trucNinh(requestId));
  });

  it('refuses another unit’s officer returning their own dossier B with it: ALREADY_EXISTS, nothing of A disclosed, B not touched', async () => {
    const commits = await h.commits();
    const err = await h.desk
      .returnResult(dossierB, R.RESULT_DELIVERY_COUNTER, 'Trần Thị Bình', xuanTruong(requestId))
      .catch((e: Error) => e);
    expect(err).toMatchObject(refusedAs('already_exists'));
    const message = (err as Error).message;
    expect(message).toContain(`request_id ${requestId}`);
    for (const secret of [
      dossierA,
      firstAnswer.applicant?.idNumber ?? '(no id)',
      firstAnswer.applicant?.fullName ?? '(no name)',
      firstAnswer.dossierCode,
    ]) {
      expect(message).not.toContain(secret);
    }
    expect(await h.commits()).toBe(commits);
    expect(await eventTypes(h.streams, dossierB)).toEqual(['DossierReceived', 'ProcessingStatusNoted']);
  });

  it.each([
    [
      'another unit’s officer, the same command on the same dossier',
      () => h.desk.returnResult(dossierA, R.RESULT_DELIVERY_COUNTER, 'X', xuanTruong(requestId)),
    ],
    [
      'the same officer, the same command on another dossier',
      () => h.desk.returnResult(dossierB, R.RESULT_DELIVERY_COUNTER, 'X', trucNinh(requestId)),
    ],
    ['the same officer, another command on the same dossier', () => h.desk.requestWithdrawal(dossierA, 'x', trucNinh(requestId))],
    ['a submission', () => h.desk.submitDossier(counterSubmission(), trucNinh(requestId))],
  ])('refuses %s with ALREADY_EXISTS and writes nothing', async (_what, call) => {
    const commits = await h.commits();
    await expect(call()).rejects.toMatchObject(refusedAs('already_exists'));
    expect(await h.commits()).toBe(commits);
  });

  it('answers the same officer’s retry of the same command on the same dossier with the first answer', async () => {
    await expect(h.desk.returnResult(dossierA, R.RESULT_DELIVERY_COUNTER, 'Nguyễn Văn An', trucNinh(requestId))).resolves.toEqual(
      firstAnswer,
    );
  });

  it('does not let a submission to another unit replay a submission’s answer', async () => {
    const submitId = rid('submit');
    await h.desk.submitDossier(counterSubmission(), trucNinh(submitId));
    const commits = await h.commits();
    const other = counterSubmission({ unitCode: 'XTRUCCHINH', procedureCode: 'XA-HT-01', documents: completeDocuments('XA-HT-01') });
    await expect(h.desk.submitDossier(other, xuanTruong(submitId))).rejects.toMatchObject(refusedAs('already_exists'));
    expect(await h.commits()).toBe(commits);
  });
});

describe('concurrent retries of one request', () => {
  it('given 20 concurrent identical RequestWithdrawal, when they race, then all get the first answer and one withdrawal is recorded', async () => {
    // Withdrawal may be requested once: a retry that decided on the first attempt's state would be refused.
    const res = await h.desk.submitDossier(counterSubmission(), trucNinh(rid('submit')));
    if (res.outcome?.$case !== 'received') throw new Error('expected a receipt');
    const fresh = res.outcome.received.dossierId;
    const requestId = rid('withdraw');
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => h.desk.requestWithdrawal(fresh, 'moving abroad', trucNinh(requestId))),
    );
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0].withdrawalRequested).toBe(true);
    expect(await eventTypes(h.streams, fresh)).toEqual(['DossierReceived', 'WithdrawalRequested']);
  });
});

describe('request ids the platform derives itself', () => {
  it('keeps processing facts in the platform’s namespace', () => {
    expect(processingFactRequestId('e-1')).toBe(derivedRequestId('intake.processing-event', 'e-1'));
  });

  it('given a client id equal to a processing event id, when the fact is mirrored, then the client’s earlier use does not swallow it', async () => {
    const res = await h.desk.submitDossier(counterSubmission(), trucNinh(rid('submit')));
    if (res.outcome?.$case !== 'received') throw new Error('expected a receipt');
    const eventId = rid('evt');
    // A client that guessed the event id and used it as its own request id first...
    await h.desk.requestWithdrawal(res.outcome.received.dossierId, 'x', trucNinh(eventId));
    // ...does not stop the fact from being recorded: the fact's request id is namespaced.
    await h.desk.noteProcessingFact({
      ...fact(res.outcome.received.dossierId, NationalStatus.NATIONAL_STATUS_PROCESSING),
      sourceEventId: eventId,
    });
    expect(await eventTypes(h.streams, res.outcome.received.dossierId)).toEqual([
      'DossierReceived',
      'WithdrawalRequested',
      'ProcessingStatusNoted',
    ]);
  });
});
