// The desk's use cases on the real event store: retries by request id, request ids reused for
// another command, concurrent commands on one dossier, and processing facts mirrored once.
import { F, R, NationalStatus, vn, doc } from '../testing/fixtures.spec';
import {
  counterSubmission,
  type DeskHarness,
  eventTypes,
  LoadBarrier,
  meta,
  openDesk,
  rid,
  refusal,
  refusedAs,
} from '../testing/desk-harness.spec';

let h: DeskHarness;

beforeAll(async () => {
  h = await openDesk('commands');
});

afterAll(async () => {
  await h?.close();
});

async function submit(requestId = rid('submit')) {
  const res = await h.desk.submitDossier(counterSubmission(), meta(requestId));
  if (res.outcome?.$case !== 'received') throw new Error(`expected a receipt, got ${res.outcome?.$case}`);
  return res.outcome.received;
}

const fact = (dossierId: string, status: number, sourceEventId = rid('evt')) => ({
  dossierId,
  status,
  at: h.clock.now,
  sourceEventId,
  sourceEventType:
    status === NationalStatus.NATIONAL_STATUS_RESULT_READY ? 'onestop.processing.v1.ResultIssued' : 'onestop.processing.v1.CaseOpened',
});

async function readyDossier(): Promise<string> {
  const { dossierId } = await submit();
  await h.desk.noteProcessingFact(fact(dossierId, NationalStatus.NATIONAL_STATUS_PROCESSING));
  await h.desk.noteProcessingFact(fact(dossierId, NationalStatus.NATIONAL_STATUS_RESULT_READY));
  return dossierId;
}

function settled<T>(results: PromiseSettledResult<T>[]) {
  return {
    won: results.filter((r) => r.status === 'fulfilled'),
    lost: results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as Error),
  };
}

describe('a retried request id', () => {
  it('given a received dossier, when SubmitDossier is retried later with its request id, then the first answer comes back and nothing is written', async () => {
    h.clock.now = vn('2026-03-04 09:00');
    const requestId = rid('submit');
    const first = await h.desk.submitDossier(counterSubmission(), meta(requestId));
    const commits = await h.commits();
    h.clock.now = vn('2026-03-04 10:30');
    const again = await h.desk.submitDossier(counterSubmission(), meta(requestId));
    expect(again).toEqual(first);
    expect(first.outcome?.$case === 'received' && first.outcome.received.receivedAt).toEqual(vn('2026-03-04 09:00'));
    expect(await h.commits()).toBe(commits);
  });

  it('given two copies of one SubmitDossier at once, when both run, then both get the same single receipt', async () => {
    const requestId = rid('submit-twice');
    const before = await h.commits();
    const [a, b] = await Promise.all([
      h.desk.submitDossier(counterSubmission(), meta(requestId)),
      h.desk.submitDossier(counterSubmission(), meta(requestId)),
    ]);
    expect(b).toEqual(a);
    expect(a.outcome?.$case).toBe('received');
    expect(await h.commits()).toBe(before + 1);
  });

  it('given a returned result, when ReturnResult is retried after the dossier moved on, then the first answer comes back and nothing is written', async () => {
    const dossierId = await readyDossier();
    const requestId = rid('return');
    const first = await h.desk.returnResult(dossierId, R.RESULT_DELIVERY_COUNTER, 'Nguyễn Văn An', meta(requestId));
    expect([first.status, first.version]).toEqual([NationalStatus.NATIONAL_STATUS_RESULT_RETURNED, 4]);
    await h.desk.evaluateSatisfaction(dossierId, [{ criterion: 'timeliness', score: 5 }], '', meta(rid('evaluate')));
    const commits = await h.commits();
    const again = await h.desk.returnResult(dossierId, R.RESULT_DELIVERY_COUNTER, 'Nguyễn Văn An', meta(requestId));
    expect(again).toEqual(first);
    expect(await h.commits()).toBe(commits);
    expect(await eventTypes(h.streams, dossierId)).toEqual([
      'DossierReceived',
      'ProcessingStatusNoted',
      'ProcessingStatusNoted',
      'ResultReturned',
      'SatisfactionEvaluated',
    ]);
  });

  it('given a refused command, when it is retried, then it is decided again (a refusal is not stored)', async () => {
    const { dossierId } = await submit();
    const requestId = rid('early-return');
    const commits = await h.commits();
    await expect(h.desk.returnResult(dossierId, R.RESULT_DELIVERY_COUNTER, 'An', meta(requestId))).rejects.toThrow(
      'the result is not ready to return (status NATIONAL_STATUS_RECEIVED)',
    );
    expect(await h.commits()).toBe(commits);
    await h.desk.noteProcessingFact(fact(dossierId, NationalStatus.NATIONAL_STATUS_RESULT_READY));
    expect((await h.desk.returnResult(dossierId, R.RESULT_DELIVERY_COUNTER, 'An', meta(requestId))).status).toBe(
      NationalStatus.NATIONAL_STATUS_RESULT_RETURNED,
    );
  });
});

