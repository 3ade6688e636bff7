// After receipt: withdrawal (until the result is ready), return of the result, delivery by post,
// satisfaction evaluation, and processing facts mirrored into the desk's stream.
import { common } from '@onestop/contracts';
import {
  C,
  dossier,
  dossierWithStatus,
  noted,
  procedure,
  R,
  received,
  refs,
  NationalStatus,
  submission,
  vn,
} from '../testing/fixtures.spec';
import {
  decideEvaluation,
  decideResultDelivery,
  decideReturn,
  decideSubmission,
  decideWithdrawalConfirmation,
  decideWithdrawalRequest,
  noteProcessingFact,
  type Decision,
} from './decide';
import { evolve, type DossierState } from './dossier';

const NOW = vn('2026-03-10 10:00');
const precondition = (message: string): Decision => ({ ok: false, rejection: { kind: 'precondition', message } });

function apply(state: DossierState, decision: Decision): DossierState {
  if (!decision.ok) throw new Error(`expected events, got ${JSON.stringify(decision.rejection)}`);
  return decision.events.reduce(evolve, state);
}

function onlineSubmitted(): DossierState {
  const o = decideSubmission(submission({ channel: C.CHANNEL_ONLINE }), vn('2026-03-07 22:10'), refs);
  if (o.kind !== 'event') throw new Error('expected an online submission');
  return dossier(o.event);
}

describe('withdrawal at the citizen’s request (status 7)', () => {
  it.each([
    ['submitted online (1)', () => onlineSubmitted()],
    ['received (2)', () => dossierWithStatus(NationalStatus.NATIONAL_STATUS_RECEIVED)],
    ['processing (4)', () => dossierWithStatus(NationalStatus.NATIONAL_STATUS_PROCESSING)],
    ['waiting for a supplement (5)', () => dossierWithStatus(NationalStatus.NATIONAL_STATUS_SUPPLEMENT_REQUESTED)],
    ['waiting for payment (6)', () => dossierWithStatus(NationalStatus.NATIONAL_STATUS_AWAITING_PAYMENT)],
  ])('given a dossier %s, when withdrawal is requested, then it is recorded', (_, state) => {
    expect(decideWithdrawalRequest(state(), 'moving abroad', NOW)).toEqual({
      ok: true,
      events: [{ type: 'WithdrawalRequested', data: { dossierId: 'd-1', reason: 'moving abroad', requestedAt: NOW } }],
    });
  });

  it.each([
    ['RESULT_READY', NationalStatus.NATIONAL_STATUS_RESULT_READY],
    ['STOPPED', NationalStatus.NATIONAL_STATUS_STOPPED],
    ['WITHDRAWN', NationalStatus.NATIONAL_STATUS_WITHDRAWN],
    ['RESULT_RETURNED', NationalStatus.NATIONAL_STATUS_RESULT_RETURNED],
  ])('given a dossier with status %s, when withdrawal is requested, then it is refused', (name, status) => {
    expect(decideWithdrawalRequest(dossierWithStatus(status), 'moving abroad', NOW)).toEqual(
      precondition(`a dossier with status NATIONAL_STATUS_${name} can no longer be withdrawn (only until the result is ready)`),
    );
  });

  it('given a dossier only given guidance, when withdrawal is requested, then it is refused (nothing was received)', () => {
    const o = decideSubmission(submission({ documents: [] }), vn('2026-03-04 09:00'), refs);
    if (o.kind !== 'event') throw new Error('expected guidance');
    expect(decideWithdrawalRequest(dossier(o.event), 'x', NOW).ok).toBe(false);
  });

  it('given a requested withdrawal, when requested again, then it is refused', () => {
    const state = apply(
      dossierWithStatus(NationalStatus.NATIONAL_STATUS_PROCESSING),
      decideWithdrawalRequest(dossierWithStatus(NationalStatus.NATIONAL_STATUS_PROCESSING), 'r', NOW),
    );
    expect(state.withdrawalRequested).toBe(true);
    expect(decideWithdrawalRequest(state, 'again', NOW)).toEqual(precondition('withdrawal was already requested'));
  });

  it('given a requested withdrawal, when confirmed, then the dossier is withdrawn and cannot be confirmed twice', () => {
    const processing = dossierWithStatus(NationalStatus.NATIONAL_STATUS_PROCESSING);
    const requested = apply(processing, decideWithdrawalRequest(processing, 'r', NOW));
    const later = vn('2026-03-10 15:00');
    const decision = decideWithdrawalConfirmation(requested, later);
    expect(decision).toEqual({ ok: true, events: [{ type: 'DossierWithdrawn', data: { dossierId: 'd-1', withdrawnAt: later } }] });
    const withdrawn = apply(requested, decision);
    expect(withdrawn.status).toBe(NationalStatus.NATIONAL_STATUS_WITHDRAWN);
    expect(decideWithdrawalConfirmation(withdrawn, later)).toEqual(
      precondition('a dossier with status NATIONAL_STATUS_WITHDRAWN can no longer be withdrawn'),
    );
  });

  it('given no request, when confirmation is attempted, then it is refused', () => {
    expect(decideWithdrawalConfirmation(dossierWithStatus(NationalStatus.NATIONAL_STATUS_PROCESSING), NOW)).toEqual(
      precondition('no withdrawal was requested for this dossier'),
    );
  });

  it('given a request and then the result became ready, when confirmation is attempted, then it is refused', () => {
    const processing = dossierWithStatus(NationalStatus.NATIONAL_STATUS_PROCESSING);
    const requested = apply(processing, decideWithdrawalRequest(processing, 'r', NOW));
    const ready = evolve(requested, noted('d-1', NationalStatus.NATIONAL_STATUS_RESULT_READY, vn('2026-03-10 11:00')));
    expect(decideWithdrawalConfirmation(ready, vn('2026-03-10 14:00'))).toEqual(
      precondition('a dossier with status NATIONAL_STATUS_RESULT_READY can no longer be withdrawn'),
    );
  });
});

