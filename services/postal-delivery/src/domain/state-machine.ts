// The shipment state machine. States only move forward: every state sits at a stage of the
// journey, and a change applies only to a later stage, or to the same stage with a newer time
// (a new delivery attempt after a failed one). Terminal states are never left. So a provider
// status that arrives late — older than what we already know — is recorded in the history but never
// moves a shipment backwards.
import { postalEvents } from '@onestop/contracts';

const ShipmentState = postalEvents.ShipmentState;
type ShipmentState = postalEvents.ShipmentState;
type Leg = postalEvents.Leg;

/** Stages of the journey, in order. */
export const Stage = {
  REQUESTED: 0,
  ORDER_CREATED: 1,
  PICKING_UP: 2,
  COLLECTED: 3,
  IN_TRANSIT: 4,
  LAST_MILE: 5,
  DELIVERED: 6,
  HANDED_OVER: 7,
} as const;

/** The stage of each non-terminal state (terminal states are never left, so theirs is moot). */
const STAGE_OF: Partial<Record<ShipmentState, number>> = {
  [ShipmentState.SHIPMENT_STATE_REQUESTED]: Stage.REQUESTED,
  [ShipmentState.SHIPMENT_STATE_ORDER_CREATED]: Stage.ORDER_CREATED,
  [ShipmentState.SHIPMENT_STATE_PICKING_UP]: Stage.PICKING_UP,
  [ShipmentState.SHIPMENT_STATE_COLLECTED]: Stage.COLLECTED,
  [ShipmentState.SHIPMENT_STATE_IN_TRANSIT]: Stage.IN_TRANSIT,
  [ShipmentState.SHIPMENT_STATE_OUT_FOR_DELIVERY]: Stage.LAST_MILE,
  [ShipmentState.SHIPMENT_STATE_DELIVERY_ATTEMPT_FAILED]: Stage.LAST_MILE,
  [ShipmentState.SHIPMENT_STATE_DELIVERED]: Stage.DELIVERED,
  [ShipmentState.SHIPMENT_STATE_HANDED_OVER]: Stage.HANDED_OVER,
};

const ALWAYS_TERMINAL = new Set<ShipmentState>([
  ShipmentState.SHIPMENT_STATE_REJECTED,
  ShipmentState.SHIPMENT_STATE_PICKUP_FAILED,
  ShipmentState.SHIPMENT_STATE_CANCELLED,
  ShipmentState.SHIPMENT_STATE_RETURNED_TO_DESK,
  ShipmentState.SHIPMENT_STATE_HANDED_OVER,
]);

/**
 * Whether a shipment in this state is finished. A delivered result is; a delivered dossier has
 * only reached the desk and still waits for the hand-over record.
 */
export function isTerminal(leg: Leg, state: ShipmentState): boolean {
  if (ALWAYS_TERMINAL.has(state)) return true;
  return state === ShipmentState.SHIPMENT_STATE_DELIVERED && leg === postalEvents.Leg.LEG_RESULT;
}

export function stageOf(state: ShipmentState): number {
  return STAGE_OF[state] ?? Stage.REQUESTED;
}

/** Where a shipment is now: its state and the time of the status that put it there. */
export interface Position {
  leg: Leg;
  state: ShipmentState;
  at: Date;
}

/** A state to move to, at a stage of the journey (terminal states carry the stage they end). */
export interface Target {
  state: ShipmentState;
  stage: number;
}

/** The monotone rule: later stage, or same stage and newer; never out of a terminal state. */
export function moves(current: Position, target: Target, at: Date): boolean {
  if (isTerminal(current.leg, current.state)) return false;
  const stage = stageOf(current.state);
  if (target.stage !== stage) return target.stage > stage;
  return at.getTime() > current.at.getTime();
}

/** The state after a platform step that reaches `target` (never backwards, never out of an end). */
export function forward(leg: Leg, current: ShipmentState, target: ShipmentState): ShipmentState {
  if (isTerminal(leg, current)) return current;
  return stageOf(target) > stageOf(current) ? target : current;
}
