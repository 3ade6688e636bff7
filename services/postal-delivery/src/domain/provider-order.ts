// Completions of the work the platform hands to others: the provider's answer to an order or a
// cancellation, and intake's answer to the dossier submitted at the hand-over or to the delivery
// outcome. Each decides nothing new when the answer is already recorded (work can run twice).
import { postalEvents } from '@onestop/contracts';
import { postalEvent, type PostalEvent } from './events';
import type { Shipment } from './shipment';
import { isTerminal } from './state-machine';

const { LEG_DOSSIER, LEG_RESULT } = postalEvents.Leg;

/** Whether the provider's answer to the order is still to be recorded. */
export function awaitsOrder(s: Shipment): boolean {
  return !s.orderAccepted && !isTerminal(s.leg, s.state);
}

export function orderAccepted(s: Shipment, waybillNumber: string, feeVnd: number, at: Date): PostalEvent[] {
  if (s.orderAccepted) return [];
  return [
    postalEvent('ProviderOrderAccepted', {
      shipmentId: s.shipmentId,
      leg: s.leg,
      orderNumber: s.orderNumber,
      waybillNumber,
      feeVnd,
      acceptedAt: at,
    }),
  ];
}

export function orderRejected(s: Shipment, reason: string, at: Date): PostalEvent[] {
  if (!awaitsOrder(s)) return [];
  return [
    postalEvent('ProviderOrderRejected', { shipmentId: s.shipmentId, leg: s.leg, orderNumber: s.orderNumber, reason, rejectedAt: at }),
  ];
}

/** A pickup cancelled before the provider had an order: nothing to cancel there. */
export function cancelledBeforeOrder(s: Shipment, at: Date): PostalEvent[] {
  if (s.cancellation !== 'pending' || s.waybillNumber || isTerminal(s.leg, s.state)) return [];
  return [
    postalEvent('ShipmentCancelled', {
      shipmentId: s.shipmentId,
      leg: s.leg,
      reason: 'cancelled before the provider took the order',
      cancelledAt: at,
    }),
  ];
}

export function cancellationRejected(s: Shipment, reason: string, at: Date): PostalEvent[] {
  if (s.cancellation !== 'pending') return [];
  return [postalEvent('CancellationRejected', { shipmentId: s.shipmentId, leg: s.leg, reason, rejectedAt: at })];
}

/** Whether the dossier leg waits for intake to receive the handed-over dossier. */
export function awaitsDeskSubmission(s: Shipment): boolean {
  return s.leg === LEG_DOSSIER && !!s.handover && !s.deskAcknowledged && !s.deskCallFailed;
}

export interface DeskAnswer {
  dossierId: string;
  dossierCode: string;
  outcome: postalEvents.DeskOutcome;
  dueAt: Date | undefined;
  detail: string;
}

export function submittedToDesk(s: Shipment, a: DeskAnswer, at: Date): PostalEvent[] {
  if (!awaitsDeskSubmission(s)) return [];
  return [postalEvent('DossierSubmittedToDesk', { shipmentId: s.shipmentId, ...a, acknowledgedAt: at })];
}

/** Whether the result leg ended (delivered or back at the desk) and intake has not recorded it. */
export function awaitsDeskOutcome(s: Shipment): boolean {
  const ended =
    s.state === postalEvents.ShipmentState.SHIPMENT_STATE_DELIVERED ||
    s.state === postalEvents.ShipmentState.SHIPMENT_STATE_RETURNED_TO_DESK;
  return s.leg === LEG_RESULT && ended && !s.deskAcknowledged && !s.deskCallFailed;
}

export function outcomeRecordedAtDesk(s: Shipment, at: Date): PostalEvent[] {
  if (!awaitsDeskOutcome(s)) return [];
  const delivered = s.state === postalEvents.ShipmentState.SHIPMENT_STATE_DELIVERED;
  return [postalEvent('ResultOutcomeRecordedAtDesk', { shipmentId: s.shipmentId, dossierId: s.dossierId, delivered, recordedAt: at })];
}

export function deskCallFailed(s: Shipment, call: string, reason: string, at: Date): PostalEvent[] {
  if (s.deskAcknowledged || s.deskCallFailed) return [];
  return [postalEvent('DeskCallFailed', { shipmentId: s.shipmentId, call, reason, failedAt: at })];
}
