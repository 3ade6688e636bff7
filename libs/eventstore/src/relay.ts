import { EventStoreArgumentError } from './errors';
import type { Commit, EventPublisher } from './types';

/** What the relay needs from the store (MongoEventStore implements it from its `<collection>_outbox`). */
export interface OutboxStore {
  /** Unpublished commits ordered by stream id then version, at most `limit`, skipping some streams. */
  pendingCommits(limit: number, excludeStreamIds?: readonly string[]): Promise<Commit[]>;
  markPublished(commitId: string, at: Date): Promise<void>;
}

/** The part of a pino Logger the relay uses (a pino Logger fits). */
export interface RelayLogger {
  child(bindings: Record<string, unknown>): RelayLogger;
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface OutboxRelayOptions {
  logger?: RelayLogger;
  /** Pause between background passes (default 500). */
  pollIntervalMs?: number;
  /** Commits read per query (default 100); a pass reads until nothing is pending. */
  batchSize?: number;
  /** First retry delay of a stream whose publish failed, doubled per failure (default 500). */
  minBackoffMs?: number;
  /** Upper bound of that delay (default 30000). */
  maxBackoffMs?: number;
  clock?: () => Date;
}

export interface RelayPassResult {
  publishedCommits: number;
  publishedEvents: number;
  /** Streams whose publish failed in this pass (their commits stay pending). */
  failedStreams: string[];
  /** Streams skipped because they are waiting out a retry delay. */
  deferredStreams: string[];
}

interface Backoff {
  failures: number;
  retryAt: number;
}

/**
 * Sends stored commits to the broker and marks them published, per stream in version order.
 * A commit is marked only after publish() resolved, so a crash in between means a resend (consumers
 * dedupe by event id), never a loss. A failing stream is retried with exponential backoff while
 * the other streams go on.
 */
export class OutboxRelay {
  private readonly log?: RelayLogger;
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;
  private readonly minBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly clock: () => Date;
  private readonly backoff = new Map<string, Backoff>();
  private queue: Promise<unknown> = Promise.resolve();
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private nudged = false;
  private loopFailures = 0;

  constructor(
    private readonly store: OutboxStore,
    private readonly publisher: EventPublisher,
    options: OutboxRelayOptions = {},
  ) {
    this.log = options.logger?.child({ component: 'outbox-relay' });
    this.pollIntervalMs = positive(options.pollIntervalMs ?? 500, 'pollIntervalMs');
    this.batchSize = positive(options.batchSize ?? 100, 'batchSize', true);
    this.minBackoffMs = positive(options.minBackoffMs ?? 500, 'minBackoffMs');
    this.maxBackoffMs = positive(options.maxBackoffMs ?? 30_000, 'maxBackoffMs');
    this.clock = options.clock ?? (() => new Date());
  }

  /**
   * One full pass: publishes every pending commit. Streams in a retry delay are skipped only when
   * `respectBackoff` is set (the background loop sets it). Passes never overlap.
   */
  publishPending(options: { respectBackoff?: boolean } = {}): Promise<RelayPassResult> {
    const run = this.queue.then(() => this.pass(options.respectBackoff ?? false));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Starts polling in the background. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  /** Asks for a pass now (e.g. right after an append) instead of at the next poll. */
  nudge(): void {
    if (!this.running) return;
    if (this.inFlight) {
      this.nudged = true;
      return;
    }
    this.schedule(0);
  }

  /** Stops polling and waits for the pass in flight. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.inFlight;
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.inFlight = this.tick().finally(() => (this.inFlight = null));
    }, delayMs);
  }

  private async tick(): Promise<void> {
    this.nudged = false;
    let delay = this.pollIntervalMs;
    try {
      await this.publishPending({ respectBackoff: true });
      this.loopFailures = 0;
    } catch (err) {
      this.loopFailures++;
      delay = this.backoffMs(this.loopFailures);
      this.log?.error({ err, failures: this.loopFailures, retryInMs: delay }, 'outbox pass failed');
    }
    if (this.running) this.schedule(this.nudged ? 0 : delay);
  }

  private async pass(respectBackoff: boolean): Promise<RelayPassResult> {
    const now = this.clock().getTime();
    const skip = new Set<string>();
    if (respectBackoff) for (const [s, b] of this.backoff) if (b.retryAt > now) skip.add(s);
    const result: RelayPassResult = { publishedCommits: 0, publishedEvents: 0, failedStreams: [], deferredStreams: [...skip] };
    const done = new Set<string>();
    for (;;) {
      const commits = await this.store.pendingCommits(this.batchSize, [...skip]);
      for (const [streamId, list] of byStream(commits)) {
        if (list.some((c) => done.has(c.commitId))) {
          this.log?.warn({ streamId }, 'commit still pending after it was marked published; skipping stream this pass');
          skip.add(streamId);
        } else if (!(await this.publishStream(streamId, list, result, done))) {
          skip.add(streamId);
        }
      }
      if (commits.length < this.batchSize) return result;
    }
  }

  /** Publishes one stream's commits in order; false (and a retry delay) at the first failure. */
  private async publishStream(streamId: string, commits: Commit[], result: RelayPassResult, done: Set<string>): Promise<boolean> {
    for (const commit of commits) {
      try {
        await this.publisher.publish(commit.events);
      } catch (err) {
        const failures = (this.backoff.get(streamId)?.failures ?? 0) + 1;
        const retryInMs = this.backoffMs(failures);
        this.backoff.set(streamId, { failures, retryAt: this.clock().getTime() + retryInMs });
        result.failedStreams.push(streamId);
        this.log?.warn({ err, streamId, commitId: commit.commitId, failures, retryInMs }, 'publish failed; will retry');
        return false;
      }
      await this.store.markPublished(commit.commitId, this.clock());
      done.add(commit.commitId);
      this.backoff.delete(streamId);
      result.publishedCommits++;
      result.publishedEvents += commit.events.length;
      this.log?.debug({ streamId, commitId: commit.commitId, events: commit.events.length }, 'commit published');
    }
    return true;
  }

  private backoffMs(failures: number): number {
    return Math.min(this.maxBackoffMs, this.minBackoffMs * 2 ** Math.min(failures - 1, 30));
  }
}

function byStream(commits: Commit[]): Map<string, Commit[]> {
  const m = new Map<string, Commit[]>();
  for (const c of commits) {
    const list = m.get(c.streamId) ?? [];
    list.push(c);
    m.set(c.streamId, list);
  }
  for (const list of m.values()) list.sort((a, b) => a.firstVersion - b.firstVersion);
  return m;
}

function positive(v: number, field: string, integer = false): number {
  if (!Number.isFinite(v) || v <= 0 || (integer && !Number.isInteger(v))) {
    throw new EventStoreArgumentError(`options.${field}`, `must be a positive ${integer ? 'integer' : 'number'}`);
  }
  return v;
}
