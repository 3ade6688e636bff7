import { EventStoreArgumentError } from './errors';
import type { Commit, EventPublisher } from './types';

/** Streams taken by one relay for a while; the others skip them (PgOutbox: advisory locks in a transaction). */
export interface OutboxClaim {
  /** The streams this relay now holds (a subset of those asked for). */
  claimed: string[];
  /** Their pending commits, per stream in version order (streams held by a parked commit left out). */
  commits: Commit[];
  /** Claimed streams whose next commit is parked: their later commits wait behind it. */
  heldByParked: string[];
  /** Claimed streams with more pending than one claim reads (claim them again for the rest). */
  truncated?: string[];
  /** Records the broker's acknowledgement (takes effect at release). */
  markPublished(commitIds: readonly string[], at: Date): Promise<void>;
  /** Sets a commit aside that can never be published (e.g. larger than the broker accepts). */
  park(commitId: string, reason: string, at: Date): Promise<void>;
  /** Commits the marks and lets the streams go. */
  release(): Promise<void>;
}

/** What the relay needs from the store. */
export interface OutboxStore {
  /** Streams with commits waiting, the longest waiting first, at most `limit`, skipping some and those held behind a parked commit. */
  pendingStreams(limit: number, exclude?: readonly string[]): Promise<string[]>;
  claim(streamIds: readonly string[]): Promise<OutboxClaim>;
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
  /** Pause between background passes (default 1000; a NOTIFY or nudge() starts one at once). */
  pollIntervalMs?: number;
  /** Streams claimed at once (default 100); a pass claims until nothing is pending. */
  batchSize?: number;
  /** First retry delay of a stream whose publish failed, doubled per failure (default 500). */
  minBackoffMs?: number;
  /** Upper bound of that delay (default 30000). */
  maxBackoffMs?: number;
  /** Whether a publish error means the commit can never be published (default: Kafka's message-too-large and invalid-record errors). */
  isUnpublishable?: (err: unknown) => boolean;
  clock?: () => Date;
}

export interface RelayPassResult {
  publishedCommits: number;
  publishedEvents: number;
  /** Streams whose publish failed in this pass (their commits stay pending). */
  failedStreams: string[];
  /** Streams skipped: waiting out a retry delay, or held by another relay. */
  deferredStreams: string[];
  /** Commits parked in this pass (never publishable; the cause is logged and stored). */
  parkedCommits: string[];
}

interface Backoff {
  failures: number;
  retryAt: number;
}

