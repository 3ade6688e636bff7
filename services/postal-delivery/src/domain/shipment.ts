// A shipment: one leg of the postal public service for one dossier — a pickup (the post collects
// the dossier, thu gom hồ sơ) or a result shipment (the post delivers the result, chuyển trả kết
// quả). The state is a pure fold of the stream's events.
import { common, postalEvents } from '@onestop/contracts';
import type { PostalEvent } from './events';
import { forward } from './state-machine';

const ShipmentState = postalEvents.ShipmentState;
export type CancellationStatus = 'none' | 'pending' | 'rejected';

export interface Shipment {
  shipmentId: string;
  leg: postalEvents.Leg;
  state: postalEvents.ShipmentState;
  /** Time of the status that put the shipment in its state (provider time for provider statuses). */
  stateAt: Date;
  /** Number of events folded. */
  version: number;
  orderNumber: string;
  waybillNumber: string;
  /** The provider's answer to the order is recorded (its waybill may be known earlier, from a status). */
  orderAccepted: boolean;
  unitCode: string;
  procedureCode: string;
  dossierId: string;
  dossierCode: string;
  /** Who the dossier is collected from, or who receives the result. */
  citizen: postalEvents.Party;
  applicant: common.Applicant | undefined;
  resultDelivery: common.ResultDelivery;
  requiredDocuments: postalEvents.RequiredDocument[];
  feesDueVnd: number;
  codAmountVnd: number;
  feeVnd: number;
  requestedAt: Date;
  /** Provider statuses already recorded, as `${code}@${epoch ms}`; a repeat is a duplicate. */
  seenStatuses: ReadonlySet<string>;
  failedAttempts: number;
  /** The most recent failed delivery attempt by the provider's time (reports may come out of order). */
  lastFailedAttempt: { at: Date; reason: string } | undefined;
  cancellation: CancellationStatus;
  /** Why the shipment needs attention; '' when it does not. */
  problem: string;
  collection: postalEvents.DossierCollected | undefined;
  handover: postalEvents.DossierHandedOver | undefined;
  deskOutcome: postalEvents.DeskOutcome;
  /** Intake acknowledged the submission (dossier leg) or the delivery outcome (result leg). */
  deskAcknowledged: boolean;
  deskCallFailed: boolean;
  codCollectedVnd: number;
  remittance: postalEvents.CodRemitted | undefined;
  /** When the post took the money: collection (dossier leg) or delivery (result leg). */
  moneyCollectedAt: Date | undefined;
  providerReturnRequested: boolean;
}

export function statusKey(code: number, at: Date): string {
  return `${code}@${at.getTime()}`;
}

function blank(shipmentId: string, leg: postalEvents.Leg, at: Date): Shipment {
  return {
    shipmentId,
    leg,
    state: ShipmentState.SHIPMENT_STATE_REQUESTED,
    stateAt: at,
    version: 0,
    orderNumber: '',
    waybillNumber: '',
    orderAccepted: false,
    unitCode: '',
    procedureCode: '',
    dossierId: '',
    dossierCode: '',
    citizen: { name: '', address: '', phone: '' },
    applicant: undefined,
    resultDelivery: common.ResultDelivery.RESULT_DELIVERY_UNSPECIFIED,
    requiredDocuments: [],
    feesDueVnd: 0,
    codAmountVnd: 0,
    feeVnd: 0,
    requestedAt: at,
    seenStatuses: new Set(),
    failedAttempts: 0,
    lastFailedAttempt: undefined,
    cancellation: 'none',
    problem: '',
    collection: undefined,
    handover: undefined,
    deskOutcome: postalEvents.DeskOutcome.DESK_OUTCOME_UNSPECIFIED,
    deskAcknowledged: false,
    deskCallFailed: false,
    codCollectedVnd: 0,
    remittance: undefined,
    moneyCollectedAt: undefined,
    providerReturnRequested: false,
  };
}

const EPOCH = new Date(0);
const at = (d: Date | undefined): Date => d ?? EPOCH;

function started(s: Shipment | null, e: PostalEvent): Shipment {
  if (e.type === 'PickupRequested') {
    const d = e.data;
    return {
      ...blank(d.shipmentId, postalEvents.Leg.LEG_DOSSIER, at(d.requestedAt)),
      orderNumber: d.orderNumber,
      unitCode: d.unitCode,
      procedureCode: d.procedureCode,
      citizen: d.pickupFrom ?? { name: '', address: '', phone: '' },
      applicant: d.applicant,
      resultDelivery: d.resultDelivery,
      requiredDocuments: d.requiredDocuments,
      feesDueVnd: d.feesDueVnd,
    };
  }
  if (e.type === 'ResultShipmentRequested') {
    const d = e.data;
    return {
      ...blank(d.shipmentId, postalEvents.Leg.LEG_RESULT, at(d.requestedAt)),
      orderNumber: d.orderNumber,
      unitCode: d.unitCode,
      dossierId: d.dossierId,
      dossierCode: d.dossierCode,
      citizen: d.recipient ?? { name: '', address: '', phone: '' },
      resultDelivery: common.ResultDelivery.RESULT_DELIVERY_POST,
      codAmountVnd: d.codAmountVnd,
    };
  }
  if (!s) throw new Error(`${e.type} cannot start a shipment stream`);
  return s;
}

