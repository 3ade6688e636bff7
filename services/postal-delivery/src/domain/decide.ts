// decide(command, state, context) -> events | rejection over postal-delivery's command union, and
// evolve(state, event): the one shape every service's domain has. The per-command rules live in
// pickup.ts, result-shipment.ts, provider-order.ts and provider-report.ts.
import { reject, notFound } from '@onestop/commands';
import { accept, type Decision } from './decision';
import {
  cancellationRejected,
  cancelledBeforeOrder,
  deskCallFailed,
  type DeskAnswer,
  orderAccepted,
  orderRejected,
  outcomeRecordedAtDesk,
  submittedToDesk,
} from './provider-order';
import { decideProviderStatus, type DeliveryPolicy, type ProviderReport } from './provider-report';
import {
  type CollectionRecord,
  decideCancelPickup,
  decideRecordCollection,
  decideRecordHandover,
  decideRequestPickup,
  type HandoverRecord,
  type PickupRequest,
  type ProcedureInfo,
} from './pickup';
import { type CodRemittance, decideCodRemittance, decideRequestResultShipment, type ResultToDeliver } from './result-shipment';
import { evolve, type Shipment } from './shipment';

export { evolve };

/** A shipment stream's state: null before its first event. */
export type ShipmentState = Shipment | null;

export const initialState = (): ShipmentState => null;

export type PostalCommand =
  // clients
  | { type: 'RequestPickup'; request: PickupRequest; procedure: ProcedureInfo }
  | { type: 'CancelPickup'; shipmentId: string; reason: string; requestedBy: string }
  | { type: 'RecordCollection'; record: CollectionRecord }
  | { type: 'RecordHandover'; record: HandoverRecord }
  | { type: 'RecordCodRemittance'; remittance: CodRemittance }
  // facts and the answers of the work postal-delivery hands to others
  | { type: 'RequestResultShipment'; result: ResultToDeliver }
  | { type: 'RecordProviderStatus'; report: ProviderReport; policy: DeliveryPolicy }
  | { type: 'RecordOrderAccepted'; waybillNumber: string; feeVnd: number }
  | { type: 'RecordOrderRejected'; reason: string }
  | { type: 'CancelBeforeOrder' }
  | { type: 'RecordCancellationRejected'; reason: string }
  | { type: 'RecordDeskSubmission'; answer: DeskAnswer }
  | { type: 'RecordOutcomeAtDesk' }
  | { type: 'RecordDeskCallFailure'; call: string; reason: string };

export type PostalCommandType = PostalCommand['type'];

export interface PostalContext {
  now: Date;
}

/** Work outcomes change an existing shipment; nothing to record for one that does not exist. */
function onShipment(s: ShipmentState, decide: (s: Shipment) => Decision): Decision {
  return s ? decide(s) : reject(notFound('no such shipment'));
}

export function decide(c: PostalCommand, s: ShipmentState, { now }: PostalContext): Decision {
  switch (c.type) {
    case 'RequestPickup':
      return decideRequestPickup(s, c.request, c.procedure, now);
    case 'CancelPickup':
      return decideCancelPickup(s, c.shipmentId, c.reason, c.requestedBy, now);
    case 'RecordCollection':
      return decideRecordCollection(s, c.record, now);
    case 'RecordHandover':
      return decideRecordHandover(s, c.record, now);
    case 'RecordCodRemittance':
      return decideCodRemittance(s, c.remittance, now);
    case 'RequestResultShipment':
      return s ? accept() : decideRequestResultShipment(s, c.result, now);
    case 'RecordProviderStatus':
      return onShipment(s, (shipment) => {
        const d = decideProviderStatus(shipment, c.report, c.policy, now);
        if (d.outcome === 'rejected') return reject(d.rejection);
        return d.outcome === 'duplicate' ? accept() : accept(...d.events);
      });
    case 'RecordOrderAccepted':
      return onShipment(s, (shipment) => accept(...orderAccepted(shipment, c.waybillNumber, c.feeVnd, now)));
    case 'RecordOrderRejected':
      return onShipment(s, (shipment) => accept(...orderRejected(shipment, c.reason, now)));
    case 'CancelBeforeOrder':
      return onShipment(s, (shipment) => accept(...cancelledBeforeOrder(shipment, now)));
    case 'RecordCancellationRejected':
      return onShipment(s, (shipment) => accept(...cancellationRejected(shipment, c.reason, now)));
    case 'RecordDeskSubmission':
      return onShipment(s, (shipment) => accept(...submittedToDesk(shipment, c.answer, now)));
    case 'RecordOutcomeAtDesk':
      return onShipment(s, (shipment) => accept(...outcomeRecordedAtDesk(shipment, now)));
    case 'RecordDeskCallFailure':
      return onShipment(s, (shipment) => accept(...deskCallFailed(shipment, c.call, c.reason, now)));
  }
}
