// Postal-delivery's events (proto/onestop/postal/v1/events.proto) as the dossier's postal legs
// (BCCI). A result shipment's stream is the dossier's; a pickup (dossier leg) has its own stream
// id and is tied to the dossier when the desk receives it (DossierSubmittedToDesk here, or the
// pickup id in intake's DossierReceived).
import { postalEvents as ev } from '@onestop/contracts';
import { about, type PayloadReader, type PickupLink, type Translation, type Translator } from './incoming-event';

type LegName = 'dossier' | 'result';

function stateWord(s: ev.ShipmentState): string {
  const name = ev.shipmentStateToJSON(s);
  return name.replace(/^SHIPMENT_STATE_/, '').toLowerCase();
}

interface Shipment {
  shipmentId: string;
  leg: LegName;
  at: Date;
  status: string;
  summary: string;
  waybillNumber?: string;
  /** Set when the payload names the dossier. */
  dossierId?: string;
  links?: PickupLink[];
}

function legOf(leg: ev.Leg, fallback: LegName): LegName {
  if (leg === ev.Leg.LEG_DOSSIER) return 'dossier';
  if (leg === ev.Leg.LEG_RESULT) return 'result';
  return fallback;
}

function shipment(read: PayloadReader, s: Shipment): Translation {
  if (s.shipmentId && s.shipmentId !== read.event.streamId) {
    read.poison(`shipment_id ${s.shipmentId} is not the stream's (${read.event.streamId})`);
  }
  // A result shipment's stream is the dossier's; a pickup's dossier is known only once linked.
  const dossierId = s.dossierId || (s.leg === 'result' ? read.event.streamId : null);
  if (s.leg === 'result' && dossierId !== read.event.streamId) {
    read.poison(`dossier_id ${dossierId} is not the result shipment's stream (${read.event.streamId})`);
  }
  return about(
    dossierId,
    {
      kind: 'postal_shipment',
      at: s.at,
      leg: s.leg,
      shipmentId: read.event.streamId,
      waybillNumber: s.waybillNumber ?? '',
      status: s.status,
      summary: s.summary,
    },
    s.links ?? [],
  );
}