describe('return of the result (status 10)', () => {
  const ready = () => dossierWithStatus(NationalStatus.NATIONAL_STATUS_RESULT_READY, undefined, undefined, { procedureCode: 'TCKH-02' });

  it('given a ready result, when returned at the counter, then the fees due at return are collected', () => {
    const decision = decideReturn(
      ready(),
      { method: R.RESULT_DELIVERY_COUNTER, recipientName: 'Nguyễn Văn An', procedure: procedure('TCKH-02') },
      NOW,
    );
    expect(decision).toEqual({
      ok: true,
      events: [
        {
          type: 'ResultReturned',
          data: {
            dossierId: 'd-1',
            method: R.RESULT_DELIVERY_COUNTER,
            returnedAt: NOW,
            recipientName: 'Nguyễn Văn An',
            feesCollected: [
              {
                code: 'LP-DKKD',
                name: 'Lệ phí đăng ký hộ kinh doanh',
                amountVnd: 50000,
                collectedAt: common.FeeCollection.FEE_COLLECTION_AT_RETURN,
              },
            ],
            waybillNumber: '',
          },
        },
      ],
    });
    const returned = apply(ready(), decision);
    expect([returned.status, returned.returnedAt]).toEqual([NationalStatus.NATIONAL_STATUS_RESULT_RETURNED, NOW]);
  });

  it('given a procedure whose fees were collected at receipt, when returned electronically, then nothing is collected', () => {
    const state = dossierWithStatus(NationalStatus.NATIONAL_STATUS_RESULT_READY);
    const decision = decideReturn(
      state,
      { method: R.RESULT_DELIVERY_ELECTRONIC, recipientName: 'An', procedure: procedure('TCKH-01') },
      NOW,
    );
    expect(decision.ok && decision.events[0].type === 'ResultReturned' && decision.events[0].data.feesCollected).toEqual([]);
  });

  it('given a ready result, when returned by POST through ReturnResult, then it is refused (postal-delivery records it)', () => {
    expect(decideReturn(ready(), { method: R.RESULT_DELIVERY_POST, recipientName: 'An', procedure: procedure('TCKH-02') }, NOW)).toEqual(
      precondition('results by post are handed to postal-delivery, which records the delivery'),
    );
  });

  it.each([
    ['RECEIVED', NationalStatus.NATIONAL_STATUS_RECEIVED],
    ['PROCESSING', NationalStatus.NATIONAL_STATUS_PROCESSING],
    ['SUPPLEMENT_REQUESTED', NationalStatus.NATIONAL_STATUS_SUPPLEMENT_REQUESTED],
    ['RESULT_RETURNED', NationalStatus.NATIONAL_STATUS_RESULT_RETURNED],
  ])('given status %s, when the result is returned, then it is refused as not ready', (name, status) => {
    expect(decideReturn(dossierWithStatus(status), { method: R.RESULT_DELIVERY_COUNTER, recipientName: 'An' }, NOW)).toEqual(
      precondition(`the result is not ready to return (status NATIONAL_STATUS_${name})`),
    );
  });
});

