// Kafka event handlers (EventConsumer delivers at least once; each handler is idempotent):
//  - the shipments read model, from our own topic;
//  - reactions (work the events call for), from our own topic;
//  - the result leg's facts, from intake's DossierReceived and processing's ResultIssued.
import { decodeEvent, type intakeEvents, type processingEvents } from '@onestop/contracts';
import type { Logger } from '@onestop/logging';
import type { EventEnvelope, EventHandler } from '@onestop/messaging';
import type { ShipmentProjection } from '../../application/projection';
import type { ResultLeg } from '../../application/results';
import type { Reactions } from '../../application/work/reactions';
import { decodePostalEvent } from '../store/shipment-streams';

export const DOSSIER_RECEIVED = 'onestop.intake.v1.DossierReceived';
export const RESULT_ISSUED = 'onestop.processing.v1.ResultIssued';

export function projectionHandler(projection: ShipmentProjection): EventHandler {
  return async (e: EventEnvelope) => {
    if (decodePostalEvent(e.type, e.data)) await projection.refresh(e.streamId);
  };
}

export function reactionsHandler(reactions: Reactions, logger: Logger): EventHandler {
  return async (e: EventEnvelope) => {
    const event = decodePostalEvent(e.type, e.data);
    if (!event) return;
    const added = await reactions.onEvent(e.streamId, e.id, event);
    if (added.length)
      logger.info({ shipmentId: e.streamId, eventId: e.id, work: added, correlationId: e.metadata.correlationId }, 'work recorded');
  };
}

export function resultLegHandler(results: ResultLeg, logger: Logger): EventHandler {
  return async (e: EventEnvelope) => {
    if (e.type === DOSSIER_RECEIVED) {
      const d = decodeEvent<intakeEvents.DossierReceived>(e.type, e.data);
      await results.noteDossierReceived({
        dossierId: d.dossierId,
        dossierCode: d.dossierCode,
        unitCode: d.unitCode,
        procedureCode: d.procedureCode,
        applicant: d.applicant,
        resultDelivery: d.resultDelivery,
        eventId: e.id,
      });
    } else if (e.type === RESULT_ISSUED) {
      const r = decodeEvent<processingEvents.ResultIssued>(e.type, e.data);
      await results.noteResultIssued({ dossierId: r.dossierId, eventId: e.id, issuedAt: r.issuedAt ?? e.time });
      logger.info({ dossierId: r.dossierId, eventId: e.id }, 'result issued noted');
    }
  };
}
