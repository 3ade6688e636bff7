import { postalEvents } from '@onestop/contracts';
import { isKnownStatusCode, PROVIDER_STATUS_CODES, ProviderCode, targetOf } from './provider-status';
import { Stage } from './state-machine';

const ShipmentState = postalEvents.ShipmentState;
const { LEG_DOSSIER, LEG_RESULT } = postalEvents.Leg;

describe('provider status codes map onto shipment states', () => {
  it('knows exactly the codes the provider uses (0–15, 20–22)', () => {
    const codes = PROVIDER_STATUS_CODES.map((c) => c.code);
    expect(codes).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 20, 21, 22]);
    for (const unknown of [-1, 16, 19, 23, 99]) expect(isKnownStatusCode(unknown)).toBe(false);
  });

  it.each([
    [ProviderCode.CREATED, ShipmentState.SHIPMENT_STATE_ORDER_CREATED, ShipmentState.SHIPMENT_STATE_ORDER_CREATED],
    [ProviderCode.PICKING_UP, ShipmentState.SHIPMENT_STATE_PICKING_UP, ShipmentState.SHIPMENT_STATE_PICKING_UP],
    [ProviderCode.PICKUP_FAILED, ShipmentState.SHIPMENT_STATE_PICKUP_FAILED, null],
    [ProviderCode.PICKED_UP, ShipmentState.SHIPMENT_STATE_COLLECTED, ShipmentState.SHIPMENT_STATE_COLLECTED],
    [ProviderCode.RETRIEVE_FAILED, ShipmentState.SHIPMENT_STATE_PICKUP_FAILED, null],
    [ProviderCode.COLLECTION_CANCELLED, ShipmentState.SHIPMENT_STATE_CANCELLED, ShipmentState.SHIPMENT_STATE_RETURNED_TO_DESK],
    [ProviderCode.FORWARDED, ShipmentState.SHIPMENT_STATE_IN_TRANSIT, ShipmentState.SHIPMENT_STATE_IN_TRANSIT],
    [ProviderCode.DELIVERING, ShipmentState.SHIPMENT_STATE_OUT_FOR_DELIVERY, ShipmentState.SHIPMENT_STATE_OUT_FOR_DELIVERY],
    [ProviderCode.DELIVERED, ShipmentState.SHIPMENT_STATE_DELIVERED, ShipmentState.SHIPMENT_STATE_DELIVERED],
    [
      ProviderCode.DELIVERY_FAILED,
      ShipmentState.SHIPMENT_STATE_DELIVERY_ATTEMPT_FAILED,
      ShipmentState.SHIPMENT_STATE_DELIVERY_ATTEMPT_FAILED,
    ],
    [ProviderCode.COD_PAID, null, ShipmentState.SHIPMENT_STATE_DELIVERED],
    [ProviderCode.DELIVERY_CANCELLED, ShipmentState.SHIPMENT_STATE_CANCELLED, ShipmentState.SHIPMENT_STATE_RETURNED_TO_DESK],
  ])('code %i: dossier leg %s, result leg %s', (code, dossier, result) => {
    expect(targetOf(LEG_DOSSIER, code)?.state ?? null).toBe(dossier);
    expect(targetOf(LEG_RESULT, code)?.state ?? null).toBe(result);
  });

  it("ordinary statuses sit at their states' stages, in journey order", () => {
    const stages = [0, 2, 6, 7, 12, 14].map((c) => targetOf(LEG_RESULT, c)!.stage);
    expect(stages).toEqual([Stage.ORDER_CREATED, Stage.PICKING_UP, Stage.COLLECTED, Stage.IN_TRANSIT, Stage.LAST_MILE, Stage.DELIVERED]);
  });

  it('ends sit at the stage where they happen', () => {
    expect(targetOf(LEG_DOSSIER, ProviderCode.PICKUP_FAILED)!.stage).toBe(Stage.PICKING_UP);
    expect(targetOf(LEG_DOSSIER, ProviderCode.COLLECTION_CANCELLED)!.stage).toBe(Stage.PICKING_UP);
    expect(targetOf(LEG_RESULT, ProviderCode.DELIVERY_CANCELLED)!.stage).toBe(Stage.LAST_MILE);
  });
});
