import { applyFact, foldDossier, orderFacts } from './fold';
import { emptyView } from './dossier-view';
import type { DossierFact } from './facts';
import { fact, placement, receivedBody, vn } from '../testing/facts.spec';

const INTAKE = 'onestop.intake';
const PROCESSING = 'onestop.processing';
const POSTAL = 'onestop.postal-delivery';

function lifecycle(id = 'd1'): DossierFact[] {
  return [
    fact(id, INTAKE, 1, receivedBody(vn('2020-03-02 08:00'), vn('2020-03-04 17:00'))),
    fact(id, PROCESSING, 1, {
      kind: 'processing_progress',
      at: vn('2020-03-02 09:00'),
      status: 4,
      summary: 'Case opened',
      assignee: '',
      agencyCode: '',
      handoff: { from: 'desk', to: 'STP', givenBy: 'o1', receivedBy: 'o2', result: 'on_time', note: '' },
    }),
    fact(id, PROCESSING, 2, { kind: 'supplement_requested', at: vn('2020-03-02 10:00'), note: 'ID copy' }),
    fact(id, INTAKE, 2, {
      kind: 'supplement_received',
      at: vn('2020-03-03 08:00'),
      newDueAt: vn('2020-03-05 17:00'),
      waitedWorkingHours: 6,
    }),
    fact(id, PROCESSING, 3, {
      kind: 'processing_progress',
      at: vn('2020-03-03 09:00'),
      status: 4,
      summary: 'Assigned',
      assignee: 'specialist-7',
      agencyCode: '',
      handoff: null,
    }),
    fact(id, PROCESSING, 4, { kind: 'result_ready', at: vn('2020-03-05 16:00'), verdict: 'on_time' }),
    fact(id, INTAKE, 3, { kind: 'result_returned', at: vn('2020-03-06 08:00'), method: 'counter', waybillNumber: '' }),
    fact(id, INTAKE, 4, { kind: 'satisfaction_evaluated', at: vn('2020-03-06 08:05'), scores: [{ criterion: 'attitude', score: 5 }] }),
  ];
}

