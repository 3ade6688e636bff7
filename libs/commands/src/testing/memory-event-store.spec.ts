// An in-memory EventStore for the handler's unit tests: the same contract and typed errors as the
// real stores (version check, request ids, reservations), nothing persisted. Hooks let a test run
// code just before an append is checked, to stage races deterministically.
import {
  type AppendOptions,
  type AppendResult,
  type Commit,
  ConcurrencyError,
  DuplicateRequestError,
  type EventStore,
  type EventToAppend,
  type NumberedAppend,
  type NumberedAppendOptions,
  type RecordedEvent,
  ReservationTakenError,
} from '@onestop/eventstore';

export class MemoryEventStore implements EventStore {
  readonly commits: Commit[] = [];
  appendCalls = 0;
  /** Runs before each append is checked (a test stages a concurrent writer here). */
  beforeAppend: ((streamId: string) => Promise<void> | void) | undefined;

  private inHook = false;

  async append(streamId: string, events: EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    if (!this.inHook && this.beforeAppend) {
      // Appends made by the hook itself (the staged concurrent writer) do not run it again.
      this.inHook = true;
      try {
        await this.beforeAppend(streamId);
      } finally {
        this.inHook = false;
      }
    }
    if (!this.inHook) this.appendCalls++;
    const version = await this.streamVersion(streamId);
    if (options.requestId) {
      const earlier = this.commits.find((c) => c.requestId === options.requestId);
      if (earlier) throw new DuplicateRequestError(options.requestId, earlier.streamId, earlier.commitId, earlier.events, earlier.result);
    }
    const expected = options.expectedVersion;
    if (expected !== 'any' && (expected === 'no_stream' ? version !== 0 : version !== expected))
      throw new ConcurrencyError(streamId, expected, version);
    if (options.reservation && this.commits.some((c) => c.reservation?.key === options.reservation!.key)) {
      throw new ReservationTakenError(options.reservation.key, options.reservation.scope);
    }
    const recordedAt = new Date();
    const recorded: RecordedEvent[] = events.map((e, i) => ({
      id: e.id ?? `${streamId}-${version + i + 1}`,
      streamId,
      version: version + i + 1,
      type: e.type,
      data: e.data,
      recordedAt,
      metadata: options.metadata ?? {},
      prevHash: '',
      hash: '',
      source: 'memory',
    }));
    const commit: Commit = {
      commitId: `c${this.commits.length + 1}`,
      streamId,
      firstVersion: version + 1,
      lastVersion: version + events.length,
      events: recorded,
      recordedAt,
      requestId: options.requestId ?? null,
      result: options.result ?? null,
      reservation: options.reservation ?? null,
      publishedAt: null,
    };
    this.commits.push(commit);
    return commit;
  }

  /** The scope's next number (after the highest reserved), built and appended like any reservation. */
  async appendNumbered(streamId: string, numbered: NumberedAppend, options: NumberedAppendOptions): Promise<AppendResult | null> {
    const seq = (await this.maxReservedSeq(numbered.scope)) + 1;
    const made = numbered.build(seq);
    if (made === null) return null;
    return this.append(streamId, made.events, {
      ...options,
      result: made.result,
      reservation: { key: made.key, scope: numbered.scope, seq },
    });
  }

  async readStream(streamId: string): Promise<RecordedEvent[]> {
    return this.commits.filter((c) => c.streamId === streamId).flatMap((c) => c.events);
  }

  async streamVersion(streamId: string): Promise<number> {
    return (await this.readStream(streamId)).length;
  }

  async findByRequestId(requestId: string): Promise<Commit | null> {
    return this.commits.find((c) => c.requestId === requestId) ?? null;
  }

  async findByReservation(key: string): Promise<Commit | null> {
    return this.commits.find((c) => c.reservation?.key === key) ?? null;
  }

  async maxReservedSeq(scope: string): Promise<number> {
    return Math.max(0, ...this.commits.filter((c) => c.reservation?.scope === scope).map((c) => c.reservation!.seq));
  }

  async listStreamIds(): Promise<string[]> {
    return [...new Set(this.commits.map((c) => c.streamId))].sort();
  }

  async *readAll(): AsyncIterable<RecordedEvent> {
    for (const id of await this.listStreamIds()) yield* await this.readStream(id);
  }
}
