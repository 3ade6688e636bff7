// The desk's reception of an online submission, and supplements under the pause and restart
// policies, with the real shipped calendar.
import {
  C,
  calendar,
  doc,
  dossier,
  F,
  noted,
  procedure,
  received,
  refs,
  NationalStatus,
  submission,
  unit,
  vn,
} from '../testing/fixtures.spec';
import { decideOnlineReception, decideSubmission, decideSupplement, receiptWithCode } from './decide';
import { evolve, type DossierState } from './dossier';
import type { IntakeEvent } from './events';

const tckh01 = { unit: unit('TRUCNINH'), procedure: procedure('TCKH-01') };

function onlineDossier(documents = submission().documents): { state: DossierState; event: IntakeEvent } {
  const outcome = decideSubmission(submission({ channel: C.CHANNEL_ONLINE, documents }), vn('2026-03-07 22:10'), refs);
  if (outcome.kind !== 'event') throw new Error('expected an online submission event');
  return { state: dossier(outcome.event), event: outcome.event };
}

describe('decideOnlineReception (status 1 -> received, guided or refused)', () => {
  it('given a complete online submission, when the desk receives it on Monday, then the clock starts at reception, not at submission', () => {
    const { state } = onlineDossier();
    expect(state.status).toBe(NationalStatus.NATIONAL_STATUS_SUBMITTED_ONLINE);
    const now = vn('2026-03-09 08:00');
    const outcome = decideOnlineReception(state, { refusalReason: '', ...tckh01 }, now, refs);
    if (outcome.kind !== 'receive') throw new Error(`expected a receipt, got ${outcome.kind}`);
    const r = receiptWithCode(outcome, 'TRUCNINH-260309-0001', 1);
    expect([r.channel, r.receivedAt, r.clockStartedAt, r.dueAt]).toEqual([C.CHANNEL_ONLINE, now, now, vn('2026-03-12 08:00')]);
    expect(r.documents).toEqual(submission().documents);
    const after = evolve(state, { type: 'DossierReceived', data: r });
    expect([after.status, after.code, after.submittedAt, after.receivedAt]).toEqual([
      NationalStatus.NATIONAL_STATUS_RECEIVED,
      'TRUCNINH-260309-0001',
      vn('2026-03-07 22:10'),
      now,
    ]);
  });

  it('given an online submission missing a component, when the desk checks it, then guidance is issued and it cannot be checked again', () => {
    const { state } = onlineDossier([doc('GIAYDK', F.DOCUMENT_FORM_ORIGINAL)]);
    const outcome = decideOnlineReception(state, { refusalReason: '', ...tckh01 }, vn('2026-03-09 08:00'), refs);
    if (outcome.kind !== 'event') throw new Error(`expected guidance, got ${outcome.kind}`);
    expect(outcome.event.type).toBe('ReceptionGuidanceIssued');
    expect(outcome.event.type === 'ReceptionGuidanceIssued' && outcome.event.data.problems.map((p) => p.componentCode)).toEqual(['CCCD']);
    const guided = evolve(state, outcome.event);
    expect(decideOnlineReception(guided, { refusalReason: '', ...tckh01 }, vn('2026-03-09 09:00'), refs)).toEqual({
      kind: 'rejected',
      rejection: { kind: 'precondition', message: 'dossier d-1 is not an online submission waiting for reception' },
    });
  });

  it('given a refusal reason, when decided, then the dossier is refused with the trimmed reason, whatever its documents', () => {
    const { state } = onlineDossier([]);
    const now = vn('2026-03-09 08:00');
    const outcome = decideOnlineReception(state, { refusalReason: '  not a household business  ', ...tckh01 }, now, refs);
    if (outcome.kind !== 'event') throw new Error(`expected a refusal, got ${outcome.kind}`);
    expect(outcome.event).toEqual({
      type: 'DossierRefused',
      data: {
        dossierId: 'd-1',
        unitCode: 'TRUCNINH',
        procedureCode: 'TCKH-01',
        channel: C.CHANNEL_ONLINE,
        reason: 'not a household business',
        refusedAt: now,
        fieldCode: 'TCKH',
        agencyCode: 'TCKH',
        level: 'district',
      },
    });
    expect(evolve(state, outcome.event).status).toBe(NationalStatus.NATIONAL_STATUS_REFUSED);
  });

  it('given a dossier already received, when the desk tries to receive it again, then it is refused as not waiting', () => {
    const state = dossier({ type: 'DossierReceived', data: received(vn('2026-03-04 09:00')) });
    const outcome = decideOnlineReception(state, { refusalReason: '', ...tckh01 }, vn('2026-03-09 08:00'), refs);
    expect(outcome).toEqual({
      kind: 'rejected',
      rejection: { kind: 'precondition', message: 'dossier d-1 is not an online submission waiting for reception' },
    });
  });
});