/** Applies one event; returns a new state (the input is not changed). */
export function evolve(current: Shipment | null, e: PostalEvent): Shipment {
  const s: Shipment = { ...started(current, e), version: (current?.version ?? 0) + 1 };
  const to = (state: postalEvents.ShipmentState, when: Date | undefined): void => {
    const next = forward(s.leg, s.state, state);
    if (next !== s.state) {
      s.state = next;
      s.stateAt = at(when);
    }
  };
  switch (e.type) {
    case 'PickupRequested':
    case 'ResultShipmentRequested':
      break;
    case 'ProviderOrderAccepted':
      s.waybillNumber = e.data.waybillNumber;
      s.orderAccepted = true;
      s.feeVnd = e.data.feeVnd;
      to(ShipmentState.SHIPMENT_STATE_ORDER_CREATED, e.data.acceptedAt);
      break;
    case 'ProviderOrderRejected':
      s.state = ShipmentState.SHIPMENT_STATE_REJECTED;
      s.stateAt = at(e.data.rejectedAt);
      s.problem = `the provider refused the order: ${e.data.reason}`;
      break;
    case 'ProviderStatusReported':
      applyStatus(s, e.data);
      break;
    case 'DossierCollected':
      s.collection = e.data;
      s.moneyCollectedAt = e.data.collectedAt;
      to(ShipmentState.SHIPMENT_STATE_COLLECTED, e.data.collectedAt);
      break;
    case 'DossierHandedOver':
      s.handover = e.data;
      s.state = ShipmentState.SHIPMENT_STATE_HANDED_OVER;
      s.stateAt = at(e.data.handedOverAt);
      break;
    case 'DossierSubmittedToDesk':
      s.dossierId = e.data.dossierId;
      s.dossierCode = e.data.dossierCode;
      s.deskOutcome = e.data.outcome;
      s.deskAcknowledged = true;
      break;
    case 'DeskCallFailed':
      s.deskCallFailed = true;
      s.problem = `the desk refused ${e.data.call}: ${e.data.reason}`;
      break;
    case 'PickupFailed':
      s.problem = `pickup failed: ${e.data.reason}`;
      break;
    case 'CancellationRequested':
      s.cancellation = 'pending';
      break;
    case 'ShipmentCancelled':
      s.cancellation = 'none';
      if (s.state !== ShipmentState.SHIPMENT_STATE_REJECTED) s.state = ShipmentState.SHIPMENT_STATE_CANCELLED;
      s.stateAt = at(e.data.cancelledAt);
      break;
    case 'CancellationRejected':
      s.cancellation = 'rejected';
      break;
    case 'DeliveryAttemptFailed': {
      s.failedAttempts = e.data.attempt;
      const failedAt = at(e.data.failedAt);
      if (!s.lastFailedAttempt || failedAt.getTime() > s.lastFailedAttempt.at.getTime())
        s.lastFailedAttempt = { at: failedAt, reason: e.data.reason };
      s.problem = `delivery attempt ${e.data.attempt} failed: ${s.lastFailedAttempt.reason}`;
      break;
    }
    case 'ResultDelivered':
      s.problem = '';
      s.codCollectedVnd = Math.max(s.codCollectedVnd, e.data.codCollectedVnd);
      s.moneyCollectedAt = e.data.deliveredAt;
      break;
    case 'ResultReturnedToDesk':
      s.state = ShipmentState.SHIPMENT_STATE_RETURNED_TO_DESK;
      s.problem = `returned to the desk: ${e.data.reason}`;
      s.providerReturnRequested = e.data.providerReturnRequested;
      break;
    case 'ResultOutcomeRecordedAtDesk':
      s.deskAcknowledged = true;
      break;
    case 'CodRemitted':
      s.remittance = e.data;
      break;
  }
  return s;
}

function applyStatus(s: Shipment, d: postalEvents.ProviderStatusReported): void {
  const when = at(d.statusAt);
  s.seenStatuses = new Set(s.seenStatuses).add(statusKey(d.statusCode, when));
  if (!s.waybillNumber && d.waybillNumber) s.waybillNumber = d.waybillNumber;
  if (d.codAmountVnd > 0) s.codCollectedVnd = Math.max(s.codCollectedVnd, d.codAmountVnd);
  if (d.applied) {
    s.state = d.state;
    s.stateAt = when;
  }
}

/** Folds a stream's events; null for an empty stream. */
export function fold(events: readonly PostalEvent[]): Shipment | null {
  let s: Shipment | null = null;
  for (const e of events) s = evolve(s, e);
  return s;
}
