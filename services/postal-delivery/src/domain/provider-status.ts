// The provider's status codes (as seen in BCCI integrations, domain brief §5) and how each maps
// onto the platform's shipment states, per leg. `null` = recorded in the tracking history only.
//
//  code  provider meaning          dossier leg (post collects)   result leg (post delivers)
//   0    draft                     ORDER_CREATED                 ORDER_CREATED
//   1    created                   ORDER_CREATED                 ORDER_CREATED
//   2    handed to postman         PICKING_UP                    PICKING_UP (collecting at the desk)
//   3    processing                PICKING_UP                    PICKING_UP
//   4    picking up                PICKING_UP                    PICKING_UP
//   5    pickup failed             PICKUP_FAILED (end)           — (the post tries the desk again)
//   6    picked up                 COLLECTED                     COLLECTED
//   7    post office received      IN_TRANSIT                    IN_TRANSIT
//   8    retrieve failed           PICKUP_FAILED (end)           —
//   9    collection cancelled      CANCELLED (end)               RETURNED_TO_DESK (never left it)
//  10    in transit                IN_TRANSIT                    IN_TRANSIT
//  11    arrived at office         IN_TRANSIT                    IN_TRANSIT
//  12    delivering                OUT_FOR_DELIVERY              OUT_FOR_DELIVERY
//  13    forwarded                 IN_TRANSIT                    IN_TRANSIT
//  14    delivered                 DELIVERED (at the desk)       DELIVERED (end)
//  15    delivery failed           DELIVERY_ATTEMPT_FAILED       DELIVERY_ATTEMPT_FAILED (policy)
//  20    partly returned           CANCELLED (end)               RETURNED_TO_DESK (end)
//  21    cash on delivery paid     —                             DELIVERED (end)
//  22    delivery cancelled        CANCELLED (end)               RETURNED_TO_DESK (end)
//
// Each target sits at a stage (state-machine.ts); ends sit at the stage where they happen, so a
// late "pickup failed" cannot end a shipment that was already collected.
import { postalEvents } from '@onestop/contracts';
import { Stage, type Target } from './state-machine';

const ShipmentState = postalEvents.ShipmentState;

export interface ProviderStatusCode {
  code: number;
  name: string;
  dossier: Target | null;
  result: Target | null;
}

const t = (state: postalEvents.ShipmentState, stage: number): Target => ({ state, stage });
const both = (target: Target) => ({ dossier: target, result: target });

const CREATED = t(ShipmentState.SHIPMENT_STATE_ORDER_CREATED, Stage.ORDER_CREATED);
const PICKING_UP = t(ShipmentState.SHIPMENT_STATE_PICKING_UP, Stage.PICKING_UP);
const IN_TRANSIT = t(ShipmentState.SHIPMENT_STATE_IN_TRANSIT, Stage.IN_TRANSIT);
const PICKUP_FAILED = t(ShipmentState.SHIPMENT_STATE_PICKUP_FAILED, Stage.PICKING_UP);

export const PROVIDER_STATUS_CODES: readonly ProviderStatusCode[] = [
  { code: 0, name: 'draft', ...both(CREATED) },
  { code: 1, name: 'created', ...both(CREATED) },
  { code: 2, name: 'handed to postman', ...both(PICKING_UP) },
  { code: 3, name: 'processing', ...both(PICKING_UP) },
  { code: 4, name: 'picking up', ...both(PICKING_UP) },
  { code: 5, name: 'pickup failed', dossier: PICKUP_FAILED, result: null },
  { code: 6, name: 'picked up', ...both(t(ShipmentState.SHIPMENT_STATE_COLLECTED, Stage.COLLECTED)) },
  { code: 7, name: 'post office received', ...both(IN_TRANSIT) },
  { code: 8, name: 'retrieve failed', dossier: PICKUP_FAILED, result: null },
  {
    code: 9,
    name: 'collection cancelled',
    dossier: t(ShipmentState.SHIPMENT_STATE_CANCELLED, Stage.PICKING_UP),
    result: t(ShipmentState.SHIPMENT_STATE_RETURNED_TO_DESK, Stage.PICKING_UP),
  },
  { code: 10, name: 'in transit', ...both(IN_TRANSIT) },
  { code: 11, name: 'arrived at office', ...both(IN_TRANSIT) },
  { code: 12, name: 'delivering', ...both(t(ShipmentState.SHIPMENT_STATE_OUT_FOR_DELIVERY, Stage.LAST_MILE)) },
  { code: 13, name: 'forwarded', ...both(IN_TRANSIT) },
  { code: 14, name: 'delivered', ...both(t(ShipmentState.SHIPMENT_STATE_DELIVERED, Stage.DELIVERED)) },
  { code: 15, name: 'delivery failed', ...both(t(ShipmentState.SHIPMENT_STATE_DELIVERY_ATTEMPT_FAILED, Stage.LAST_MILE)) },
  {
    code: 20,
    name: 'partly returned',
    dossier: t(ShipmentState.SHIPMENT_STATE_CANCELLED, Stage.LAST_MILE),
    result: t(ShipmentState.SHIPMENT_STATE_RETURNED_TO_DESK, Stage.LAST_MILE),
  },
  { code: 21, name: 'cash on delivery paid', dossier: null, result: t(ShipmentState.SHIPMENT_STATE_DELIVERED, Stage.DELIVERED) },
  {
    code: 22,
    name: 'delivery cancelled',
    dossier: t(ShipmentState.SHIPMENT_STATE_CANCELLED, Stage.LAST_MILE),
    result: t(ShipmentState.SHIPMENT_STATE_RETURNED_TO_DESK, Stage.LAST_MILE),
  },
];

const BY_CODE = new Map(PROVIDER_STATUS_CODES.map((c) => [c.code, c]));

/** The provider status code's row, or undefined for a code the provider does not use. */
export function providerStatus(code: number): ProviderStatusCode | undefined {
  return BY_CODE.get(code);
}

export function isKnownStatusCode(code: number): boolean {
  return BY_CODE.has(code);
}

/** Where a provider status moves a shipment of this leg; null = history only. */
export function targetOf(leg: postalEvents.Leg, code: number): Target | null {
  const row = BY_CODE.get(code);
  if (!row) return null;
  return leg === postalEvents.Leg.LEG_RESULT ? row.result : row.dossier;
}

/** Provider status codes, named: the codes the simulator and tests use. */
export const ProviderCode = {
  DRAFT: 0,
  CREATED: 1,
  HANDED_TO_POSTMAN: 2,
  PROCESSING: 3,
  PICKING_UP: 4,
  PICKUP_FAILED: 5,
  PICKED_UP: 6,
  POST_OFFICE_RECEIVED: 7,
  RETRIEVE_FAILED: 8,
  COLLECTION_CANCELLED: 9,
  IN_TRANSIT: 10,
  ARRIVED_AT_OFFICE: 11,
  DELIVERING: 12,
  FORWARDED: 13,
  DELIVERED: 14,
  DELIVERY_FAILED: 15,
  PARTLY_RETURNED: 20,
  COD_PAID: 21,
  DELIVERY_CANCELLED: 22,
} as const;