const UNPUBLISHABLE = new Set(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE', 'INVALID_RECORD', 'CORRUPT_MESSAGE']);

/** A Kafka error (or one it wraps) saying the message itself is refused, whatever the retries. */
export function isUnpublishableKafkaError(err: unknown): boolean {
  for (let e = err as Record<string, unknown> | undefined, depth = 0; e && depth < 5; depth++) {
    if (typeof e.type === 'string' && UNPUBLISHABLE.has(e.type)) return true;
    e = (e.cause ?? e.originalError) as Record<string, unknown> | undefined;
  }
  return false;
}

/**
 * Sends stored commits to the broker and marks them published, per stream in version order.
 * A commit is marked only after publish() resolved, so a crash in between means a resend (consumers
 * dedupe by event id), never a loss. Streams are claimed before they are read, so several relays
 * (several instances) share the work without sending a commit twice in the normal case.
 *
 * The claimed commits of streams that have not failed lately go to the broker in one publish; if
 * that fails they go stream by stream, so one bad stream cannot hold the others: a failing stream
 * waits out an exponential backoff while the rest go on, and a commit the broker refuses for good
 * is parked (its stream's later commits wait behind it; the cause is logged and stored).
 */
export class OutboxRelay {
  private readonly log?: RelayLogger;
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;
  private readonly minBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly isUnpublishable: (err: unknown) => boolean;
  private readonly clock: () => Date;
  private readonly backoff = new Map<string, Backoff>();
  private queue: Promise<unknown> = Promise.resolve();
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private nudged = false;
  private loopFailures = 0;
  /** Streams named by nudges since the last pass (a targeted pass claims only these). */
  private readonly woken = new Set<string>();
  /** Whether the next pass must look at every pending stream (poll, bare nudge, backlog). */
  private fullDue = true;
  private lastFullAt = 0;

  constructor(
    private readonly store: OutboxStore,
    private readonly publisher: EventPublisher,
    options: OutboxRelayOptions = {},
  ) {
    this.log = options.logger?.child({ component: 'outbox-relay' });
    this.pollIntervalMs = positive(options.pollIntervalMs ?? 1000, 'pollIntervalMs');
    this.batchSize = positive(options.batchSize ?? 100, 'batchSize', true);
    this.minBackoffMs = positive(options.minBackoffMs ?? 500, 'minBackoffMs');
    this.maxBackoffMs = positive(options.maxBackoffMs ?? 30_000, 'maxBackoffMs');
    this.isUnpublishable = options.isUnpublishable ?? isUnpublishableKafkaError;
    this.clock = options.clock ?? (() => new Date());
  }

  /**
   * A pass over the streams named (those it can claim), reclaiming a stream while its backlog is
   * longer than one claim reads. Streams in a retry delay are skipped. Passes never overlap.
   */
  publishStreams(streamIds: readonly string[]): Promise<RelayPassResult> {
    const run = this.queue.then(() => this.targeted(streamIds));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * One full pass: publishes every pending commit it can claim. Streams in a retry delay are
   * skipped only when `respectBackoff` is set (the background loop sets it). Passes never overlap.
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

  /**
   * Asks for a pass now instead of at the next poll. With a stream id (an append of this instance
   * or its NOTIFY) the pass claims just the streams named since the last one — no search for
   * pending streams, and no contention for another instance's commits, which its own relay
   * publishes; without (e.g. a released parked commit) it looks at every pending stream. Polling
   * stays the fallback for commits whose writer died before publishing.
   */
  nudge(streamId?: string): void {
    if (!this.running) return;
    if (streamId === undefined) this.fullDue = true;
    else this.woken.add(streamId);
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
    // Every poll interval a full pass, however busy: it finds what no nudge named (another
    // instance died before publishing, a lost NOTIFY, a stream whose retry delay ran out).
    const full = this.fullDue || Date.now() - this.lastFullAt >= this.pollIntervalMs;
    if (full) this.lastFullAt = Date.now();
    const streams = [...this.woken];
    this.fullDue = false;
    this.woken.clear();
    let delay = this.pollIntervalMs;
    try {
      const result = full ? await this.publishPending({ respectBackoff: true }) : await this.publishStreams(streams);
      this.loopFailures = 0;
      // A full pass that sent something may have left a longer backlog behind: go on at once.
      if (full && result.publishedCommits > 0 && result.failedStreams.length === 0) {
        this.fullDue = true;
        delay = 0;
      }
    } catch (err) {
      this.loopFailures++;
      delay = this.backoffMs(this.loopFailures);
      // The streams named are not forgotten: the retry looks at everything pending.
      this.fullDue = true;
      this.log?.error({ err, failures: this.loopFailures, retryInMs: delay }, 'outbox pass failed');
    }
    if (this.running) this.schedule(this.nudged ? 0 : delay);
  }

  private async targeted(streamIds: readonly string[]): Promise<RelayPassResult> {
    const now = this.clock().getTime();
    const result: RelayPassResult = { publishedCommits: 0, publishedEvents: 0, failedStreams: [], deferredStreams: [], parkedCommits: [] };
    let streams = [...new Set(streamIds)].filter((s) => {
      const b = this.backoff.get(s);
      if (b && b.retryAt > now) result.deferredStreams.push(s);
      return !(b && b.retryAt > now);
    });
    while (streams.length > 0) {
      const claim = await this.store.claim(streams.slice(0, this.batchSize));
      let again: string[];
      try {
        const claimed = new Set(claim.claimed);
        result.deferredStreams.push(...streams.slice(0, this.batchSize).filter((s) => !claimed.has(s)));
        const failedBefore = result.failedStreams.length;
        const deferredBefore = result.deferredStreams.length;
        await this.publishClaimed(claim, result);
        const stuck = new Set([...result.failedStreams.slice(failedBefore), ...result.deferredStreams.slice(deferredBefore)]);
        again = (claim.truncated ?? []).filter((s) => !stuck.has(s));
      } finally {
        await claim.release();
      }
      streams = [...streams.slice(this.batchSize), ...again];
    }
    return result;
  }

  private async pass(respectBackoff: boolean): Promise<RelayPassResult> {
    const now = this.clock().getTime();
    const skip = new Set<string>();
    const result: RelayPassResult = { publishedCommits: 0, publishedEvents: 0, failedStreams: [], deferredStreams: [], parkedCommits: [] };
    if (respectBackoff) for (const [s, b] of this.backoff) if (b.retryAt > now) skip.add(s);
    result.deferredStreams.push(...skip);
    for (;;) {
      const streams = await this.store.pendingStreams(this.batchSize, [...skip]);
      if (streams.length === 0) return result;
      for (const s of streams) skip.add(s);
      const claim = await this.store.claim(streams);
      try {
        const claimed = new Set(claim.claimed);
        result.deferredStreams.push(...streams.filter((s) => !claimed.has(s)));
        await this.publishClaimed(claim, result);
      } finally {
        await claim.release();
      }
    }
  }

  /** The claimed commits of healthy streams in one publish; on failure, and for the others, stream by stream. */
  private async publishClaimed(claim: OutboxClaim, result: RelayPassResult): Promise<void> {
    const groups = byStream(claim.commits);
    const healthy = [...groups].filter(([s]) => !this.backoff.has(s));
    const risky = [...groups]
      .filter(([s]) => this.backoff.has(s))
      .sort(([a], [b]) => (this.backoff.get(a)?.failures ?? 0) - (this.backoff.get(b)?.failures ?? 0));
    if (healthy.length > 1) {
      const commits = healthy.flatMap(([, list]) => list);
      try {
        await this.publisher.publish(commits.flatMap((c) => c.events));
        await this.marked(claim, commits, result);
        healthy.length = 0;
      } catch (err) {
        this.log?.warn({ err, streams: healthy.length }, 'batch publish failed; publishing stream by stream');
      }
    }
    let anySucceeded = false;
    let failed = 0;
    const ordered = [...healthy, ...risky];
    for (let i = 0; i < ordered.length; i++) {
      const [streamId, list] = ordered[i];
      const outcome = await this.publishStream(claim, streamId, list, result);
      if (outcome !== 'failed') anySucceeded = true;
      else if (++failed >= 2 && !anySucceeded) {
        // Two streams failed and none got through: the broker is likely down; the rest wait for the next pass.
        result.deferredStreams.push(...ordered.slice(i + 1).map(([s]) => s));
        return;
      }
    }
  }

  /** Publishes one stream's commits in order, stopping at the first failure. */
  private async publishStream(
    claim: OutboxClaim,
    streamId: string,
    commits: Commit[],
    result: RelayPassResult,
  ): Promise<'ok' | 'failed' | 'parked'> {
    for (const commit of commits) {
      try {
        await this.publisher.publish(commit.events);
      } catch (err) {
        if (this.isUnpublishable(err)) {
          const reason = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
          await claim.park(commit.commitId, reason, this.clock());
          this.backoff.delete(streamId);
          result.parkedCommits.push(commit.commitId);
          this.log?.error(
            { err, streamId, commitId: commit.commitId, events: commit.events.length },
            'commit can never be published; parked (its stream waits behind it)',
          );
          return 'parked';
        }
        const failures = (this.backoff.get(streamId)?.failures ?? 0) + 1;
        const retryInMs = this.backoffMs(failures);
        this.backoff.set(streamId, { failures, retryAt: this.clock().getTime() + retryInMs });
        result.failedStreams.push(streamId);
        this.log?.warn({ err, streamId, commitId: commit.commitId, failures, retryInMs }, 'publish failed; will retry');
        return 'failed';
      }
      await this.marked(claim, [commit], result);
      this.backoff.delete(streamId);
    }
    return 'ok';
  }

  private async marked(claim: OutboxClaim, commits: Commit[], result: RelayPassResult): Promise<void> {
    await claim.markPublished(
      commits.map((c) => c.commitId),
      this.clock(),
    );
    for (const c of commits) {
      result.publishedCommits++;
      result.publishedEvents += c.events.length;
      this.log?.debug({ streamId: c.streamId, commitId: c.commitId, events: c.events.length }, 'commit published');
    }
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
