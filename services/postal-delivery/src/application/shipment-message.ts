// The Shipment message the gRPC API answers with, and its tracking history, from a stream.
import { postal, postalEvents } from '@onestop/contracts';
import type { PostalEvent, RecordedPostalEvent } from '../domain/events';
import { providerStatus } from '../domain/provider-status';
import { evolve, type Shipment } from '../domain/shipment';
import { isTerminal } from '../domain/state-machine';

const ShipmentState = postalEvents.ShipmentState;

export function shipmentMessage(s: Shipment, events: readonly RecordedPostalEvent[], withTracking: boolean): postal.Shipment {
  return {
    shipmentId: s.shipmentId,
    leg: s.leg,
    state: s.state,
    orderNumber: s.orderNumber,
    waybillNumber: s.waybillNumber,
    unitCode: s.unitCode,
    dossierId: s.dossierId,
    dossierCode: s.dossierCode,
    procedureCode: s.procedureCode,
    citizen: s.citizen,
    resultDelivery: s.resultDelivery,
    feeVnd: s.feeVnd,
    requestedAt: s.requestedAt,
    updatedAt: events.length ? events[events.length - 1].recordedAt : s.requestedAt,
    failedAttempts: s.failedAttempts,
    cancellationPending: s.cancellation === 'pending',
    problem: s.problem,
    money: {
      feesDueVnd: s.feesDueVnd,
      feesCollectedVnd: s.collection?.feesCollectedVnd ?? 0,
      feesHandedOverVnd: s.handover?.feesHandedOverVnd ?? 0,
      feeReceiptNumber: s.collection?.feeReceiptNumber ?? '',
      codAmountVnd: s.codAmountVnd,
      codCollectedVnd: s.codCollectedVnd,
      codRemittedVnd: s.remittance?.amountVnd ?? 0,
      codReceiptNumber: s.remittance?.receiptNumber ?? '',
    },
    collection: s.collection,
    handover: s.handover,
    deskOutcome: s.deskOutcome,
    deskAcknowledged: s.deskAcknowledged,
    version: s.version,
    tracking: withTracking ? trackingOf(events) : [],
  };
}

/** One tracking entry per event, with the state after it. */
export function trackingOf(events: readonly RecordedPostalEvent[]): postal.TrackingEntry[] {
  let s: Shipment | null = null;
  return events.map(({ event, recordedAt }) => {
    s = evolve(s, event);
    const report = event.type === 'ProviderStatusReported' ? event.data : undefined;
    return {
      at: report?.statusAt ?? recordedAt,
      event: event.type,
      state: s.state,
      providerStatusCode: report?.statusCode ?? 0,
      source: report?.source ?? postalEvents.StatusSource.STATUS_SOURCE_UNSPECIFIED,
      applied: report ? report.applied : true,
      note: noteOf(event),
    };
  });
}

function noteOf(e: PostalEvent): string {
  switch (e.type) {
    case 'PickupRequested':
      return `pickup requested at ${e.data.pickupFrom?.address ?? ''}`;
    case 'ResultShipmentRequested':
      return `result to deliver to ${e.data.recipient?.address ?? ''}`;
    case 'ProviderOrderAccepted':
      return `order ${e.data.orderNumber} accepted, waybill ${e.data.waybillNumber}`;
    case 'ProviderStatusReported': {
      const name = providerStatus(e.data.statusCode)?.name ?? 'unknown';
      return `${e.data.statusCode} ${name}${e.data.note ? `: ${e.data.note}` : ''}${e.data.applied ? '' : ' (late, recorded only)'}`;
    }
    case 'DossierCollected':
      return `collected by ${e.data.collectedBy}: ${e.data.documents.length} document(s)${e.data.missingComponentCodes.length ? `, missing ${e.data.missingComponentCodes.join(', ')}` : ''}, fees ${e.data.feesCollectedVnd} đồng`;
    case 'DossierHandedOver':
      return `handed over by ${e.data.handedBy} to ${e.data.receivedBy}, fees ${e.data.feesHandedOverVnd} đồng`;
    case 'DossierSubmittedToDesk':
      return `desk: ${postalEvents.deskOutcomeToJSON(e.data.outcome)} ${e.data.dossierCode}${e.data.detail ? ` (${e.data.detail})` : ''}`;
    case 'DeskCallFailed':
      return `${e.data.call} refused: ${e.data.reason}`;
    case 'DeliveryAttemptFailed':
      return `attempt ${e.data.attempt}: ${e.data.reason}`;
    case 'ResultDelivered':
      return `delivered${e.data.codCollectedVnd ? `, ${e.data.codCollectedVnd} đồng collected` : ''}`;
    case 'ResultOutcomeRecordedAtDesk':
      return e.data.delivered ? 'recorded at the desk: result returned' : 'recorded at the desk: delivery failed';
    case 'CodRemitted':
      return `${e.data.amountVnd} đồng handed over to ${e.data.receivedBy}, receipt ${e.data.receiptNumber}`;
    case 'ProviderOrderRejected':
    case 'PickupFailed':
    case 'CancellationRequested':
    case 'ShipmentCancelled':
    case 'CancellationRejected':
    case 'ResultReturnedToDesk':
      return e.data.reason;
  }
}

/** Whether someone must act: refused orders, failed pickups and deliveries, refused calls. */
export function needsAction(s: Shipment): boolean {
  const failed = [
    ShipmentState.SHIPMENT_STATE_REJECTED,
    ShipmentState.SHIPMENT_STATE_PICKUP_FAILED,
    ShipmentState.SHIPMENT_STATE_DELIVERY_ATTEMPT_FAILED,
    ShipmentState.SHIPMENT_STATE_RETURNED_TO_DESK,
  ];
  return failed.includes(s.state) || s.deskCallFailed || s.cancellation === 'rejected';
}

/** A pickup not yet handed over, failed or cancelled. */
export function isPendingPickup(s: Shipment): boolean {
  return s.leg === postalEvents.Leg.LEG_DOSSIER && !isTerminal(s.leg, s.state);
}