describe('delivery of the result by post', () => {
  const ready = () => dossierWithStatus(NationalStatus.NATIONAL_STATUS_RESULT_READY, undefined, undefined, { procedureCode: 'TCKH-02' });
  const deliveredAt = vn('2026-03-11 15:20');

  it('given a ready result, when the post reports delivery, then it is returned by post at the delivery time', () => {
    const decision = decideResultDelivery(ready(), {
      delivered: true,
      at: deliveredAt,
      waybillNumber: 'EB987654321VN',
      recipientName: 'Trần Thị Bình',
      failureReason: '',
      procedure: procedure('TCKH-02'),
    });
    expect(decision).toEqual({
      ok: true,
      events: [
        {
          type: 'ResultReturned',
          data: {
            dossierId: 'd-1',
            method: R.RESULT_DELIVERY_POST,
            returnedAt: deliveredAt,
            recipientName: 'Trần Thị Bình',
            feesCollected: [
              {
                code: 'LP-DKKD',
                name: 'Lệ phí đăng ký hộ kinh doanh',
                amountVnd: 50000,
                collectedAt: common.FeeCollection.FEE_COLLECTION_AT_RETURN,
              },
            ],
            waybillNumber: 'EB987654321VN',
          },
        },
      ],
    });
    expect(apply(ready(), decision).status).toBe(NationalStatus.NATIONAL_STATUS_RESULT_RETURNED);
  });

  it('given a failed delivery, when recorded, then the result stays ready and can then be returned at the counter', () => {
    const decision = decideResultDelivery(ready(), {
      delivered: false,
      at: deliveredAt,
      waybillNumber: 'EB987654321VN',
      recipientName: '',
      failureReason: 'nobody at home',
    });
    expect(decision).toEqual({
      ok: true,
      events: [{ type: 'ResultDeliveryFailed', data: { dossierId: 'd-1', at: deliveredAt, reason: 'nobody at home' } }],
    });
    const after = apply(ready(), decision);
    expect([after.status, after.version]).toEqual([NationalStatus.NATIONAL_STATUS_RESULT_READY, ready().version + 1]);
    expect(decideReturn(after, { method: R.RESULT_DELIVERY_COUNTER, recipientName: 'An' }, NOW).ok).toBe(true);
  });

  it('given no ready result, when the post reports delivery, then it is refused', () => {
    expect(
      decideResultDelivery(dossierWithStatus(NationalStatus.NATIONAL_STATUS_PROCESSING), {
        delivered: true,
        at: deliveredAt,
        waybillNumber: 'W',
        recipientName: 'B',
        failureReason: '',
      }),
    ).toEqual(precondition('no result is out for delivery (status NATIONAL_STATUS_PROCESSING)'));
  });
});

