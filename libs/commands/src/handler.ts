// The one command path of the platform. For a command on one target (a dossier, a case, a
// shipment, a pickup): load the stream, look up the request id, authorise the caller against the
// loaded state, decide, and append the events with the expected version, the request id and the
// answer {command, target, response} in the same write. A version conflict is retried with one
// policy (bounded attempts, jittered backoff); the event store's typed errors are translated here
// and nowhere else.
//
// A request id seen before answers with the stored answer only when the same command on the same
// target repeats it and the caller is authorised for that target now; any other reuse is refused
// with ALREADY_EXISTS naming only the request id — nothing is executed, nothing disclosed. The
// request record is read after the stream at every attempt, so a retry racing the first attempt
// finds the first attempt's answer instead of deciding against the state it produced.
import {
  type Commit,
  ConcurrencyError,
  DuplicateRequestError,
  type EventMetadata,
  type EventStore,
  type EventToAppend,
  type NumberedCommit,
  type RecordedEvent,
  type Reservation,
  ReservationTakenError,
} from '@onestop/eventstore';
import { commandMetrics, traceMetadata } from '@onestop/observability';
import { messageBudgetViolation } from './message-budget';
import { aborted, alreadyExists, type CommandMeta, invalid, type Rejection, RejectionError } from './rejection';
import { backoffDelay, DEFAULT_RETRY_POLICY, type RetryPolicy, sleep } from './retry';

/** How a service's streams are read and written: its event codec and its fold. */
export interface StreamModel<E, S> {
  decode(recorded: RecordedEvent): E;
  encode(event: E): EventToAppend;
  initialState(streamId: string): S;
  evolve(state: S, event: E): S;
}

/** A stream as loaded: its events, their records (metadata, ids) and the folded state. */
export interface Loaded<E, S> {
  streamId: string;
  /** Version of the last event (0 = empty stream). */
  version: number;
  state: S;
  events: E[];
  recorded: RecordedEvent[];
}

/**
 * A decision that takes the next number of a gap-free sequence (e.g. the unit's dossier code of
 * the day): the store gives the number in the append's own transaction and the decision is made
 * for it (again, with another number, if the store has to try again). It must have events.
 */
export interface NumberedDecision<E> {
  /** The sequence, e.g. '<unit>-YYMMDD'. */
  scope: string;
  /** The events for number `seq` and the unique key they claim, or a rejection (e.g. the day's numbers are used up). */
  decide(seq: number): { ok: true; events: E[]; key: string } | { ok: false; rejection: Rejection };
}

/** A decision as the handler appends it: events, and a unique key claimed in the same write (or the next number). */
export type Decided<E> =
  { ok: true; events: E[]; reservation?: Reservation } | { ok: true; numbered: NumberedDecision<E> } | { ok: false; rejection: Rejection };

/** The answer stored with a command's events, returned when its request id is retried. */
export interface StoredAnswer {
  command: string;
  target: string;
  response: unknown;
}

export interface Command<E, S, R> {
  /** The command's name (e.g. 'ReturnResult'); part of the stored answer. */
  name: string;
  /** The stream written. */
  streamId: string;
  /**
   * What the caller names as the command's object, compared on a retry (default: streamId). A
   * creating command whose stream id is new each time names what it creates in (e.g. the unit).
   */
  target?: string;
  /** The version the caller saw; any other version is refused (ABORTED) without deciding. */
  expectedVersion?: number;
  /**
   * The stream id was made for this command (e.g. a new dossier's random id), so nothing is stored
   * under it: the first attempt decides on the empty stream without reading it or the request id.
   * A reused request id is then caught by the store's unique constraint (DuplicateRequestError:
   * answered or refused as any retry is), and looked up before a refusal or an answer that writes
   * nothing, as always. Later attempts read as usual.
   */
  freshStream?: boolean;
  /** Whether the caller may act on this target as it is now; a rejection refuses (never replays). */
  authorize(loaded: Loaded<E, S>, meta: CommandMeta): Rejection | undefined;
  /** The decision, on the stream as loaded at this attempt. */
  decide(loaded: Loaded<E, S>, attempt: number): Decided<E> | Promise<Decided<E>>;
  /** The answer, from the state after the events (also when there were none to append). */
  respond(after: { state: S; events: E[]; loaded: Loaded<E, S> }): R;
  /** The answer as stored (JSON) and back; default: stored as is. */
  encodeAnswer?(response: R): unknown;
  decodeAnswer?(stored: unknown): R;
  /** The metadata recorded with the events when it depends on the stream (default: the caller's). */
  metadata?(loaded: Loaded<E, S>): CommandMeta;
  /**
   * Whether to decide again after another writer appended between `decidedOn` and `now`
   * (default: yes). No: the command is refused ABORTED (the caller acted on a state that is gone).
   */
  retryAfter?(decidedOn: Loaded<E, S>, now: Loaded<E, S>): boolean;
}