describe('a request id reused for another command', () => {
  it('given a request id used to submit, when used to request withdrawal, then it is refused and nothing is written', async () => {
    const requestId = rid('reused');
    const { dossierId } = await submit(requestId);
    const commits = await h.commits();
    await expect(h.desk.requestWithdrawal(dossierId, 'moving abroad', meta(requestId))).rejects.toThrow(
      `request_id ${requestId} was already used for another request; use a new request id`,
    );
    expect(await h.commits()).toBe(commits);
    expect(await eventTypes(h.streams, dossierId)).toEqual(['DossierReceived']);
  });

  it('given a request id used for a supplement, when used to submit, then it is refused', async () => {
    const { dossierId } = await submit();
    await h.desk.noteProcessingFact(fact(dossierId, NationalStatus.NATIONAL_STATUS_SUPPLEMENT_REQUESTED));
    const requestId = rid('supplement');
    await h.desk.recordSupplement(dossierId, [doc('CCCD', F.DOCUMENT_FORM_COPY)], meta(requestId));
    await expect(h.desk.submitDossier(counterSubmission(), meta(requestId))).rejects.toMatchObject(refusedAs('already_exists'));
    await expect(h.desk.submitDossier(counterSubmission(), meta(requestId))).rejects.toThrow(
      `request_id ${requestId} was already used for another request; use a new request id`,
    );
  });
});

describe('concurrent commands on one dossier', () => {
  it('given a ready result, when the counter return and the postal delivery race, then exactly one is recorded', async () => {
    const dossierId = await readyDossier();
    const barrier = new LoadBarrier(h.store, 2);
    const desk = h.deskOn(barrier);
    const results = await Promise.allSettled([
      desk.returnResult(dossierId, R.RESULT_DELIVERY_COUNTER, 'Nguyễn Văn An', meta(rid('counter'))),
      desk.recordResultDelivery(
        {
          requestId: '',
          dossierId,
          delivered: true,
          at: h.clock.now,
          waybillNumber: 'EB1VN',
          recipientName: 'Trần Thị Bình',
          failureReason: '',
          shipmentId: 'S-1',
        },
        meta(rid('post'), 'postal-delivery', 'service', ''),
      ),
    ]);
    const { won, lost } = settled(results);
    expect([won.length, lost.length, barrier.conflicts]).toEqual([1, 1, 1]);
    expect(lost[0]).toMatchObject(refusedAs('precondition'));
    expect(lost[0].message).toMatch(/\(status NATIONAL_STATUS_RESULT_RETURNED\)$/);
    const { events, actors } = await h.streams.load(dossierId);
    expect(events.filter((e) => e.type === 'ResultReturned')).toHaveLength(1);
    expect(actors[3]).toEqual(
      won[0] === results[0] ? meta('x').actor : { officerId: 'postal-delivery', role: 'service', unitCode: 'TRUCNINH' },
    );
  });

  it('given a ready result, when two officers return it at once, then one return is recorded and the other is refused', async () => {
    const dossierId = await readyDossier();
    const barrier = new LoadBarrier(h.store, 2);
    const desk = h.deskOn(barrier);
    const results = await Promise.allSettled([
      desk.returnResult(dossierId, R.RESULT_DELIVERY_COUNTER, 'An', meta(rid('a'))),
      desk.returnResult(dossierId, R.RESULT_DELIVERY_ELECTRONIC, 'An', meta(rid('b'), 'desk02')),
    ]);
    const { won, lost } = settled(results);
    expect([won.length, barrier.conflicts]).toEqual([1, 1]);
    expect(lost).toEqual([refusal('precondition', 'the result is not ready to return (status NATIONAL_STATUS_RESULT_RETURNED)')]);
    expect(await eventTypes(h.streams, dossierId)).toEqual([
      'DossierReceived',
      'ProcessingStatusNoted',
      'ProcessingStatusNoted',
      'ResultReturned',
    ]);
  });

  it('given a requested withdrawal, when its confirmation races processing issuing the result, then only one of them takes effect', async () => {
    const { dossierId } = await submit();
    await h.desk.noteProcessingFact(fact(dossierId, NationalStatus.NATIONAL_STATUS_PROCESSING));
    await h.desk.requestWithdrawal(dossierId, 'moving abroad', meta(rid('withdraw')));
    const barrier = new LoadBarrier(h.store, 2);
    const desk = h.deskOn(barrier);
    const [confirm, issued] = await Promise.allSettled([
      desk.confirmWithdrawal(dossierId, meta(rid('confirm'))),
      desk.noteProcessingFact(fact(dossierId, NationalStatus.NATIONAL_STATUS_RESULT_READY)),
    ]);
    expect(issued.status).toBe('fulfilled');
    expect(barrier.conflicts).toBe(1);
    const { state, events } = await h.streams.load(dossierId);
    const tail = events.slice(3).map((e) => (e.type === 'ProcessingStatusNoted' ? `Noted ${e.data.status}` : e.type));
    if (confirm.status === 'fulfilled') {
      expect([tail, state.status]).toEqual([['DossierWithdrawn'], NationalStatus.NATIONAL_STATUS_WITHDRAWN]);
    } else {
      expect(confirm.reason).toEqual(
        refusal('precondition', 'a dossier with status NATIONAL_STATUS_RESULT_READY can no longer be withdrawn'),
      );
      expect([tail, state.status]).toEqual([
        [`Noted ${NationalStatus.NATIONAL_STATUS_RESULT_READY}`],
        NationalStatus.NATIONAL_STATUS_RESULT_READY,
      ]);
    }
  });
});

