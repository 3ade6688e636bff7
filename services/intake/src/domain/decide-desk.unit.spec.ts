// The desk's decide(command, state, context) in the platform's one spec style:
// given(events).when(command).then(events | rejection).
import { deciderSpec } from '@onestop/test-support';
import { calendar, catalogue, noted, procedure, R, received, NationalStatus, submission, vn } from '../testing/fixtures.spec';
import { decide, type DeskContext, evolve, initialState } from './decide-desk';
import type { IntakeEvent } from './events';

const NOW = vn('2026-03-10 10:00');
const context = (over: Partial<DeskContext> = {}): DeskContext => ({
  now: NOW,
  calendar,
  catalogueVersion: catalogue.version,
  nextSequence: 1,
  ...over,
});
const desk = deciderSpec({ initialState: () => initialState('d-1'), evolve, decide }, context);

const receivedAt = vn('2026-03-04 09:00');
const receipt: IntakeEvent = { type: 'DossierReceived', data: received(receivedAt) };
const resultReady = noted('d-1', NationalStatus.NATIONAL_STATUS_RESULT_READY, vn('2026-03-09 15:00'));

describe('decide: reception', () => {
  it('given nothing, when a complete dossier is submitted, then it is received with the next code of the unit’s day', () => {
    const at = vn('2026-03-04 09:00');
    desk
      .given([])
      .when({ type: 'SubmitDossier', submission: submission() }, context({ now: at, nextSequence: 7 }))
      .then([{ type: 'DossierReceived', data: received(at, {}, 7) }]);
  });

  it('given a unit that used up its day’s codes, when a dossier is submitted, then it is refused', () => {
    desk
      .given([])
      .when({ type: 'SubmitDossier', submission: submission() }, context({ nextSequence: 10_000 }))
      .then({ kind: 'precondition', message: /9999 dossiers today/ });
  });

  it('given an existing dossier, when submitted again under its id, then it is refused', () => {
    desk
      .given([receipt])
      .when({ type: 'SubmitDossier', submission: submission() })
      .then({ kind: 'precondition', message: 'dossier d-1 already exists' });
  });
});

describe('decide: after reception', () => {
  it('given a received dossier, when withdrawal is requested, then it is recorded', () => {
    desk
      .given([receipt])
      .when({ type: 'RequestWithdrawal', reason: ' moving abroad ' })
      .then([{ type: 'WithdrawalRequested', data: { dossierId: 'd-1', reason: 'moving abroad', requestedAt: NOW } }]);
  });

  it('given a received dossier, when withdrawal is requested without a reason, then the field is named', () => {
    desk
      .given([receipt])
      .when({ type: 'RequestWithdrawal', reason: '  ' })
      .then({ kind: 'invalid', violations: [{ field: 'reason' }] });
  });

  it('given a requested withdrawal, when requested again, then it is refused', () => {
    const requested: IntakeEvent = { type: 'WithdrawalRequested', data: { dossierId: 'd-1', reason: 'x', requestedAt: NOW } };
    desk
      .given([receipt, requested])
      .when({ type: 'RequestWithdrawal', reason: 'again' })
      .then({ kind: 'precondition', message: 'withdrawal was already requested' });
  });

  it('given a received dossier, when the result is returned, then it is refused as not ready', () => {
    desk
      .given([receipt])
      .when({ type: 'ReturnResult', method: R.RESULT_DELIVERY_COUNTER, recipientName: 'An' })
      .then({ kind: 'precondition', message: 'the result is not ready to return (status NATIONAL_STATUS_RECEIVED)' });
  });

  it('given a ready result, when returned at the counter, then the fees due at return are collected', () => {
    const [event] = desk
      .given([receipt, resultReady])
      .when({ type: 'ReturnResult', method: R.RESULT_DELIVERY_COUNTER, recipientName: 'An', procedure: procedure('TCKH-01') })
      .events();
    expect(event).toMatchObject({ type: 'ResultReturned', data: { dossierId: 'd-1', returnedAt: NOW, recipientName: 'An' } });
  });

  it('given a supplement request, when no document is brought, then documents are required', () => {
    desk
      .given([receipt, noted('d-1', NationalStatus.NATIONAL_STATUS_SUPPLEMENT_REQUESTED, vn('2026-03-05 09:00'))])
      .when({ type: 'RecordSupplement', documents: [] })
      .then({ kind: 'invalid', violations: [{ field: 'documents' }] });
  });

  it('given a returned result, when processing still says processing, then nothing is recorded', () => {
    const returned: IntakeEvent = {
      type: 'ResultReturned',
      data: {
        dossierId: 'd-1',
        method: R.RESULT_DELIVERY_COUNTER,
        returnedAt: NOW,
        recipientName: 'An',
        feesCollected: [],
        waybillNumber: '',
      },
    };
    const fact = {
      status: NationalStatus.NATIONAL_STATUS_PROCESSING,
      at: NOW,
      sourceEventId: 'e-1',
      sourceEventType: 'onestop.processing.v1.CaseOpened',
    };
    desk.given([receipt, resultReady, returned]).when({ type: 'NoteProcessingFact', fact }).then([]);
  });
});
