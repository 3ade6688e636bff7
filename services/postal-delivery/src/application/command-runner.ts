// load -> decide -> append, with the two guarantees every change has: a retried request id gets
// the first answer back, and a concurrent change makes us read again and decide again.
import { AbortedError, AlreadyExistsError, FailedPreconditionError, InvalidArgumentError, NotFoundError } from '@onestop/grpc-kit';
import type { Decision, Rejection } from '../domain/decision';
import type { PostalEvent } from '../domain/events';
import { evolve, type Shipment } from '../domain/shipment';
import { RequestAlreadyHandled, StreamConflict } from './errors';
import type { CommandMeta, LoadedShipment, ShipmentStreams, StoredAnswer } from './ports';

const MAX_ATTEMPTS = 8;

/** Maps a domain rejection to the gRPC error sent to the caller (the one place it happens). */
export function throwRejection(rejection: Rejection): never {
  if (rejection.kind === 'invalid') throw new InvalidArgumentError(rejection.violations);
  if (rejection.kind === 'not_found') throw new NotFoundError(rejection.message);
  throw new FailedPreconditionError(rejection.message);
}

function replay<R>(answer: StoredAnswer | undefined, command: string, meta: CommandMeta, decode: (json: unknown) => R): R {
  if (!answer) throw new AlreadyExistsError(`request_id ${meta.requestId} was already used`);
  if (answer.command !== command) {
    throw new AlreadyExistsError(`request_id ${meta.requestId} was already used for ${answer.command}; use a new request id for ${command}`);
  }
  return decode(answer.response);
}

export interface CommandSpec<R> {
  command: string;
  shipmentId: string;
  decide: (loaded: LoadedShipment) => Promise<Decision> | Decision;
  /** The answer, from the shipment as it is after the append. */
  respond: (shipment: Shipment) => R;
  encode: (response: R) => unknown;
  decode: (json: unknown) => R;
}

/** Runs a client's command against one shipment stream; the answer is stored with the events. */
export async function runCommand<R>(streams: ShipmentStreams, meta: CommandMeta, spec: CommandSpec<R>): Promise<R> {
  const earlier = await streams.answerFor(meta.requestId);
  if (earlier !== undefined) return replay(earlier, spec.command, meta, spec.decode);
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const loaded = await streams.load(spec.shipmentId);
    const decision = await spec.decide(loaded);
    if (!decision.ok) throwRejection(decision.rejection);
    const response = spec.respond(decision.events.reduce<Shipment | null>(evolve, loaded.shipment)!);
    try {
      await streams.append(spec.shipmentId, decision.events, {
        expectedVersion: loaded.events.length,
        meta,
        answer: { command: spec.command, response: spec.encode(response) },
      });
      return response;
    } catch (err) {
      if (err instanceof RequestAlreadyHandled) return replay(err.answer, spec.command, meta, spec.decode);
      if (!(err instanceof StreamConflict)) throw err;
    }
  }
  throw new AbortedError(`shipment ${spec.shipmentId} kept changing while ${spec.command} ran; retry with the same request_id`);
}

/**
 * Appends what `decide` makes of the stream's current state — work outcomes, provider reports.
 * Idempotent by `requestId`; re-decides on a concurrent change. Returns the events appended
 * (empty when there was nothing to do or the request was already handled).
 */
export async function appendOutcome(
  streams: ShipmentStreams,
  shipmentId: string,
  meta: CommandMeta,
  decide: (shipment: Shipment | null) => PostalEvent[],
): Promise<PostalEvent[]> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const loaded = await streams.load(shipmentId);
    const events = decide(loaded.shipment);
    if (events.length === 0) return [];
    try {
      await streams.append(shipmentId, events, { expectedVersion: loaded.events.length, meta });
      return events;
    } catch (err) {
      if (err instanceof RequestAlreadyHandled) return [];
      if (!(err instanceof StreamConflict)) throw err;
    }
  }
  throw new StreamConflict(`shipment ${shipmentId} kept changing; will try again`);
}