describe('processing facts mirrored into the desk stream', () => {
  it('given the same source event twice, when noted, then one event is recorded', async () => {
    const { dossierId } = await submit();
    const f = fact(dossierId, NationalStatus.NATIONAL_STATUS_PROCESSING, rid('case-opened'));
    await h.desk.noteProcessingFact(f);
    const commits = await h.commits();
    await h.desk.noteProcessingFact(f);
    expect(await h.commits()).toBe(commits);
    const { events, actors } = await h.streams.load(dossierId);
    expect(events.map((e) => e.type)).toEqual(['DossierReceived', 'ProcessingStatusNoted']);
    expect(actors[1]).toEqual({ officerId: 'processing', role: 'service', unitCode: 'TRUCNINH' });
    expect(events[1].type === 'ProcessingStatusNoted' && [events[1].data.sourceEventId, events[1].data.status]).toEqual([
      f.sourceEventId,
      NationalStatus.NATIONAL_STATUS_PROCESSING,
    ]);
  });

  it('given the same source event delivered twice at once, when noted, then one event is recorded', async () => {
    const { dossierId } = await submit();
    const f = fact(dossierId, NationalStatus.NATIONAL_STATUS_PROCESSING, rid('case-opened'));
    await Promise.all([h.desk.noteProcessingFact(f), h.desk.noteProcessingFact(f)]);
    expect(await eventTypes(h.streams, dossierId)).toEqual(['DossierReceived', 'ProcessingStatusNoted']);
  });

  it('given another source event repeating the status, when noted, then nothing is recorded', async () => {
    const { dossierId } = await submit();
    await h.desk.noteProcessingFact(fact(dossierId, NationalStatus.NATIONAL_STATUS_PROCESSING));
    await h.desk.noteProcessingFact(fact(dossierId, NationalStatus.NATIONAL_STATUS_PROCESSING));
    expect(await eventTypes(h.streams, dossierId)).toEqual(['DossierReceived', 'ProcessingStatusNoted']);
  });

  it('given a fact for a dossier the desk does not know, when noted, then nothing is written', async () => {
    const commits = await h.commits();
    await h.desk.noteProcessingFact(fact('no-such-dossier', NationalStatus.NATIONAL_STATUS_PROCESSING));
    expect(await h.commits()).toBe(commits);
  });
});
