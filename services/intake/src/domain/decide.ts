// The desk's decisions after reception (reception itself: decide-reception.ts): pure functions
// from a command and the dossier's state to new events, or a rejection saying why. No I/O; time
// and the calendar come in as arguments. decide() (./decide-desk.ts) dispatches the command union.
import { type Decision as DecisionOf, precondition as preconditionOf, reject, type Rejection } from '@onestop/commands';
import { common } from '@onestop/contracts';
import type { Procedure } from './catalogue';
import type { CalendarPort } from './calendar-port';
import { type DossierState, isClosed } from './dossier';
import type { IntakeEvent } from './events';

const Status = common.NationalStatus;

export type { Rejection };
export type Decision = DecisionOf<IntakeEvent>;

const precondition = (message: string): Decision => reject(preconditionOf(message));
const accept = (...events: IntakeEvent[]): Decision => ({ ok: true, events });

/** The citizen brought the supplement processing asked for; the due time follows the procedure's policy. */
export function decideSupplement(state: DossierState, documents: common.SubmittedDocument[], now: Date, calendar: CalendarPort): Decision {
  if (state.status !== Status.NATIONAL_STATUS_SUPPLEMENT_REQUESTED || !state.supplementRequestedAt) {
    return precondition(`dossier ${state.code ?? state.dossierId} has no open supplement request (status ${Status[state.status]})`);
  }
  if (!state.dueAt) return precondition('dossier has no appointed time');
  const waited = calendar.workingHoursBetween(state.supplementRequestedAt, now);
  const policy = state.supplementPolicy === 'restart' ? 'restart' : 'pause';
  const newDueAt =
    policy === 'pause'
      ? calendar.addWorkingHours(state.dueAt, waited)
      : state.statutoryTime
        ? calendar.dueAt(calendar.nextWorkingMoment(now), state.statutoryTime)
        : calendar.addWorkingHours(calendar.nextWorkingMoment(now), state.statutoryWorkingHours);
  return accept({
    type: 'SupplementReceived',
    data: {
      dossierId: state.dossierId,
      documents,
      receivedAt: now,
      policy,
      previousDueAt: state.dueAt,
      newDueAt,
      waitedWorkingHours: waited,
      calendarVersion: calendar.version,
    },
  });
}

const WITHDRAWABLE: ReadonlySet<common.NationalStatus> = new Set([
  Status.NATIONAL_STATUS_SUBMITTED_ONLINE,
  Status.NATIONAL_STATUS_RECEIVED,
  Status.NATIONAL_STATUS_PROCESSING,
  Status.NATIONAL_STATUS_SUPPLEMENT_REQUESTED,
  Status.NATIONAL_STATUS_AWAITING_PAYMENT,
]);

export function decideWithdrawalRequest(state: DossierState, reason: string, now: Date): Decision {
  if (!WITHDRAWABLE.has(state.status) || isClosed(state)) {
    return precondition(`a dossier with status ${Status[state.status]} can no longer be withdrawn (only until the result is ready)`);
  }
  if (state.withdrawalRequested) return precondition('withdrawal was already requested');
  return accept({ type: 'WithdrawalRequested', data: { dossierId: state.dossierId, reason, requestedAt: now } });
}

export function decideWithdrawalConfirmation(state: DossierState, now: Date): Decision {
  if (!state.withdrawalRequested) return precondition('no withdrawal was requested for this dossier');
  if (!WITHDRAWABLE.has(state.status)) return precondition(`a dossier with status ${Status[state.status]} can no longer be withdrawn`);
  return accept({ type: 'DossierWithdrawn', data: { dossierId: state.dossierId, withdrawnAt: now } });
}

function feesAtReturn(p: Procedure | undefined): common.Fee[] {
  return (p?.fees ?? [])
    .filter((f) => f.collectedAt === 'return')
    .map((f) => ({ code: f.code, name: f.name, amountVnd: f.amountVnd, collectedAt: common.FeeCollection.FEE_COLLECTION_AT_RETURN }));
}

export function decideReturn(
  state: DossierState,
  input: { method: common.ResultDelivery; recipientName: string; procedure?: Procedure },
  now: Date,
): Decision {
  if (state.status !== Status.NATIONAL_STATUS_RESULT_READY) {
    return precondition(`the result is not ready to return (status ${Status[state.status]})`);
  }
  if (input.method === common.ResultDelivery.RESULT_DELIVERY_POST) {
    return precondition('results by post are handed to postal-delivery, which records the delivery');
  }
  return accept({
    type: 'ResultReturned',
    data: {
      dossierId: state.dossierId,
      method: input.method,
      returnedAt: now,
      recipientName: input.recipientName,
      feesCollected: feesAtReturn(input.procedure),
      waybillNumber: '',
    },
  });
}

export function decideResultDelivery(
  state: DossierState,
  input: { delivered: boolean; at: Date; waybillNumber: string; recipientName: string; failureReason: string; procedure?: Procedure },
): Decision {
  if (state.status !== Status.NATIONAL_STATUS_RESULT_READY)
    return precondition(`no result is out for delivery (status ${Status[state.status]})`);
  if (!input.delivered) {
    return accept({ type: 'ResultDeliveryFailed', data: { dossierId: state.dossierId, at: input.at, reason: input.failureReason } });
  }
  return accept({
    type: 'ResultReturned',
    data: {
      dossierId: state.dossierId,
      method: common.ResultDelivery.RESULT_DELIVERY_POST,
      returnedAt: input.at,
      recipientName: input.recipientName,
      feesCollected: feesAtReturn(input.procedure),
      waybillNumber: input.waybillNumber,
    },
  });
}

export function decideEvaluation(
  state: DossierState,
  scores: { criterion: string; score: number }[],
  comment: string,
  now: Date,
): Decision {
  if (!state.code) return precondition('only a received dossier can be evaluated');
  if (state.satisfaction.length > 0) return precondition('this dossier was already evaluated');
  return accept({ type: 'SatisfactionEvaluated', data: { dossierId: state.dossierId, scores, comment, evaluatedAt: now } });
}

/**
 * Mirrors a processing fact into the desk's stream (no decision: processing is the authority while
 * it processes). Nothing is recorded when the fact changes neither the status nor the appointed
 * time, nor once the dossier is closed: processing events that merely repeat processing's status
 * can arrive after the desk returned the result or withdrew the dossier, and must not reopen it.
 */
export function noteProcessingFact(
  state: DossierState,
  fact: { status: common.NationalStatus; at: Date; newDueAt?: Date; sourceEventId: string; sourceEventType: string },
): Decision {
  if (!state.code || isClosed(state)) return accept();
  const moved = fact.newDueAt !== undefined && fact.newDueAt.getTime() !== state.dueAt?.getTime();
  const changed = fact.status !== Status.NATIONAL_STATUS_UNSPECIFIED && fact.status !== state.status;
  if (!moved && !changed) return accept();
  return accept({
    type: 'ProcessingStatusNoted',
    data: {
      dossierId: state.dossierId,
      status: changed ? fact.status : Status.NATIONAL_STATUS_UNSPECIFIED,
      at: fact.at,
      newDueAt: moved ? fact.newDueAt : undefined,
      sourceEventId: fact.sourceEventId,
      sourceEventType: fact.sourceEventType,
    },
  });
}

export * from './decide-reception';
