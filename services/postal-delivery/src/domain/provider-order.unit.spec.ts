import { postalEvents } from '@onestop/contracts';
import { postalEvent } from './events';
import { acceptedShipment, afterReports, at, pickupRequested, report, resultRequested, WAYBILL } from './fixtures.spec';
import {
  awaitsDeskOutcome,
  awaitsOrder,
  cancelledBeforeOrder,
  orderAccepted,
  orderRejected,
  outcomeRecordedAtDesk,
} from './provider-order';
import { ProviderCode as C } from './provider-status';
import { evolve, fold } from './shipment';

const ShipmentState = postalEvents.ShipmentState;

describe('completing the work handed to the provider and the desk', () => {
  it("records the provider's acceptance once", () => {
    const s = fold([resultRequested()])!;
    expect(awaitsOrder(s)).toBe(true);
    const events = orderAccepted(s, WAYBILL, 26_000, at(1));
    expect(events).toHaveLength(1);
    const accepted = fold([resultRequested(), ...events])!;
    expect(accepted.feeVnd).toBe(26_000);
    expect(awaitsOrder(accepted)).toBe(false);
    expect(orderAccepted(accepted, WAYBILL, 26_000, at(2))).toEqual([]);
  });

  it('still records the acceptance (and its fee) when a status callback brought the waybill first', () => {
    const { shipment } = afterReports([resultRequested()], [report(C.CREATED, 0)]);
    expect(shipment.waybillNumber).toBe(WAYBILL);
    expect(awaitsOrder(shipment)).toBe(true);
    expect(orderAccepted(shipment, WAYBILL, 26_000, at(1))).toHaveLength(1);
  });

  it('a refusal ends the shipment, unless the order was already accepted', () => {
    const s = fold([pickupRequested()])!;
    const refused = fold([pickupRequested(), ...orderRejected(s, 'address outside the service area', at(1))])!;
    expect(refused.state).toBe(ShipmentState.SHIPMENT_STATE_REJECTED);
    expect(refused.problem).toContain('outside the service area');
    expect(orderRejected(fold(acceptedShipment('dossier'))!, 'late', at(2))).toEqual([]);
  });

  it('a pickup cancelled before the provider took the order is cancelled without calling the provider', () => {
    const requested = fold([pickupRequested()])!;
    const pending = evolve(
      requested,
      postalEvent('CancellationRequested', {
        shipmentId: requested.shipmentId,
        leg: requested.leg,
        reason: 'x',
        requestedBy: 'portal',
        requestedAt: at(1),
      }),
    );
    const events = cancelledBeforeOrder(pending, at(2));
    expect(events.map((e) => e.type)).toEqual(['ShipmentCancelled']);
    expect(events.reduce(evolve, pending).state).toBe(ShipmentState.SHIPMENT_STATE_CANCELLED);
    expect(cancelledBeforeOrder(requested, at(2))).toEqual([]);
  });

  it('the desk is told a delivery outcome once, for delivered and returned results only', () => {
    const open = fold(acceptedShipment('result'))!;
    expect(awaitsDeskOutcome(open)).toBe(false);
    const { shipment } = afterReports(acceptedShipment('result'), [report(C.DELIVERED, 10)]);
    expect(awaitsDeskOutcome(shipment)).toBe(true);
    const recorded = outcomeRecordedAtDesk(shipment, at(11));
    expect(recorded).toMatchObject([{ type: 'ResultOutcomeRecordedAtDesk', data: { delivered: true } }]);
    expect(awaitsDeskOutcome(recorded.reduce(evolve, shipment))).toBe(false);
  });
});