export type Handled<E, S, R> =
  | { kind: 'done'; response: R; events: E[]; state: S; commit: Commit | null }
  | { kind: 'replayed'; response: R }
  | { kind: 'rejected'; rejection: Rejection };

/** What an attempt's write came to. */
type Written<E, S, R> =
  | { kind: 'appended'; response: R; events: E[]; state: S; commit: Commit | null }
  | { kind: 'rejected'; rejection: Rejection }
  | { kind: 'duplicate'; streamId: string; result: unknown }
  | { kind: 'conflict' };

export interface CommandHandlerOptions {
  retry?: RetryPolicy;
  /** Source of jitter in [0, 1). */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Told after each append (e.g. to nudge the outbox relay). */
  onAppended?: (commit: Commit) => void;
  /** The most one command's events may weigh on Kafka (default DEFAULT_COMMIT_MAX_BYTES, message-budget.ts). */
  maxCommitBytes?: number;
}

function storedAnswer(result: unknown, streamId: string): StoredAnswer | undefined {
  if (typeof result !== 'object' || result === null) return undefined;
  const r = result as { command?: unknown; target?: unknown; dossierId?: unknown; response?: unknown };
  if (typeof r.command !== 'string') return undefined;
  // Answers stored before targets were recorded name their stream (or processing's dossierId).
  const target = typeof r.target === 'string' ? r.target : typeof r.dossierId === 'string' ? r.dossierId : streamId;
  return { command: r.command, target, response: r.response };
}

export class CommandHandler<E, S> {
  private readonly retry: RetryPolicy;
  private readonly random: () => number;
  private readonly pause: (ms: number) => Promise<void>;

  constructor(
    private readonly store: EventStore,
    private readonly model: StreamModel<E, S>,
    private readonly options: CommandHandlerOptions = {},
  ) {
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.random = options.random ?? Math.random;
    this.pause = options.sleep ?? sleep;
  }

  async load(streamId: string): Promise<Loaded<E, S>> {
    return this.fold(streamId, await this.store.readStream(streamId));
  }

  /**
   * The stream and the commit made with the request id, as of one moment: one round trip where the
   * store reads both in one query (PostgreSQL), else the two reads side by side.
   */
  private async loadForCommand(streamId: string, requestId: string): Promise<[Loaded<E, S>, Commit | null]> {
    if (this.store.readForCommand) {
      const { events, request } = await this.store.readForCommand(streamId, requestId);
      return [this.fold(streamId, events), request];
    }
    return Promise.all([this.load(streamId), this.store.findByRequestId(requestId)]);
  }

  private fold(streamId: string, recorded: RecordedEvent[]): Loaded<E, S> {
    const events = recorded.map((r) => this.model.decode(r));
    const state = events.reduce((s, e) => this.model.evolve(s, e), this.model.initialState(streamId));
    return { streamId, version: recorded.length ? recorded[recorded.length - 1].version : 0, state, events, recorded };
  }

  /** Runs the command; a rejection is returned, not thrown. Outcomes are counted (onestop_commands_total). */
  async handle<R>(meta: CommandMeta, command: Command<E, S, R>): Promise<Handled<E, S, R>> {
    const handled = await this.decideAndAppend(meta, command);
    if (handled.kind === 'rejected') commandMetrics.rejected(command.name, handled.rejection.kind);
    else if (handled.kind === 'done') commandMetrics.accepted(command.name);
    return handled;
  }