const T = {
  PickupRequested: ((p, read) =>
    shipment(read, {
      shipmentId: p.shipmentId,
      leg: 'dossier',
      at: read.time(p.requestedAt),
      status: 'requested',
      summary: 'Pickup of the dossier requested from the post',
    })) as Translator<ev.PickupRequested>,
  ResultShipmentRequested: ((p, read) =>
    shipment(read, {
      shipmentId: p.shipmentId,
      leg: 'result',
      dossierId: p.dossierId,
      at: read.time(p.requestedAt),
      status: 'requested',
      summary: 'Delivery of the result by post requested',
    })) as Translator<ev.ResultShipmentRequested>,
  ProviderOrderAccepted: ((p, read) =>
    shipment(read, {
      shipmentId: p.shipmentId,
      leg: legOf(p.leg, 'dossier'),
      at: read.time(p.acceptedAt),
      status: 'order_created',
      waybillNumber: p.waybillNumber,
      summary: `Order ${p.orderNumber} accepted, waybill ${p.waybillNumber}`,
    })) as Translator<ev.ProviderOrderAccepted>,
  ProviderOrderRejected: ((p, read) =>
    shipment(read, {
      shipmentId: p.shipmentId,
      leg: legOf(p.leg, 'dossier'),
      at: read.time(p.rejectedAt),
      status: 'rejected',
      summary: `Order rejected by the provider: ${p.reason}`,
    })) as Translator<ev.ProviderOrderRejected>,
  ProviderStatusReported: ((p, read) =>
    shipment(read, {
      shipmentId: p.shipmentId,
      leg: legOf(p.leg, 'dossier'),
      at: read.time(p.statusAt),
      status: stateWord(p.state),
      waybillNumber: p.waybillNumber,
      summary: `Provider status ${p.statusCode}${p.note ? ` (${p.note})` : ''}${p.applied ? '' : ', out of order'}`,
    })) as Translator<ev.ProviderStatusReported>,
  DossierCollected: ((p, read) =>
    shipment(read, {
      shipmentId: p.shipmentId,
      leg: 'dossier',
      at: read.time(p.collectedAt),
      status: 'collected',
      summary: `Dossier collected and sealed by ${p.collectedBy}`,
    })) as Translator<ev.DossierCollected>,
  DossierHandedOver: ((p, read) =>
    shipment(read, {
      shipmentId: p.shipmentId,
      leg: 'dossier',
      at: read.time(p.handedOverAt),
      status: 'handed_over',
      waybillNumber: p.waybillNumber,
      summary: `Handed over to the desk (${p.handedBy} -> ${p.receivedBy})`,
    })) as Translator<ev.DossierHandedOver>,
  DossierSubmittedToDesk: ((p, read) =>
    shipment(read, {
      shipmentId: p.shipmentId,
      leg: 'dossier',
      dossierId: p.dossierId || undefined,
      at: read.time(p.acknowledgedAt),
      status: 'submitted_to_desk',
      summary: `Desk answered: ${ev
        .deskOutcomeToJSON(p.outcome)
        .replace(/^DESK_OUTCOME_/, '')
        .toLowerCase()}${p.detail ? ` (${p.detail})` : ''}`,
      links: p.dossierId ? [{ pickupId: read.event.streamId, dossierId: p.dossierId }] : [],
    })) as Translator<ev.DossierSubmittedToDesk>,
  DeskCallFailed: ((p, read) =>
    shipment(read, {
      shipmentId: p.shipmentId,
      leg: p.call === 'SubmitDossier' ? 'dossier' : 'result',
      at: read.time(p.failedAt),
      status: '',
      summary: `Desk call ${p.call} failed: ${p.reason}`,
    })) as Translator<ev.DeskCallFailed>,
  PickupFailed: ((p, read) =>
    shipment(read, {
      shipmentId: p.shipmentId,
      leg: 'dossier',
      at: read.time(p.failedAt),
      status: 'pickup_failed',
      summary: `Pickup failed: ${p.reason}`,
    })) as Translator<ev.PickupFailed>,
  CancellationRequested: ((p, read) =>
    shipment(read, {
      shipmentId: p.shipmentId,
      leg: legOf(p.leg, 'dossier'),
      at: read.time(p.requestedAt),
      status: '',
      summary: `Cancellation requested: ${p.reason}`,
    })) as Translator<ev.CancellationRequested>,
  ShipmentCancelled: ((p, read) =>
    shipment(read, {
      shipmentId: p.shipmentId,
      leg: legOf(p.leg, 'dossier'),
      at: read.time(p.cancelledAt),
      status: 'cancelled',
      summary: `Cancelled: ${p.reason}`,
    })) as Translator<ev.ShipmentCancelled>,
  CancellationRejected: ((p, read) =>
    shipment(read, {
      shipmentId: p.shipmentId,
      leg: legOf(p.leg, 'dossier'),
      at: read.time(p.rejectedAt),
      status: '',
      summary: `Cancellation refused by the provider: ${p.reason}`,
    })) as Translator<ev.CancellationRejected>,
  DeliveryAttemptFailed: ((p, read) =>
    shipment(read, {
      shipmentId: p.shipmentId,
      leg: 'result',
      dossierId: p.dossierId,
      at: read.time(p.failedAt),
      status: 'delivery_attempt_failed',
      summary: `Delivery attempt ${p.attempt} failed: ${p.reason}`,
    })) as Translator<ev.DeliveryAttemptFailed>,
  ResultDelivered: ((p, read) =>
    shipment(read, {
      shipmentId: p.shipmentId,
      leg: 'result',
      dossierId: p.dossierId,
      at: read.time(p.deliveredAt),
      status: 'delivered',
      waybillNumber: p.waybillNumber,
      summary: 'Result delivered to the citizen',
    })) as Translator<ev.ResultDelivered>,
  ResultReturnedToDesk: ((p, read) =>
    shipment(read, {
      shipmentId: p.shipmentId,
      leg: 'result',
      dossierId: p.dossierId,
      at: read.time(p.returnedAt),
      status: 'returned_to_desk',
      waybillNumber: p.waybillNumber,
      summary: `Result returned to the desk after ${p.attempts} attempt(s): ${p.reason}`,
    })) as Translator<ev.ResultReturnedToDesk>,
  ResultOutcomeRecordedAtDesk: ((p, read) =>
    shipment(read, {
      shipmentId: p.shipmentId,
      leg: 'result',
      dossierId: p.dossierId,
      at: read.time(p.recordedAt),
      status: '',
      summary: `Desk recorded the delivery as ${p.delivered ? 'delivered' : 'failed'}`,
    })) as Translator<ev.ResultOutcomeRecordedAtDesk>,
  CodRemitted: ((p, read) =>
    shipment(read, {
      shipmentId: p.shipmentId,
      leg: 'result',
      dossierId: p.dossierId,
      at: read.time(p.remittedAt),
      status: '',
      summary: `Cash on delivery ${p.amountVnd} VND handed to the desk (receipt ${p.receiptNumber})`,
    })) as Translator<ev.CodRemitted>,
};

/** Postal-delivery's translators by message name. */
export const POSTAL_TRANSLATORS: Record<string, Translator<never>> = T;
