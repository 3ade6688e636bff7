// Commands on a shipment stream through the platform's one command handler: clients' commands
// (authorised against the shipment as loaded, answered from it), and the outcomes postal-delivery
// records itself (work answers, provider reports) under request ids it derives.
import { type Command, type CommandMeta, denied, type Rejection, refuse } from '@onestop/commands';
import { decide, type PostalCommand, type ShipmentState } from '../domain/decide';
import type { PostalEvent } from '../domain/events';
import type { Shipment } from '../domain/shipment';
import { actsForUnit } from './access';
import type { Clock, ShipmentStreams } from './ports';

export type ShipmentCommand<R> = Command<PostalEvent, ShipmentState, R>;

/** The caller acts for the shipment's unit (a shipment that does not exist yet is the domain's to refuse). */
export const mayActOnShipment = ({ state }: { state: ShipmentState }, meta: CommandMeta): Rejection | undefined =>
  state ? actsForUnit(meta.actor, state.unitCode) : undefined;

/** Only an officer of the shipment's own desk (a hand-over is received by the desk it goes to). */
export const isDeskOfShipment = ({ state }: { state: ShipmentState }, meta: CommandMeta): Rejection | undefined =>
  state && meta.actor.unitCode !== state.unitCode
    ? denied(`the dossier goes to the desk of unit ${state.unitCode}; officer ${meta.actor.officerId} is of unit ${meta.actor.unitCode}`)
    : undefined;

export interface ClientCommand<R> {
  shipmentId: string;
  command: PostalCommand;
  authorize: ShipmentCommand<R>['authorize'];
  respond: (shipment: Shipment) => R;
  encode: (response: R) => unknown;
  decode: (json: unknown) => R;
}

/** Runs a client's command; a rejection is thrown (the gRPC edge maps it to a status code). */
export function runClientCommand<R>(streams: ShipmentStreams, clock: Clock, meta: CommandMeta, c: ClientCommand<R>): Promise<R> {
  return streams.commands.execute<R>(meta, {
    name: c.command.type,
    streamId: c.shipmentId,
    authorize: c.authorize,
    decide: ({ state }) => decide(c.command, state, { now: clock() }),
    respond: ({ state }) => c.respond(state!),
    encodeAnswer: c.encode,
    decodeAnswer: c.decode,
  });
}

/**
 * Records what postal-delivery learned (a work answer, a provider report) as decided on the
 * shipment now. Returns the events appended: none when there was nothing to record, or when this
 * request id was already recorded (the work ran twice). A refusal other than that is thrown.
 */
export async function recordOutcome(
  streams: ShipmentStreams,
  clock: Clock,
  meta: CommandMeta,
  shipmentId: string,
  command: PostalCommand,
): Promise<PostalEvent[]> {
  const handled = await streams.commands.handle(meta, {
    name: command.type,
    streamId: shipmentId,
    authorize: () => undefined,
    decide: ({ state }) => decide(command, state, { now: clock() }),
    respond: () => null,
  });
  if (handled.kind === 'done') return handled.events;
  if (handled.kind === 'replayed' || handled.rejection.kind === 'already_exists') return [];
  return refuse(handled.rejection);
}