  private async decideAndAppend<R>(meta: CommandMeta, command: Command<E, S, R>): Promise<Handled<E, S, R>> {
    const { maxAttempts } = this.retry;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      // The stream and the request record are read together (one query on PostgreSQL). A first
      // attempt that commits after that read is caught either way: its events make the append
      // conflict or duplicate, or make the decision a refusal — and a refusal re-reads the request
      // record.
      const unread = command.freshStream === true && attempt === 1;
      const [loaded, earlier] = unread
        ? [this.fold(command.streamId, []), null]
        : await this.loadForCommand(command.streamId, meta.requestId);
      if (earlier) return this.replay(meta, command, earlier.streamId, earlier.result, loaded);
      const refused = (rejection: Rejection) => this.refusedUnlessHandled(meta, command, rejection);
      if (command.expectedVersion !== undefined && loaded.version !== command.expectedVersion) {
        return refused(changed(command, command.expectedVersion, loaded.version));
      }
      const refusal = command.authorize(loaded, meta);
      if (refusal) return refused(refusal);
      const decided = await command.decide(loaded, attempt);
      if (!decided.ok) return refused(decided.rejection);
      const written =
        'numbered' in decided
          ? await this.appendNumbered(meta, command, loaded, decided.numbered)
          : await this.appendDecided(meta, command, loaded, decided);
      if (written.kind === 'rejected') return refused(written.rejection);
      if (written.kind === 'appended') {
        // Nothing written and the request id not read: it may answer an earlier request.
        if (!written.commit && unread) {
          const handled = await this.store.findByRequestId(meta.requestId);
          if (handled) return this.replay(meta, command, handled.streamId, handled.result);
        }
        if (written.commit) this.options.onAppended?.(written.commit);
        return { kind: 'done', response: written.response, events: written.events, state: written.state, commit: written.commit };
      }
      if (written.kind === 'duplicate') return this.replay(meta, command, written.streamId, written.result);
      if (command.retryAfter && written.kind === 'conflict') {
        const now = await this.load(command.streamId);
        const again = await this.store.findByRequestId(meta.requestId);
        if (again) return this.replay(meta, command, again.streamId, again.result, now);
        if (!command.retryAfter(loaded, now)) return { kind: 'rejected', rejection: changed(command, loaded.version, now.version) };
      }
      if (attempt < maxAttempts) {
        commandMetrics.conflictRetry(command.name);
        await this.pause(backoffDelay(this.retry, attempt, this.random));
      }
    }
    return { kind: 'rejected', rejection: aborted(`${command.name}: the target kept changing; retry with the same request_id`) };
  }

  /** Runs the command; a rejection is thrown as a RejectionError. */
  async execute<R>(meta: CommandMeta, command: Command<E, S, R>): Promise<R> {
    const handled = await this.handle(meta, command);
    if (handled.kind === 'rejected') throw new RejectionError(handled.rejection);
    return handled.response;
  }

  /** The rejection — unless the request was handled meanwhile (a retry racing its first attempt). */
  private async refusedUnlessHandled<R>(meta: CommandMeta, command: Command<E, S, R>, rejection: Rejection): Promise<Handled<E, S, R>> {
    const handled = await this.store.findByRequestId(meta.requestId);
    return handled ? this.replay(meta, command, handled.streamId, handled.result) : { kind: 'rejected', rejection };
  }

  /** A decision with its events (or none: nothing is written). */
  private async appendDecided<R>(
    meta: CommandMeta,
    command: Command<E, S, R>,
    loaded: Loaded<E, S>,
    decided: { events: E[]; reservation?: Reservation },
  ): Promise<Written<E, S, R>> {
    const state = decided.events.reduce((s, e) => this.model.evolve(s, e), loaded.state);
    const response = command.respond({ state, events: decided.events, loaded });
    if (decided.events.length === 0) return { kind: 'appended', response, events: [], state, commit: null };
    const metadata = this.metadataOf(meta, command, loaded);
    const events = decided.events.map((e) => this.model.encode(e));
    // weighed before the append: a commit Kafka would refuse is never stored (message-budget.ts)
    const tooLarge = messageBudgetViolation(command.name, events, metadata, this.options.maxCommitBytes);
    if (tooLarge) return { kind: 'rejected', rejection: invalid([tooLarge]) };
    return this.translated(async () => {
      const last = loaded.recorded.at(-1);
      const commit = await this.store.append(command.streamId, events, {
        expectedVersion: loaded.version === 0 ? 'no_stream' : loaded.version,
        // the head as just read: the store writes without reading it again
        head: last ? { version: last.version, hash: last.hash } : undefined,
        requestId: meta.requestId,
        result: this.answerOf(command, response),
        reservation: decided.reservation,
        metadata,
      });
      return { kind: 'appended', response, events: decided.events, state, commit };
    });
  }

  /** A decision for the next number of a sequence, made once the store gives the number. */
  private async appendNumbered<R>(
    meta: CommandMeta,
    command: Command<E, S, R>,
    loaded: Loaded<E, S>,
    numbered: NumberedDecision<E>,
  ): Promise<Written<E, S, R>> {
    const metadata = this.metadataOf(meta, command, loaded);
    let outcome: Written<E, S, R> | undefined;
    const build = (seq: number): NumberedCommit | null => {
      const d = numbered.decide(seq);
      if (!d.ok) {
        outcome = { kind: 'rejected', rejection: d.rejection };
        return null;
      }
      const state = d.events.reduce((s, e) => this.model.evolve(s, e), loaded.state);
      const response = command.respond({ state, events: d.events, loaded });
      const events = d.events.map((e) => this.model.encode(e));
      const tooLarge = messageBudgetViolation(command.name, events, metadata, this.options.maxCommitBytes);
      if (tooLarge) {
        outcome = { kind: 'rejected', rejection: invalid([tooLarge]) };
        return null;
      }
      outcome = { kind: 'appended', response, events: d.events, state, commit: null };
      return { events, key: d.key, result: this.answerOf(command, response) };
    };
    return this.translated(async () => {
      const commit = await this.store.appendNumbered(
        command.streamId,
        { scope: numbered.scope, build },
        { expectedVersion: loaded.version === 0 ? 'no_stream' : loaded.version, requestId: meta.requestId, metadata },
      );
      const made = outcome as Written<E, S, R>;
      return commit && made.kind === 'appended' ? { ...made, commit } : made;
    });
  }

  private answerOf<R>(command: Command<E, S, R>, response: R): StoredAnswer {
    return {
      command: command.name,
      target: command.target ?? command.streamId,
      response: command.encodeAnswer ? command.encodeAnswer(response) : response,
    };
  }

  /** The one translation of the event store's typed errors. */
  private async translated<R>(write: () => Promise<Written<E, S, R>>): Promise<Written<E, S, R>> {
    try {
      return await write();
    } catch (err) {
      if (err instanceof DuplicateRequestError) return { kind: 'duplicate', streamId: err.streamId, result: err.result };
      // Another writer appended first, or claimed the same unique key (e.g. the day's next dossier
      // code): read again and decide again.
      if (err instanceof ConcurrencyError || err instanceof ReservationTakenError) return { kind: 'conflict' };
      throw err;
    }
  }

  private metadataOf<R>(meta: CommandMeta, command: Command<E, S, R>, loaded: Loaded<E, S>): EventMetadata {
    const recordedMeta = command.metadata?.(loaded) ?? meta;
    return {
      requestId: meta.requestId,
      correlationId: recordedMeta.correlationId,
      actor: recordedMeta.actor,
      ...(recordedMeta.causationId ? { causationId: recordedMeta.causationId } : {}),
      // the current span's traceparent (ce_traceparent on Kafka), not part of the hash
      ...traceMetadata(),
    };
  }

  private async replay<R>(
    meta: CommandMeta,
    command: Command<E, S, R>,
    streamId: string,
    result: unknown,
    loaded?: Loaded<E, S>,
  ): Promise<Handled<E, S, R>> {
    const refused: Handled<E, S, R> = {
      kind: 'rejected',
      rejection: alreadyExists(`request_id ${meta.requestId} was already used for another request; use a new request id`),
    };
    const answer = storedAnswer(result, streamId);
    if (!answer || answer.command !== command.name || answer.target !== (command.target ?? command.streamId)) return refused;
    const target = loaded && loaded.streamId === streamId ? loaded : await this.load(streamId);
    if (command.authorize(target, meta)) return refused;
    return { kind: 'replayed', response: command.decodeAnswer ? command.decodeAnswer(answer.response) : (answer.response as R) };
  }
}

function changed(command: { name: string }, expected: number, actual: number): Rejection {
  return aborted(`${command.name}: the target changed (version ${actual}, you acted on version ${expected}); reload it and retry`);
}
