import { postalEvents } from '@onestop/contracts';
import { acceptedShipment, afterReports, at, policy, report, WAYBILL } from './fixtures.spec';
import { decideProviderStatus } from './provider-report';
import { ProviderCode as C } from './provider-status';
import { fold } from './shipment';

const ShipmentState = postalEvents.ShipmentState;
const types = (events: { type: string }[]) => events.map((e) => e.type);

describe('provider status reports', () => {
  it('walks a result from order to delivery, ending with ResultDelivered', () => {
    const { shipment, events } = afterReports(acceptedShipment('result', 30_000), [
      report(C.PICKING_UP, 10),
      report(C.PICKED_UP, 20),
      report(C.IN_TRANSIT, 30),
      report(C.DELIVERING, 40),
      report(C.DELIVERED, 50, { codAmountVnd: 30_000 }),
    ]);
    expect(shipment.state).toBe(ShipmentState.SHIPMENT_STATE_DELIVERED);
    expect(shipment.codCollectedVnd).toBe(30_000);
    expect(types(events).slice(-2)).toEqual(['ProviderStatusReported', 'ResultDelivered']);
  });

  it('a duplicate (same code, same time) changes nothing', () => {
    const { events } = afterReports(acceptedShipment('result'), [report(C.PICKING_UP, 10)]);
    expect(decideProviderStatus(fold(events)!, report(C.PICKING_UP, 10), policy, at(99))).toEqual({ outcome: 'duplicate' });
  });

  it('a late status is recorded without moving the shipment backwards', () => {
    const { events } = afterReports(acceptedShipment('result'), [report(C.IN_TRANSIT, 30)]);
    const d = decideProviderStatus(fold(events)!, report(C.PICKING_UP, 10), policy, at(99));
    expect(d).toMatchObject({ outcome: 'recorded', applied: false });
    const after = afterReports(events, [report(C.PICKING_UP, 10)]);
    expect(after.shipment.state).toBe(ShipmentState.SHIPMENT_STATE_IN_TRANSIT);
    expect(after.events.at(-1)).toMatchObject({
      type: 'ProviderStatusReported',
      data: { applied: false, state: ShipmentState.SHIPMENT_STATE_IN_TRANSIT },
    });
  });

  it('delivered then a late "delivering" keeps the shipment delivered', () => {
    const { shipment } = afterReports(acceptedShipment('result'), [report(C.DELIVERED, 50), report(C.DELIVERING, 40)]);
    expect(shipment.state).toBe(ShipmentState.SHIPMENT_STATE_DELIVERED);
  });

  it('cash on delivery paid after delivered is recorded as collected', () => {
    const { shipment } = afterReports(acceptedShipment('result', 30_000), [
      report(C.DELIVERED, 50),
      report(C.COD_PAID, 51, { codAmountVnd: 30_000 }),
    ]);
    expect(shipment.state).toBe(ShipmentState.SHIPMENT_STATE_DELIVERED);
    expect(shipment.codCollectedVnd).toBe(30_000);
  });

  it('a failed attempt followed by a new attempt and delivery: one attempt counted, delivered', () => {
    const { shipment, events } = afterReports(acceptedShipment('result'), [
      report(C.DELIVERING, 40),
      report(C.DELIVERY_FAILED, 41, { note: 'nobody home' }),
      report(C.DELIVERING, 60),
      report(C.DELIVERED, 61),
    ]);
    expect(shipment.failedAttempts).toBe(1);
    expect(shipment.state).toBe(ShipmentState.SHIPMENT_STATE_DELIVERED);
    expect(types(events)).toContain('DeliveryAttemptFailed');
  });

  it('the new attempt arriving before the failed one still ends up out for delivery', () => {
    const { shipment } = afterReports(acceptedShipment('result'), [report(C.DELIVERING, 60), report(C.DELIVERY_FAILED, 41)]);
    expect(shipment.state).toBe(ShipmentState.SHIPMENT_STATE_OUT_FOR_DELIVERY);
    expect(shipment.failedAttempts).toBe(1);
  });

  it('when failed attempts reach the policy, the result goes back to the desk and the provider is asked to return it', () => {
    const { shipment, events } = afterReports(acceptedShipment('result'), [
      report(C.DELIVERY_FAILED, 41),
      report(C.DELIVERING, 50),
      report(C.DELIVERY_FAILED, 51),
      report(C.DELIVERING, 60),
      report(C.DELIVERY_FAILED, 61),
      report(C.DELIVERING, 70),
    ]);
    expect(shipment.state).toBe(ShipmentState.SHIPMENT_STATE_RETURNED_TO_DESK);
    expect(shipment.failedAttempts).toBe(3);
    expect(shipment.providerReturnRequested).toBe(true);
    expect(events.filter((e) => e.type === 'ResultReturnedToDesk')).toHaveLength(1);
  });

  it("names the latest failure by the provider's time, whatever the order of arrival", () => {
    const { shipment } = afterReports(acceptedShipment('result'), [
      report(C.DELIVERY_FAILED, 61, { note: 'wrong address' }),
      report(C.DELIVERY_FAILED, 41, { note: 'nobody home' }),
      report(C.DELIVERY_FAILED, 51, { note: 'closed' }),
    ]);
    expect(shipment.state).toBe(ShipmentState.SHIPMENT_STATE_RETURNED_TO_DESK);
    expect(shipment.problem).toContain('last: wrong address');
  });

  it('the provider giving up (delivery cancelled) returns the result to the desk without a return request', () => {
    const { shipment, events } = afterReports(acceptedShipment('result'), [report(C.DELIVERING, 40), report(C.DELIVERY_CANCELLED, 45)]);
    expect(shipment.state).toBe(ShipmentState.SHIPMENT_STATE_RETURNED_TO_DESK);
    expect(shipment.providerReturnRequested).toBe(false);
    expect(types(events).at(-1)).toBe('ResultReturnedToDesk');
  });

  it('a pickup that fails ends with PickupFailed; a late failure after collection does not', () => {
    const failed = afterReports(acceptedShipment('dossier'), [
      report(C.PICKING_UP, 10),
      report(C.PICKUP_FAILED, 20, { note: 'citizen absent' }),
    ]);
    expect(failed.shipment.state).toBe(ShipmentState.SHIPMENT_STATE_PICKUP_FAILED);
    expect(failed.shipment.problem).toContain('citizen absent');
    const collected = afterReports(acceptedShipment('dossier'), [report(C.PICKED_UP, 30), report(C.PICKUP_FAILED, 20)]);
    expect(collected.shipment.state).toBe(ShipmentState.SHIPMENT_STATE_COLLECTED);
    expect(types(collected.events)).not.toContain('PickupFailed');
  });

  it('collection cancelled by the provider cancels the pickup', () => {
    const { shipment, events } = afterReports(acceptedShipment('dossier'), [report(C.COLLECTION_CANCELLED, 10)]);
    expect(shipment.state).toBe(ShipmentState.SHIPMENT_STATE_CANCELLED);
    expect(types(events).at(-1)).toBe('ShipmentCancelled');
  });

  it('a status may arrive before the order acceptance is recorded; the acceptance does not move it back', () => {
    const [requested, acceptedEvent] = acceptedShipment('dossier');
    const { events } = afterReports([requested], [report(C.PICKING_UP, 10)]);
    const s = fold([...events, acceptedEvent])!;
    expect(s.state).toBe(ShipmentState.SHIPMENT_STATE_PICKING_UP);
    expect(s.waybillNumber).toBe(WAYBILL);
  });

  it("rejects unknown codes and a waybill or order number that is not the shipment's", () => {
    const s = fold(acceptedShipment('result'))!;
    expect(decideProviderStatus(s, report(17, 10), policy, at(99))).toMatchObject({
      outcome: 'rejected',
      rejection: { violations: [{ field: 'status_code' }] },
    });
    expect(decideProviderStatus(s, report(4, 10, { waybillNumber: 'OTHER' }), policy, at(99))).toMatchObject({
      rejection: { violations: [{ field: 'waybill_number' }] },
    });
    expect(decideProviderStatus(s, report(4, 10, { orderNumber: 'X-KQ' }), policy, at(99))).toMatchObject({
      rejection: { violations: [{ field: 'order_number' }] },
    });
  });
});