describe('the dossier fold', () => {
  it('follows a dossier from receipt to the returned result', () => {
    const view = foldDossier('d1', lifecycle());
    expect(view).toMatchObject({
      dossierCode: 'H40-200203-0001',
      status: 10,
      channel: 'counter',
      ...placement,
      receivedAt: vn('2020-03-02 08:00'),
      dueAt: vn('2020-03-05 17:00'),
      appointedAt: vn('2020-03-05 17:00'),
      endedAt: vn('2020-03-05 16:00'),
      endKind: 'result',
      outcome: 'on_time',
      resultReadyAt: vn('2020-03-05 16:00'),
      returnedAt: vn('2020-03-06 08:00'),
      assignee: 'specialist-7',
      supplementsReceived: 1,
      waitedWorkingHours: 6,
      positions: [
        { source: INTAKE, streamId: 'd1', version: 4 },
        { source: PROCESSING, streamId: 'd1', version: 4 },
      ],
    });
    expect(view?.supplementRequests).toEqual([vn('2020-03-02 10:00')]);
    expect(view?.timeline.map((t) => t.status)).toEqual([2, 4, 5, 4, 4, 9, 10, 0]);
    expect(view?.timeline[1].handoff).toMatchObject({ from: 'desk', to: 'STP' });
  });

  it('gives the same view whatever order the topics delivered in', () => {
    const facts = lifecycle();
    const expected = foldDossier('d1', facts);
    const intakeFirst = [...facts.filter((f) => f.meta.source === INTAKE), ...facts.filter((f) => f.meta.source === PROCESSING)];
    const processingFirst = [...facts].reverse();
    expect(foldDossier('d1', intakeFirst)).toEqual(expected);
    expect(foldDossier('d1', processingFirst)).toEqual(expected);
  });

  it('ignores redelivered facts', () => {
    const facts = lifecycle();
    const once = foldDossier('d1', facts);
    const twice = foldDossier('d1', [...facts, ...facts.map((f) => ({ ...f, meta: { ...f.meta, eventId: `${f.meta.eventId}-again` } }))]);
    expect(twice).toEqual(once);
    const view = once as NonNullable<typeof once>;
    expect(applyFact(view, facts[2])).toBe(view);
  });

  it("applies a source's facts by stream version even when its clock stepped back", () => {
    const received = fact('d2', INTAKE, 1, receivedBody(vn('2020-03-02 08:00'), vn('2020-03-04 17:00')));
    const opened = fact('d2', PROCESSING, 1, {
      kind: 'processing_progress',
      at: vn('2020-03-02 07:59'),
      status: 4,
      summary: 'Case opened',
      assignee: '',
      agencyCode: '',
      handoff: null,
    });
    const returned = fact(
      'd2',
      INTAKE,
      2,
      { kind: 'result_returned', at: vn('2020-03-03 08:00'), method: 'counter', waybillNumber: '' },
      vn('2020-03-01 00:00'),
    );
    expect(orderFacts([returned, opened, received]).map((f) => f.meta.eventId)).toEqual(
      [opened, received, returned].map((f) => f.meta.eventId),
    );
    // Processing's fact recorded a minute "before" the receipt never sends the dossier back to 2.
    const view = foldDossier('d2', [returned, opened, received]);
    expect(view?.status).toBe(10);
    expect(foldDossier('d2', [opened, received])?.status).toBe(4);
  });

  it("judges lateness against the appointed time, not the apology's new date", () => {
    const facts = [
      fact('d3', INTAKE, 1, receivedBody(vn('2020-03-02 08:00'), vn('2020-03-04 17:00'))),
      fact('d3', PROCESSING, 1, {
        kind: 'apology_issued',
        at: vn('2020-03-03 10:00'),
        newDueAt: vn('2020-03-09 17:00'),
        reason: 'verification',
      }),
      fact('d3', PROCESSING, 2, { kind: 'result_ready', at: vn('2020-03-06 10:00'), verdict: 'late' }),
    ];
    const view = foldDossier('d3', facts);
    expect(view).toMatchObject({ status: 9, dueAt: vn('2020-03-04 17:00'), appointedAt: vn('2020-03-09 17:00'), outcome: 'late' });
    expect(view?.apologies).toHaveLength(1);
  });

  it('closes a refused dossier at reception', () => {
    const view = foldDossier('d4', [
      fact('d4', INTAKE, 1, {
        kind: 'submitted_online',
        at: vn('2020-03-01 20:00'),
        resultDelivery: 'post',
        applicantName: 'B',
        applicantIdHash: 'h',
        ...placement,
      }),
      fact('d4', INTAKE, 2, { kind: 'refused', at: vn('2020-03-02 08:00'), reason: 'out of scope', channel: 'online', ...placement }),
    ]);
    expect(view).toMatchObject({
      status: 3,
      channel: 'online',
      endKind: 'refused',
      endedAt: vn('2020-03-02 08:00'),
      receivedAt: null,
      outcome: null,
    });
  });

  it('ends at the withdrawal and keeps it when processing stops afterwards', () => {
    const view = foldDossier('d5', [
      fact('d5', INTAKE, 1, receivedBody(vn('2020-03-02 08:00'), vn('2020-03-04 17:00'))),
      fact('d5', INTAKE, 2, { kind: 'withdrawal_requested', at: vn('2020-03-02 09:00'), reason: 'moved' }),
      fact('d5', INTAKE, 3, { kind: 'withdrawn', at: vn('2020-03-02 10:00') }),
      fact('d5', PROCESSING, 1, { kind: 'stopped', at: vn('2020-03-02 11:00'), reason: 'withdrawn' }),
    ]);
    expect(view).toMatchObject({
      status: 7,
      endKind: 'withdrawn',
      endedAt: vn('2020-03-02 10:00'),
      withdrawalRequestedAt: vn('2020-03-02 09:00'),
    });
  });

  it('tracks both postal legs', () => {
    const view = foldDossier('d6', [
      fact(
        'd6',
        INTAKE,
        1,
        receivedBody(vn('2020-03-02 08:00'), vn('2020-03-04 17:00'), {
          channel: 'postal',
          postalHandoverAt: vn('2020-03-02 07:50'),
          waybillNumber: 'WB1',
          resultDelivery: 'post',
        }),
      ),
      fact('d6', PROCESSING, 1, { kind: 'result_ready', at: vn('2020-03-03 10:00'), verdict: 'early' }),
      fact('d6', POSTAL, 1, {
        kind: 'postal_shipment',
        at: vn('2020-03-03 15:00'),
        leg: 'result',
        shipmentId: 's-2',
        waybillNumber: 'WB2',
        status: 'in_transit',
        summary: 'In transit',
      }),
      fact('d6', INTAKE, 2, { kind: 'result_returned', at: vn('2020-03-04 09:00'), method: 'post', waybillNumber: 'WB2' }),
    ]);
    expect(view?.postalLegs.map((l) => [l.leg, l.shipmentId, l.waybillNumber, l.status])).toEqual([
      ['dossier', '', 'WB1', 'handed_over'],
      ['result', 's-2', 'WB2', 'delivered'],
    ]);
    expect(view?.postalLegs[1].history.map((h) => h.status)).toEqual(['in_transit', 'delivered']);
    expect(view).toMatchObject({ status: 10, outcome: 'early' });
  });

  it('returns null for a dossier without facts and starts from an empty view', () => {
    expect(foldDossier('x', [])).toBeNull();
    expect(emptyView('x')).toMatchObject({ status: 0, timeline: [], positions: [] });
  });
});
