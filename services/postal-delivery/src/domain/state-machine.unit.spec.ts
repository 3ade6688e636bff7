import { postalEvents } from '@onestop/contracts';
import { forward, isTerminal, moves, Stage } from './state-machine';

const ShipmentState = postalEvents.ShipmentState;
const { LEG_DOSSIER, LEG_RESULT } = postalEvents.Leg;
const t1 = new Date('2024-03-04T01:00:00Z');
const t2 = new Date('2024-03-04T02:00:00Z');

describe('the shipment state machine only moves forward', () => {
  it('moves to a later stage whatever the times say', () => {
    const here = { leg: LEG_RESULT, state: ShipmentState.SHIPMENT_STATE_PICKING_UP, at: t2 };
    expect(moves(here, { state: ShipmentState.SHIPMENT_STATE_IN_TRANSIT, stage: Stage.IN_TRANSIT }, t1)).toBe(true);
  });

  it('never moves to an earlier stage, even with a newer time', () => {
    const here = { leg: LEG_RESULT, state: ShipmentState.SHIPMENT_STATE_IN_TRANSIT, at: t1 };
    expect(moves(here, { state: ShipmentState.SHIPMENT_STATE_PICKING_UP, stage: Stage.PICKING_UP }, t2)).toBe(false);
  });

  it('within a stage, moves only to a newer status (a new delivery attempt after a failed one)', () => {
    const failed = { leg: LEG_RESULT, state: ShipmentState.SHIPMENT_STATE_DELIVERY_ATTEMPT_FAILED, at: t1 };
    const delivering = { state: ShipmentState.SHIPMENT_STATE_OUT_FOR_DELIVERY, stage: Stage.LAST_MILE };
    expect(moves(failed, delivering, t2)).toBe(true);
    expect(moves({ ...failed, at: t2 }, delivering, t1)).toBe(false);
    expect(moves({ ...failed, at: t2 }, delivering, t2)).toBe(false);
  });

  it('an end at an early stage cannot end a shipment that went further', () => {
    const collected = { leg: LEG_DOSSIER, state: ShipmentState.SHIPMENT_STATE_COLLECTED, at: t1 };
    expect(moves(collected, { state: ShipmentState.SHIPMENT_STATE_PICKUP_FAILED, stage: Stage.PICKING_UP }, t2)).toBe(false);
    const pickingUp = { leg: LEG_DOSSIER, state: ShipmentState.SHIPMENT_STATE_PICKING_UP, at: t1 };
    expect(moves(pickingUp, { state: ShipmentState.SHIPMENT_STATE_PICKUP_FAILED, stage: Stage.PICKING_UP }, t2)).toBe(true);
  });

  it('never leaves a terminal state', () => {
    for (const state of [
      ShipmentState.SHIPMENT_STATE_CANCELLED,
      ShipmentState.SHIPMENT_STATE_PICKUP_FAILED,
      ShipmentState.SHIPMENT_STATE_REJECTED,
      ShipmentState.SHIPMENT_STATE_HANDED_OVER,
    ]) {
      expect(
        moves({ leg: LEG_DOSSIER, state, at: t1 }, { state: ShipmentState.SHIPMENT_STATE_DELIVERED, stage: Stage.DELIVERED }, t2),
      ).toBe(false);
    }
    const delivered = { leg: LEG_RESULT, state: ShipmentState.SHIPMENT_STATE_DELIVERED, at: t1 };
    expect(moves(delivered, { state: ShipmentState.SHIPMENT_STATE_RETURNED_TO_DESK, stage: Stage.LAST_MILE }, t2)).toBe(false);
  });

  it('a delivered result is the end; a delivered dossier still waits for the hand-over', () => {
    expect(isTerminal(LEG_RESULT, ShipmentState.SHIPMENT_STATE_DELIVERED)).toBe(true);
    expect(isTerminal(LEG_DOSSIER, ShipmentState.SHIPMENT_STATE_DELIVERED)).toBe(false);
    const atDesk = { leg: LEG_DOSSIER, state: ShipmentState.SHIPMENT_STATE_DELIVERED, at: t1 };
    expect(moves(atDesk, { state: ShipmentState.SHIPMENT_STATE_HANDED_OVER, stage: Stage.HANDED_OVER }, t2)).toBe(true);
  });

  it('platform steps go forward only and keep terminal states', () => {
    expect(forward(LEG_DOSSIER, ShipmentState.SHIPMENT_STATE_REQUESTED, ShipmentState.SHIPMENT_STATE_ORDER_CREATED)).toBe(
      ShipmentState.SHIPMENT_STATE_ORDER_CREATED,
    );
    expect(forward(LEG_DOSSIER, ShipmentState.SHIPMENT_STATE_PICKING_UP, ShipmentState.SHIPMENT_STATE_ORDER_CREATED)).toBe(
      ShipmentState.SHIPMENT_STATE_PICKING_UP,
    );
    expect(forward(LEG_DOSSIER, ShipmentState.SHIPMENT_STATE_CANCELLED, ShipmentState.SHIPMENT_STATE_COLLECTED)).toBe(
      ShipmentState.SHIPMENT_STATE_CANCELLED,
    );
  });
});
