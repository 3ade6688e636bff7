// load -> decide -> append, with the two guarantees every command has: a retried request id gets
// the first answer back, and a concurrent change makes us read again and decide again.
import { AbortedError, AlreadyExistsError, FailedPreconditionError, InvalidArgumentError } from '@onestop/grpc-kit';
import type { Decision, Rejection } from '../domain/decide';
import type { IntakeEvent } from '../domain/events';
import { CodeTaken, RequestAlreadyHandled, StreamConflict } from './errors';
import type { CommandMeta, DossierStreams, LoadedDossier, StoredAnswer } from './ports';

const MAX_ATTEMPTS = 5;

export function throwRejection(rejection: Rejection): never {
  if (rejection.kind === 'invalid') throw new InvalidArgumentError(rejection.violations);
  throw new FailedPreconditionError(rejection.message);
}

/** The earlier answer to this request id, if the command was already handled. */
export async function earlierAnswer<R>(streams: DossierStreams, meta: CommandMeta, command: string, decode: (json: unknown) => R): Promise<R | undefined> {
  const answer = await streams.answerFor(meta.requestId);
  return answer === undefined ? undefined : replay(answer, command, meta, decode);
}

export function replay<R>(answer: StoredAnswer, command: string, meta: CommandMeta, decode: (json: unknown) => R): R {
  if (answer.command !== command) {
    throw new AlreadyExistsError(`request_id ${meta.requestId} was already used for ${answer.command}; use a new request id for ${command}`);
  }
  return decode(answer.response);
}

export interface Step<R> {
  events: IntakeEvent[];
  response: R;
  reservation?: { key: string; scope: string; seq: number };
}

export interface CommandSpec<R> {
  command: string;
  dossierId: string;
  decide: (loaded: LoadedDossier) => Promise<Step<R>> | Step<R>;
  encode: (response: R) => unknown;
  decode: (json: unknown) => R;
  /** The metadata stored with the events when it depends on the dossier (default: the caller's). */
  metaFor?: (loaded: LoadedDossier) => CommandMeta;
}

/** Runs a command against one dossier stream. */
export async function runCommand<R>(streams: DossierStreams, meta: CommandMeta, spec: CommandSpec<R>): Promise<R> {
  const earlier = await earlierAnswer(streams, meta, spec.command, spec.decode);
  if (earlier !== undefined) return earlier;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const loaded = await streams.load(spec.dossierId);
    const step = await spec.decide(loaded);
    try {
      await streams.append(spec.dossierId, step.events, {
        expectedVersion: loaded.state.version,
        meta: spec.metaFor?.(loaded) ?? meta,
        answer: { command: spec.command, response: spec.encode(step.response) },
        reservation: step.reservation,
      });
      return step.response;
    } catch (err) {
      if (err instanceof RequestAlreadyHandled) return replay(err.answer, spec.command, meta, spec.decode);
      if (!(err instanceof StreamConflict) && !(err instanceof CodeTaken)) throw err;
    }
  }
  throw new AbortedError(`dossier ${spec.dossierId} kept changing while ${spec.command} ran; retry with the same request_id`);
}

/** Turns a domain decision into a step, or throws its rejection. */
export function stepOf<R>(decision: Decision, response: (events: IntakeEvent[]) => R): Step<R> {
  if (!decision.ok) throwRejection(decision.rejection);
  return { events: decision.events, response: response(decision.events) };
}
