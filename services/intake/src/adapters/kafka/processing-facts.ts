// Mirrors processing's status changes and new appointed times into the desk's dossier streams,
// so the desk's own decisions (withdrawal, supplement, return) rest on its own stream.
import { common, decodeEvent, eventTypes } from '@onestop/contracts';
import type { EventEnvelope } from '@onestop/messaging';
import type { Desk } from '../../application/desk';

interface ProcessingPayload {
  dossierId?: string;
  status?: common.NationalStatus;
  newDueAt?: Date;
}

const P = 'onestop.processing.v1.';

/**
 * The events that change the national status (processing's contract, events.proto); all others
 * repeat processing's current status, which may be stale against the desk's own changes (a
 * supplement the desk recorded, a return, a withdrawal), so no status is taken from them.
 */
const CHANGES_STATUS = new Set(
  [
    'CaseOpened',
    'SupplementRequested',
    'CaseResumedAfterSupplement',
    'FinancialObligationNotified',
    'FinancialObligationFulfilled',
    'ProcessingStopped',
    'ResultIssued',
    'CaseWithdrawn',
  ].map((n) => P + n),
);

const MOVES_DUE_TIME = new Set([`${P}ApologyIssued`]);

export function processingFactsHandler(desk: Desk) {
  return async (envelope: EventEnvelope): Promise<void> => {
    if (!eventTypes.has(envelope.type)) return; // a newer event type this build does not know
    const payload = decodeEvent<ProcessingPayload>(envelope.type, envelope.data);
    if (!payload.dossierId) return;
    await desk.noteProcessingFact({
      dossierId: payload.dossierId,
      status: CHANGES_STATUS.has(envelope.type) && payload.status ? payload.status : common.NationalStatus.NATIONAL_STATUS_UNSPECIFIED,
      at: envelope.time,
      newDueAt: MOVES_DUE_TIME.has(envelope.type) ? payload.newDueAt : undefined,
      sourceEventId: envelope.id,
      sourceEventType: envelope.type,
    });
  };
}