describe('satisfaction evaluation (once)', () => {
  const scores = [
    { criterion: 'timeliness', score: 5 },
    { criterion: 'courtesy', score: 4 },
  ];

  it('given a received dossier, when evaluated, then the scores are recorded', () => {
    const state = dossierWithStatus(NationalStatus.NATIONAL_STATUS_RESULT_RETURNED);
    const decision = decideEvaluation(state, scores, 'fast', NOW);
    expect(decision).toEqual({
      ok: true,
      events: [{ type: 'SatisfactionEvaluated', data: { dossierId: 'd-1', scores, comment: 'fast', evaluatedAt: NOW } }],
    });
    const evaluated = apply(state, decision);
    expect(evaluated.satisfaction).toEqual(scores);
    expect(decideEvaluation(evaluated, [{ criterion: 'timeliness', score: 1 }], '', NOW)).toEqual(
      precondition('this dossier was already evaluated'),
    );
  });

  it('given a dossier never received, when evaluated, then it is refused', () => {
    expect(decideEvaluation(onlineSubmitted(), scores, '', NOW)).toEqual(precondition('only a received dossier can be evaluated'));
  });
});

describe('noteProcessingFact (processing is the authority; the desk mirrors)', () => {
  const fact = (status: common.NationalStatus, newDueAt?: Date) => ({
    status,
    at: NOW,
    newDueAt,
    sourceEventId: 'evt-1',
    sourceEventType: 'onestop.processing.v1.ApologyIssued',
  });

  it('given a new status, when noted, then one event records it with its source', () => {
    expect(
      noteProcessingFact(dossierWithStatus(NationalStatus.NATIONAL_STATUS_RECEIVED), fact(NationalStatus.NATIONAL_STATUS_PROCESSING)),
    ).toEqual({
      ok: true,
      events: [
        {
          type: 'ProcessingStatusNoted',
          data: {
            dossierId: 'd-1',
            status: NationalStatus.NATIONAL_STATUS_PROCESSING,
            at: NOW,
            newDueAt: undefined,
            sourceEventId: 'evt-1',
            sourceEventType: 'onestop.processing.v1.ApologyIssued',
          },
        },
      ],
    });
  });

  it('given the status the dossier already has and no new due time, when noted, then nothing is recorded', () => {
    expect(
      noteProcessingFact(dossierWithStatus(NationalStatus.NATIONAL_STATUS_PROCESSING), fact(NationalStatus.NATIONAL_STATUS_PROCESSING)),
    ).toEqual({
      ok: true,
      events: [],
    });
    expect(
      noteProcessingFact(dossierWithStatus(NationalStatus.NATIONAL_STATUS_PROCESSING), fact(NationalStatus.NATIONAL_STATUS_UNSPECIFIED)),
    ).toEqual({
      ok: true,
      events: [],
    });
  });

  it('given the due time the dossier already has, when noted, then nothing is recorded', () => {
    const state = dossierWithStatus(NationalStatus.NATIONAL_STATUS_PROCESSING);
    expect(noteProcessingFact(state, fact(NationalStatus.NATIONAL_STATUS_PROCESSING, new Date(state.dueAt!.getTime())))).toEqual({
      ok: true,
      events: [],
    });
  });

  it('given a new appointed time (apology, Form 04) without a status, when noted, then the due time moves and the original appointment stays', () => {
    const state = dossierWithStatus(NationalStatus.NATIONAL_STATUS_PROCESSING);
    const newDue = vn('2026-03-13 17:00');
    const decision = noteProcessingFact(state, fact(NationalStatus.NATIONAL_STATUS_UNSPECIFIED, newDue));
    expect(decision.ok && decision.events.map((e) => e.data)).toEqual([
      {
        dossierId: 'd-1',
        status: NationalStatus.NATIONAL_STATUS_UNSPECIFIED,
        at: NOW,
        newDueAt: newDue,
        sourceEventId: 'evt-1',
        sourceEventType: 'onestop.processing.v1.ApologyIssued',
      },
    ]);
    const after = apply(state, decision);
    expect([after.status, after.dueAt, after.originalDueAt]).toEqual([
      NationalStatus.NATIONAL_STATUS_PROCESSING,
      newDue,
      vn('2026-03-09 09:00'),
    ]);
  });

  it('given the same status with a new due time, when noted, then only the due time is recorded', () => {
    const newDue = vn('2026-03-13 17:00');
    const decision = noteProcessingFact(
      dossierWithStatus(NationalStatus.NATIONAL_STATUS_PROCESSING),
      fact(NationalStatus.NATIONAL_STATUS_PROCESSING, newDue),
    );
    expect(
      decision.ok &&
        decision.events[0].type === 'ProcessingStatusNoted' && [decision.events[0].data.status, decision.events[0].data.newDueAt],
    ).toEqual([NationalStatus.NATIONAL_STATUS_UNSPECIFIED, newDue]);
  });

  it('given result ready, when noted and folded, then the dossier records when the result was ready', () => {
    const after = apply(
      dossierWithStatus(NationalStatus.NATIONAL_STATUS_PROCESSING),
      noteProcessingFact(dossierWithStatus(NationalStatus.NATIONAL_STATUS_PROCESSING), fact(NationalStatus.NATIONAL_STATUS_RESULT_READY)),
    );
    expect([after.status, after.resultReadyAt]).toEqual([NationalStatus.NATIONAL_STATUS_RESULT_READY, NOW]);
  });

  it('given a result the desk returned, when a late processing event repeats status 9, then the dossier is not reopened', () => {
    const ready = dossierWithStatus(NationalStatus.NATIONAL_STATUS_RESULT_READY);
    const returned = apply(ready, decideReturn(ready, { method: R.RESULT_DELIVERY_COUNTER, recipientName: 'An' }, NOW));
    const late = {
      ...fact(NationalStatus.NATIONAL_STATUS_RESULT_READY),
      sourceEventId: 'evt-overdue',
      sourceEventType: 'onestop.processing.v1.Overdue',
    };
    expect(noteProcessingFact(returned, late)).toEqual({ ok: true, events: [] });
    expect(noteProcessingFact(returned, { ...late, newDueAt: vn('2026-03-20 17:00') })).toEqual({ ok: true, events: [] });
  });

  it('given a dossier the desk withdrew, when a processing event still in flight says processing (4), then it stays withdrawn', () => {
    const processing = dossierWithStatus(NationalStatus.NATIONAL_STATUS_PROCESSING);
    const requested = apply(processing, decideWithdrawalRequest(processing, 'r', NOW));
    const withdrawn = apply(requested, decideWithdrawalConfirmation(requested, NOW));
    expect(noteProcessingFact(withdrawn, fact(NationalStatus.NATIONAL_STATUS_PROCESSING))).toEqual({ ok: true, events: [] });
    expect(noteProcessingFact(withdrawn, fact(NationalStatus.NATIONAL_STATUS_RESULT_READY))).toEqual({ ok: true, events: [] });
  });

  it('given a dossier the desk has not received, when a fact arrives, then nothing is recorded', () => {
    expect(noteProcessingFact(onlineSubmitted(), fact(NationalStatus.NATIONAL_STATUS_PROCESSING))).toEqual({ ok: true, events: [] });
  });
});

describe('a dossier folded from its events', () => {
  it('given received then noted facts, when folded, then the version counts every event', () => {
    const state = dossier(
      { type: 'DossierReceived', data: received(vn('2026-03-04 09:00')) },
      noted('d-1', NationalStatus.NATIONAL_STATUS_PROCESSING, NOW),
      noted('d-1', NationalStatus.NATIONAL_STATUS_SUPPLEMENT_REQUESTED, NOW),
    );
    expect([state.version, state.status, state.code, state.supplementRequestedAt]).toEqual([
      3,
      NationalStatus.NATIONAL_STATUS_SUPPLEMENT_REQUESTED,
      'TRUCNINH-260304-0001',
      NOW,
    ]);
  });
});
