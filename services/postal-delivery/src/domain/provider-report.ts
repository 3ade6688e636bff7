// Deciding what a provider status report (webhook or polling) does to a shipment: a duplicate
// changes nothing; a late one is recorded without moving the state; an applied one may end the
// shipment (delivered, pickup failed, cancelled, back at the desk). A failed delivery attempt
// counts against the delivery policy: when attempts run out, the result goes back to the desk.
import { postalEvents } from '@onestop/contracts';
import type { Rejection } from './decision';
import { postalEvent, type PostalEvent } from './events';
import { isKnownStatusCode, providerStatus, targetOf } from './provider-status';
import { statusKey, type Shipment } from './shipment';
import { isTerminal, moves } from './state-machine';

const ShipmentState = postalEvents.ShipmentState;
const { LEG_DOSSIER, LEG_RESULT } = postalEvents.Leg;

/** A status as the provider reported it. */
export interface ProviderReport {
  waybillNumber: string;
  /** Checked against the shipment's when given. */
  orderNumber?: string;
  statusCode: number;
  statusAt: Date;
  note: string;
  /** Cash on delivery collected, in đồng; 0 when not reported. */
  codAmountVnd: number;
  source: postalEvents.StatusSource;
}

/** How many failed delivery attempts the platform accepts before the result goes back to the desk. */
export interface DeliveryPolicy {
  maxDeliveryAttempts: number;
}

export type ReportDecision =
  | { outcome: 'duplicate' }
  | { outcome: 'recorded'; applied: boolean; events: PostalEvent[] }
  | { outcome: 'rejected'; rejection: Rejection };

const invalid = (field: string, description: string): ReportDecision => ({
  outcome: 'rejected',
  rejection: { kind: 'invalid', violations: [{ field, description }] },
});

export function decideProviderStatus(s: Shipment, r: ProviderReport, policy: DeliveryPolicy, now: Date): ReportDecision {
  if (!isKnownStatusCode(r.statusCode)) return invalid('status_code', `${r.statusCode} is not a provider status code`);
  if (s.waybillNumber && r.waybillNumber && r.waybillNumber !== s.waybillNumber) {
    return invalid('waybill_number', `${r.waybillNumber} is not the waybill of shipment ${s.shipmentId}`);
  }
  if (r.orderNumber && r.orderNumber !== s.orderNumber) {
    return invalid('order_number', `${r.orderNumber} does not match waybill ${r.waybillNumber} (order ${s.orderNumber})`);
  }
  if (s.seenStatuses.has(statusKey(r.statusCode, r.statusAt))) return { outcome: 'duplicate' };

  const target = targetOf(s.leg, r.statusCode);
  const applied = target !== null && moves({ leg: s.leg, state: s.state, at: s.stateAt }, target, r.statusAt);
  const reason = r.note || providerStatus(r.statusCode)!.name;
  const milestones = applied ? milestonesOf(s, target.state, r, reason) : [];
  const policyEvents = deliveryPolicy(s, r, policy, reason);
  const ends = [...milestones, ...policyEvents].some((e) => e.type === 'ResultReturnedToDesk');
  const state = ends ? ShipmentState.SHIPMENT_STATE_RETURNED_TO_DESK : applied ? target.state : s.state;
  const report = postalEvent('ProviderStatusReported', {
    shipmentId: s.shipmentId,
    leg: s.leg,
    waybillNumber: r.waybillNumber || s.waybillNumber,
    statusCode: r.statusCode,
    statusAt: r.statusAt,
    note: r.note,
    codAmountVnd: r.codAmountVnd,
    source: r.source,
    applied,
    state,
    receivedAt: now,
  });
  return { outcome: 'recorded', applied, events: [report, ...milestones, ...policyEvents] };
}

function milestonesOf(s: Shipment, state: postalEvents.ShipmentState, r: ProviderReport, reason: string): PostalEvent[] {
  if (s.leg === LEG_DOSSIER && state === ShipmentState.SHIPMENT_STATE_PICKUP_FAILED) {
    return [postalEvent('PickupFailed', { shipmentId: s.shipmentId, statusCode: r.statusCode, reason, failedAt: r.statusAt })];
  }
  if (s.leg === LEG_DOSSIER && state === ShipmentState.SHIPMENT_STATE_CANCELLED) {
    return [postalEvent('ShipmentCancelled', { shipmentId: s.shipmentId, leg: s.leg, reason, cancelledAt: r.statusAt })];
  }
  if (s.leg === LEG_RESULT && state === ShipmentState.SHIPMENT_STATE_DELIVERED) {
    return [
      postalEvent('ResultDelivered', {
        shipmentId: s.shipmentId,
        dossierId: s.dossierId,
        waybillNumber: r.waybillNumber || s.waybillNumber,
        deliveredAt: r.statusAt,
        codCollectedVnd: Math.max(r.codAmountVnd, s.codCollectedVnd),
      }),
    ];
  }
  if (s.leg === LEG_RESULT && state === ShipmentState.SHIPMENT_STATE_RETURNED_TO_DESK) {
    return [returned(s, s.failedAttempts, reason, false, r)];
  }
  return [];
}

/** A failed delivery attempt of a result still on its way: count it; give up when attempts run out. */
function deliveryPolicy(s: Shipment, r: ProviderReport, policy: DeliveryPolicy, reason: string): PostalEvent[] {
  if (s.leg !== LEG_RESULT || isTerminal(s.leg, s.state)) return [];
  if (targetOf(s.leg, r.statusCode)?.state !== ShipmentState.SHIPMENT_STATE_DELIVERY_ATTEMPT_FAILED) return [];
  const attempt = s.failedAttempts + 1;
  const failed = postalEvent('DeliveryAttemptFailed', {
    shipmentId: s.shipmentId,
    dossierId: s.dossierId,
    attempt,
    reason,
    failedAt: r.statusAt,
  });
  if (attempt < policy.maxDeliveryAttempts) return [failed];
  const earlier = s.lastFailedAttempt;
  const last = earlier && earlier.at.getTime() > r.statusAt.getTime() ? earlier.reason : reason;
  const why = `${attempt} delivery attempts failed (the policy allows ${policy.maxDeliveryAttempts}); last: ${last}`;
  return [failed, returned(s, attempt, why, true, r)];
}

function returned(s: Shipment, attempts: number, reason: string, providerReturnRequested: boolean, r: ProviderReport): PostalEvent {
  return postalEvent('ResultReturnedToDesk', {
    shipmentId: s.shipmentId,
    dossierId: s.dossierId,
    waybillNumber: r.waybillNumber || s.waybillNumber,
    attempts,
    reason,
    returnedAt: r.statusAt,
    providerReturnRequested,
  });
}