describe('decideSupplement (Form 02 answered by the citizen)', () => {
  const supplementDocs = [doc('CCCD', F.DOCUMENT_FORM_COPY)];

  /** Received Wed 09:00 (due Mon 03-09 09:00), supplement requested by processing at `requestedAt`. */
  function waitingForSupplement(procedureCode: string, requestedAt = vn('2026-03-05 09:00')): DossierState {
    const r = received(vn('2026-03-04 09:00'), { procedureCode });
    return dossier(
      { type: 'DossierReceived', data: r },
      noted('d-1', NationalStatus.NATIONAL_STATUS_PROCESSING, vn('2026-03-04 10:00')),
      noted('d-1', NationalStatus.NATIONAL_STATUS_SUPPLEMENT_REQUESTED, requestedAt),
    );
  }

  it('given the pause policy (TP-HT-03), when the supplement arrives, then the due time moves by the office time waited', () => {
    const state = waitingForSupplement('TP-HT-03');
    expect([state.dueAt, state.supplementPolicy, state.supplementCount]).toEqual([vn('2026-03-09 09:00'), 'pause', 1]);
    const now = vn('2026-03-06 11:00'); // waited Thu 09:00-17:00 (6 h) + Fri 07:00-11:00 (4 h)
    const decision = decideSupplement(state, supplementDocs, now, calendar);
    expect(decision).toEqual({
      ok: true,
      events: [
        {
          type: 'SupplementReceived',
          data: {
            dossierId: 'd-1',
            documents: supplementDocs,
            receivedAt: now,
            policy: 'pause',
            previousDueAt: vn('2026-03-09 09:00'),
            newDueAt: vn('2026-03-10 11:00'), // Mon 09:00 + 10 h: 6 h on Monday, 4 h on Tuesday
            waitedWorkingHours: 10,
            calendarVersion: 'vn-2018-2027.2',
          },
        },
      ],
    });
  });

  it('given the restart policy (TCKH-01), when the supplement arrives, then the full statutory time counts again from its arrival', () => {
    const state = waitingForSupplement('TCKH-01');
    expect(state.supplementPolicy).toBe('restart');
    const decision = decideSupplement(state, supplementDocs, vn('2026-03-06 11:00'), calendar);
    if (!decision.ok) throw new Error(JSON.stringify(decision.rejection));
    const data = decision.events[0].type === 'SupplementReceived' ? decision.events[0].data : undefined;
    expect([data?.policy, data?.previousDueAt, data?.newDueAt, data?.waitedWorkingHours]).toEqual([
      'restart',
      vn('2026-03-09 09:00'),
      vn('2026-03-11 11:00'),
      10,
    ]);
  });

  it('given a same-day procedure under the restart policy (TP-CT-01), when the supplement arrives at 15:00, then the result is due at closing time that day', () => {
    const state = waitingForSupplement('TP-CT-01', vn('2026-03-04 10:00'));
    expect([state.supplementPolicy, state.statutoryTime]).toEqual(['restart', { unit: 'same_day', value: 1 }]);
    const decision = decideSupplement(state, supplementDocs, vn('2026-03-05 15:00'), calendar);
    const data = decision.ok && decision.events[0].type === 'SupplementReceived' ? decision.events[0].data : undefined;
    expect(data?.newDueAt).toEqual(vn('2026-03-05 17:00'));
  });

  it('given the restart policy, when the supplement arrives on a Saturday, then the time restarts on Monday morning', () => {
    const decision = decideSupplement(waitingForSupplement('TCKH-01'), supplementDocs, vn('2026-03-07 10:00'), calendar);
    const data = decision.ok && decision.events[0].type === 'SupplementReceived' ? decision.events[0].data : undefined;
    expect([data?.newDueAt, data?.waitedWorkingHours]).toEqual([vn('2026-03-11 17:00'), 14]);
  });

  it('given the pause policy, when the supplement arrives on a Saturday, then only office time waited is added', () => {
    const decision = decideSupplement(waitingForSupplement('TP-HT-03'), supplementDocs, vn('2026-03-07 10:00'), calendar);
    const data = decision.ok && decision.events[0].type === 'SupplementReceived' ? decision.events[0].data : undefined;
    expect([data?.newDueAt, data?.waitedWorkingHours]).toEqual([vn('2026-03-10 17:00'), 14]);
  });

  it('given the pause policy, when the wait spans the lunch break, then the lunch break is not added', () => {
    const decision = decideSupplement(
      waitingForSupplement('TP-HT-03', vn('2026-03-04 11:00')),
      supplementDocs,
      vn('2026-03-04 14:00'),
      calendar,
    );
    const data = decision.ok && decision.events[0].type === 'SupplementReceived' ? decision.events[0].data : undefined;
    expect([data?.newDueAt, data?.waitedWorkingHours]).toEqual([vn('2026-03-09 10:00'), 1]);
  });

  it('given a recorded supplement, when folded, then processing resumes with the new due time and the original appointment is kept', () => {
    const state = waitingForSupplement('TP-HT-03');
    const decision = decideSupplement(state, supplementDocs, vn('2026-03-06 11:00'), calendar);
    if (!decision.ok) throw new Error('expected the supplement to be accepted');
    const after = decision.events.reduce(evolve, state);
    expect(after.status).toBe(NationalStatus.NATIONAL_STATUS_PROCESSING);
    expect(after.dueAt).toEqual(vn('2026-03-10 11:00'));
    expect(after.originalDueAt).toEqual(vn('2026-03-09 09:00'));
    expect(after.supplementRequestedAt).toBeUndefined();
    expect(after.supplementCount).toBe(1);
    expect(after.documents.map((d) => d.componentCode)).toEqual(['TOKHAI', 'GIAYKS', 'CCCD', 'CCCD']);
    expect(after.version).toBe(state.version + 1);
  });

  it('given a second supplement request, when folded, then the count shows two requests', () => {
    const first = waitingForSupplement('TP-HT-03');
    const decision = decideSupplement(first, supplementDocs, vn('2026-03-06 11:00'), calendar);
    if (!decision.ok) throw new Error('expected the supplement to be accepted');
    const second = [...decision.events, noted('d-1', NationalStatus.NATIONAL_STATUS_SUPPLEMENT_REQUESTED, vn('2026-03-09 14:00'))].reduce(
      evolve,
      first,
    );
    expect([second.status, second.supplementCount, second.supplementRequestedAt]).toEqual([
      NationalStatus.NATIONAL_STATUS_SUPPLEMENT_REQUESTED,
      2,
      vn('2026-03-09 14:00'),
    ]);
  });

  it.each([
    ['received', NationalStatus.NATIONAL_STATUS_RECEIVED, 'NATIONAL_STATUS_RECEIVED'],
    ['processing', NationalStatus.NATIONAL_STATUS_PROCESSING, 'NATIONAL_STATUS_PROCESSING'],
    ['result ready', NationalStatus.NATIONAL_STATUS_RESULT_READY, 'NATIONAL_STATUS_RESULT_READY'],
  ])('given a %s dossier with no open request, when a supplement is recorded, then it is refused', (_, status, name) => {
    const r = received(vn('2026-03-04 09:00'));
    const state =
      status === NationalStatus.NATIONAL_STATUS_RECEIVED
        ? dossier({ type: 'DossierReceived', data: r })
        : dossier({ type: 'DossierReceived', data: r }, noted('d-1', status, vn('2026-03-05 09:00')));
    expect(decideSupplement(state, supplementDocs, vn('2026-03-06 11:00'), calendar)).toEqual({
      ok: false,
      rejection: { kind: 'precondition', message: `dossier TRUCNINH-260304-0001 has no open supplement request (status ${name})` },
    });
  });
});
