import pino from 'pino';
import { isUnpublishableKafkaError, OutboxRelay, type OutboxClaim, type OutboxStore, type RelayLogger } from './relay';
import type { Commit, EventPublisher, RecordedEvent } from './types';

/** In-memory outbox with the store's contract: claims, per-stream order, marks and parking. */
class MemoryOutbox implements OutboxStore {
  readonly commits: Commit[] = [];
  readonly marks: string[] = [];
  readonly parked = new Map<string, string>();
  /** Streams another relay holds (claims skip them). */
  readonly heldElsewhere = new Set<string>();
  claims = 0;
  /** Commits one claim reads per stream at most (more: the stream is reported truncated). */
  perClaim = Infinity;

  add(streamId: string, eventCount = 1): Commit {
    const last = this.commits.filter((c) => c.streamId === streamId).reduce((v, c) => Math.max(v, c.lastVersion), 0);
    const events: RecordedEvent[] = Array.from({ length: eventCount }, (_, i) => ({
      id: `${streamId}-e${last + i + 1}`,
      streamId,
      version: last + i + 1,
      type: 't',
      data: new Uint8Array([1]),
      recordedAt: new Date(0),
      metadata: {},
      prevHash: '',
      hash: 'h',
      source: 'test',
    }));
    const commit: Commit = {
      commitId: `${streamId}:${last + 1}`,
      streamId,
      firstVersion: last + 1,
      lastVersion: last + eventCount,
      events,
      recordedAt: new Date(0),
      requestId: null,
      result: undefined,
      reservation: null,
      publishedAt: null,
    };
    this.commits.push(commit);
    return commit;
  }

  async pendingStreams(limit: number, exclude: readonly string[] = []): Promise<string[]> {
    const held = new Set(this.commits.filter((c) => c.publishedAt === null && this.parked.has(c.commitId)).map((c) => c.streamId));
    const waiting = this.commits.filter((c) => c.publishedAt === null && !held.has(c.streamId) && !exclude.includes(c.streamId));
    return [...new Set(waiting.map((c) => c.streamId))].slice(0, limit);
  }

  async claim(streamIds: readonly string[]): Promise<OutboxClaim> {
    this.claims++;
    const claimed = streamIds.filter((s) => !this.heldElsewhere.has(s));
    const pending = this.commits.filter((c) => c.publishedAt === null && claimed.includes(c.streamId));
    pending.sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : a.firstVersion - b.firstVersion));
    const held = new Set(claimed.filter((s) => this.parked.has(pending.find((c) => c.streamId === s)?.commitId ?? '')));
    const read = pending.filter(
      (c) => !held.has(c.streamId) && pending.filter((p) => p.streamId === c.streamId).indexOf(c) < this.perClaim,
    );
    return {
      claimed,
      commits: read,
      heldByParked: [...held],
      truncated: claimed.filter((s) => !held.has(s) && pending.filter((c) => c.streamId === s).length > this.perClaim),
      markPublished: async (ids, at) => {
        for (const id of ids) {
          const c = this.commits.find((x) => x.commitId === id);
          if (c && c.publishedAt === null) c.publishedAt = at;
          this.marks.push(id);
        }
      },
      park: async (id, reason) => void this.parked.set(id, reason),
      release: async () => undefined,
    };
  }

  pending(): string[] {
    return this.commits.filter((c) => c.publishedAt === null).map((c) => c.commitId);
  }
}

/** Records what was published; a publish with an event of a stream in `down` fails. */
class RecordingPublisher implements EventPublisher {
  readonly sent: string[] = [];
  readonly down = new Set<string>();
  calls = 0;
  constructor(
    private readonly outbox?: MemoryOutbox,
    private readonly error: (streamId: string) => Error = () => new Error('broker unavailable'),
  ) {}

  async publish(events: RecordedEvent[]): Promise<void> {
    this.calls++;
    const bad = events.find((e) => this.down.has(e.streamId));
    if (bad) throw this.error(bad.streamId);
    // the commit must not be marked before the broker acknowledged it
    if (this.outbox) for (const e of events) expect(this.outbox.marks).not.toContain(`${e.streamId}:${e.version}`);
    this.sent.push(...events.map((e) => e.id));
  }
}

type Line = { level: string; obj: object; msg?: string };

function recordingLogger(lines: Line[]): RelayLogger {
  const log = (level: string) => (obj: object, msg?: string) => lines.push({ level, obj, msg });
  const logger: RelayLogger = { child: () => logger, debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  return logger;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const tooLarge = () =>
  Object.assign(new Error('The request included a message larger than the max message size the server will accept'), {
    name: 'KafkaJSProtocolError',
    type: 'MESSAGE_TOO_LARGE',
    retriable: false,
  });

describe('OutboxRelay.publishPending', () => {
  it('publishes every pending commit per stream in version order, healthy streams in one publish, and marks them after it', async () => {
    const outbox = new MemoryOutbox();
    outbox.add('b', 2);
    outbox.add('a');
    outbox.add('b');
    outbox.add('a', 3);
    const publisher = new RecordingPublisher(outbox);
    const result = await new OutboxRelay(outbox, publisher).publishPending();
    expect(publisher.sent).toEqual(['a-e1', 'a-e2', 'a-e3', 'a-e4', 'b-e1', 'b-e2', 'b-e3']);
    expect(publisher.calls).toBe(1);
    expect(outbox.pending()).toEqual([]);
    expect(result).toEqual({ publishedCommits: 4, publishedEvents: 7, failedStreams: [], deferredStreams: [], parkedCommits: [] });
  });

  it('drains more streams than one batch in a single pass', async () => {
    const outbox = new MemoryOutbox();
    for (let i = 0; i < 7; i++) outbox.add(`s${i % 3}`);
    const publisher = new RecordingPublisher(outbox);
    await new OutboxRelay(outbox, publisher, { batchSize: 2 }).publishPending();
    expect(publisher.sent.filter((id) => id.startsWith('s0'))).toEqual(['s0-e1', 's0-e2', 's0-e3']);
    expect(publisher.sent).toHaveLength(7);
    expect(outbox.pending()).toEqual([]);
  });

  it('leaves a stream pending from the commit whose publish failed, goes on with the other streams, and retries later', async () => {
    const outbox = new MemoryOutbox();
    outbox.add('a');
    outbox.add('a');
    outbox.add('b');
    outbox.add('c');
    const publisher = new RecordingPublisher(outbox);
    publisher.down.add('a');
    const relay = new OutboxRelay(outbox, publisher);

    const first = await relay.publishPending();
    expect(first.failedStreams).toEqual(['a']);
    expect(publisher.sent).toEqual(['b-e1', 'c-e1']);
    expect(outbox.pending()).toEqual(['a:1', 'a:2']);

    publisher.down.delete('a');
    await relay.publishPending();
    expect(publisher.sent).toEqual(['b-e1', 'c-e1', 'a-e1', 'a-e2']);
    expect(outbox.pending()).toEqual([]);
  });

  it('keeps the order of a stream when a later commit of it follows a failure', async () => {
    const outbox = new MemoryOutbox();
    outbox.add('a');
    outbox.add('a');
    const publisher = new RecordingPublisher(outbox);
    const relay = new OutboxRelay(outbox, publisher);
    publisher.down.add('a');
    await relay.publishPending();
    outbox.add('a');
    publisher.down.delete('a');
    await relay.publishPending();
    expect(publisher.sent).toEqual(['a-e1', 'a-e2', 'a-e3']);
  });

  it('when the broker is down, stops trying stream after stream and leaves the rest for the next pass', async () => {
    const outbox = new MemoryOutbox();
    for (const s of ['a', 'b', 'c', 'd', 'e']) outbox.add(s);
    const publisher = new RecordingPublisher(outbox);
    for (const s of ['a', 'b', 'c', 'd', 'e']) publisher.down.add(s);
    const result = await new OutboxRelay(outbox, publisher).publishPending();
    expect(result.failedStreams).toEqual(['a', 'b']);
    expect(result.deferredStreams).toEqual(['c', 'd', 'e']);
    expect(publisher.calls).toBe(3); // the batch, then a and b
  });

  it('skips a failed stream until its retry delay has passed, doubling the delay up to the maximum', async () => {
    let now = 0;
    const outbox = new MemoryOutbox();
    outbox.add('a');
    const publisher = new RecordingPublisher(outbox);
    const relay = new OutboxRelay(outbox, publisher, { minBackoffMs: 100, maxBackoffMs: 300, clock: () => new Date(now) });
    const pass = () => relay.publishPending({ respectBackoff: true });
    publisher.down.add('a');

    expect((await pass()).failedStreams).toEqual(['a']); // failure 1 at 0: retry at 100
    now = 99;
    expect(await pass()).toMatchObject({ deferredStreams: ['a'], failedStreams: [] });
    now = 100;
    expect((await pass()).failedStreams).toEqual(['a']); // failure 2: retry at 300
    now = 299;
    expect((await pass()).deferredStreams).toEqual(['a']);
    now = 300;
    expect((await pass()).failedStreams).toEqual(['a']); // failure 3: capped, retry at 600
    now = 599;
    expect((await pass()).deferredStreams).toEqual(['a']);
    now = 600;
    publisher.down.delete('a');
    expect(await pass()).toMatchObject({ publishedCommits: 1, failedStreams: [], deferredStreams: [] });
    expect(outbox.pending()).toEqual([]);
  });

  it('ignores retry delays when called without respectBackoff', async () => {
    const outbox = new MemoryOutbox();
    outbox.add('a');
    const publisher = new RecordingPublisher(outbox);
    publisher.down.add('a');
    const relay = new OutboxRelay(outbox, publisher, { clock: () => new Date(0) });
    await relay.publishPending();
    publisher.down.delete('a');
    expect((await relay.publishPending({ respectBackoff: true })).deferredStreams).toEqual(['a']);
    await relay.publishPending();
    expect(outbox.pending()).toEqual([]);
  });

  it('parks a commit the broker can never take, logs why, holds its stream behind it and goes on with the others', async () => {
    const outbox = new MemoryOutbox();
    outbox.add('big');
    outbox.add('big');
    outbox.add('ok');
    const publisher = new RecordingPublisher(outbox, tooLarge);
    publisher.down.add('big');
    const lines: Line[] = [];
    const relay = new OutboxRelay(outbox, publisher, { logger: recordingLogger(lines) });
    const result = await relay.publishPending();
    expect(result.parkedCommits).toEqual(['big:1']);
    expect(publisher.sent).toEqual(['ok-e1']);
    expect(outbox.parked.get('big:1')).toMatch(/MESSAGE|larger/);
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 'error', obj: expect.objectContaining({ streamId: 'big', commitId: 'big:1' }) }),
    );
    outbox.add('ok');
    const calls = publisher.calls;
    await relay.publishPending();
    expect(publisher.calls).toBe(calls + 1); // only 'ok': 'big' waits behind its parked commit
    expect(outbox.pending()).toEqual(['big:1', 'big:2']);
  });

  it('leaves the streams another relay holds to it', async () => {
    const outbox = new MemoryOutbox();
    outbox.add('a');
    outbox.add('b');
    outbox.heldElsewhere.add('a');
    const publisher = new RecordingPublisher(outbox);
    const result = await new OutboxRelay(outbox, publisher).publishPending();
    expect(result.deferredStreams).toEqual(['a']);
    expect(publisher.sent).toEqual(['b-e1']);
  });

  it('logs a failed publish with the stream and commit', async () => {
    const outbox = new MemoryOutbox();
    outbox.add('a');
    const publisher = new RecordingPublisher(outbox);
    publisher.down.add('a');
    const lines: Line[] = [];
    await new OutboxRelay(outbox, publisher, { logger: recordingLogger(lines) }).publishPending();
    expect(lines).toContainEqual({
      level: 'warn',
      obj: expect.objectContaining({ streamId: 'a', commitId: 'a:1', failures: 1, err: expect.any(Error) }),
      msg: 'publish failed; will retry',
    });
  });

  it('tells Kafka errors that refuse the message itself from the others', () => {
    expect(isUnpublishableKafkaError(tooLarge())).toBe(true);
    expect(isUnpublishableKafkaError({ name: 'KafkaJSNonRetriableError', cause: tooLarge() })).toBe(true);
    expect(isUnpublishableKafkaError(Object.assign(new Error('x'), { type: 'NOT_LEADER_FOR_PARTITION' }))).toBe(false);
    expect(isUnpublishableKafkaError(new Error('Connection timeout'))).toBe(false);
  });

  it('rejects bad options naming them', () => {
    const outbox = new MemoryOutbox();
    expect(() => new OutboxRelay(outbox, new RecordingPublisher(), { batchSize: 0 })).toThrow('options.batchSize');
    expect(() => new OutboxRelay(outbox, new RecordingPublisher(), { pollIntervalMs: -1 })).toThrow('options.pollIntervalMs');
  });

  it('accepts a pino logger', () => {
    const logger: RelayLogger = pino({ level: 'silent' });
    expect(() => new OutboxRelay(new MemoryOutbox(), new RecordingPublisher(), { logger })).not.toThrow();
  });
});

describe('OutboxRelay.publishStreams (a pass over the streams nudged)', () => {
  it('claims only the streams named, without searching for pending ones, and leaves the others to their relay', async () => {
    const outbox = new MemoryOutbox();
    outbox.add('mine');
    outbox.add('theirs');
    outbox.pendingStreams = () => Promise.reject(new Error('a targeted pass must not search'));
    const publisher = new RecordingPublisher(outbox);
    const result = await new OutboxRelay(outbox, publisher).publishStreams(['mine']);
    expect(publisher.sent).toEqual(['mine-e1']);
    expect(outbox.pending()).toEqual(['theirs:1']);
    expect(outbox.claims).toBe(1);
    expect(result.publishedCommits).toBe(1);
  });

  it('claims a stream again while its backlog is longer than one claim reads, in order', async () => {
    const outbox = new MemoryOutbox();
    outbox.perClaim = 2;
    for (let i = 0; i < 5; i++) outbox.add('a');
    const publisher = new RecordingPublisher(outbox);
    await new OutboxRelay(outbox, publisher).publishStreams(['a']);
    expect(publisher.sent).toEqual(['a-e1', 'a-e2', 'a-e3', 'a-e4', 'a-e5']);
    expect(outbox.claims).toBe(3);
  });

  it('stops reclaiming a truncated stream whose publish fails (it waits for its retry delay)', async () => {
    const outbox = new MemoryOutbox();
    outbox.perClaim = 1;
    outbox.add('a');
    outbox.add('a');
    const publisher = new RecordingPublisher(outbox);
    publisher.down.add('a');
    const result = await new OutboxRelay(outbox, publisher).publishStreams(['a']);
    expect(result.failedStreams).toEqual(['a']);
    expect(outbox.claims).toBe(1);
    expect(outbox.pending()).toEqual(['a:1', 'a:2']);
  });

  it('defers a stream another relay holds', async () => {
    const outbox = new MemoryOutbox();
    outbox.add('a');
    outbox.heldElsewhere.add('a');
    const result = await new OutboxRelay(outbox, new RecordingPublisher(outbox)).publishStreams(['a']);
    expect(result.deferredStreams).toEqual(['a']);
    expect(outbox.pending()).toEqual(['a:1']);
  });
});

describe('OutboxRelay background loop', () => {
  it('a nudge naming a stream publishes it by a targeted pass; the poll still finds the rest', async () => {
    const outbox = new MemoryOutbox();
    const realPending = outbox.pendingStreams.bind(outbox);
    let searches = 0;
    outbox.pendingStreams = async (limit, exclude) => {
      searches++;
      return realPending(limit, exclude);
    };
    const publisher = new RecordingPublisher(outbox);
    const relay = new OutboxRelay(outbox, publisher, { pollIntervalMs: 3_600_000 });
    relay.start();
    try {
      await until(() => searches === 1, 'first (full) pass at start');
      await new Promise((r) => setImmediate(r));
      outbox.add('theirs');
      outbox.add('mine');
      relay.nudge('mine');
      await until(() => publisher.sent.includes('mine-e1'), 'targeted pass');
      expect(searches).toBe(1);
      expect(outbox.pending()).toEqual(['theirs:1']);
      relay.nudge(); // a bare nudge (or the poll) looks at everything pending
      await until(() => outbox.pending().length === 0, 'full pass');
    } finally {
      await relay.stop();
    }
  });

  it('publishes on nudge without waiting for the next poll, and keeps polling', async () => {
    const outbox = new MemoryOutbox();
    const realPending = outbox.pendingStreams.bind(outbox);
    let passes = 0;
    outbox.pendingStreams = async (limit, exclude) => {
      const found = await realPending(limit, exclude);
      if (found.length === 0) passes++;
      return found;
    };
    const publisher = new RecordingPublisher(outbox);
    const relay = new OutboxRelay(outbox, publisher, { pollIntervalMs: 3_600_000 });
    relay.start();
    try {
      await until(() => passes === 1, 'first pass at start');
      await new Promise((r) => setImmediate(r));
      outbox.add('a'); // the next poll is an hour away: only the nudge can publish it now
      relay.nudge();
      await until(() => outbox.pending().length === 0, 'nudged pass');
      expect(publisher.sent).toEqual(['a-e1']);
    } finally {
      await relay.stop();
    }
  });

  it('retries a failed publish in the background until it succeeds', async () => {
    const outbox = new MemoryOutbox();
    outbox.add('a');
    const publisher = new RecordingPublisher(outbox);
    publisher.down.add('a');
    const relay = new OutboxRelay(outbox, publisher, { pollIntervalMs: 5, minBackoffMs: 5 });
    relay.start();
    try {
      await until(() => publisher.calls >= 2, 'two failed publishes');
      publisher.down.delete('a');
      await until(() => outbox.pending().length === 0, 'retried publish');
      expect(publisher.sent).toEqual(['a-e1']);
      expect(outbox.marks).toEqual(['a:1']);
    } finally {
      await relay.stop();
    }
  });

  it('keeps running after a store failure', async () => {
    const outbox = new MemoryOutbox();
    outbox.add('a');
    const realPending = outbox.pendingStreams.bind(outbox);
    let storeFailures = 1;
    outbox.pendingStreams = async (limit, exclude) => {
      if (storeFailures-- > 0) throw new Error('store down');
      return realPending(limit, exclude);
    };
    const lines: Line[] = [];
    const relay = new OutboxRelay(outbox, new RecordingPublisher(outbox), {
      pollIntervalMs: 5,
      minBackoffMs: 5,
      logger: recordingLogger(lines),
    });
    relay.start();
    try {
      await until(() => outbox.pending().length === 0, 'pass after store failure');
      expect(lines.some((l) => l.level === 'error' && l.msg === 'outbox pass failed')).toBe(true);
    } finally {
      await relay.stop();
    }
  });

  it('stop() waits for the publish in flight and no pass runs afterwards', async () => {
    const outbox = new MemoryOutbox();
    outbox.add('a');
    let release!: () => void;
    let calls = 0;
    const publisher: EventPublisher = {
      publish: () => {
        calls++;
        return new Promise<void>((r) => (release = r));
      },
    };
    const relay = new OutboxRelay(outbox, publisher, { pollIntervalMs: 5 });
    relay.start();
    await until(() => calls === 1, 'publish in flight');
    let stopped = false;
    const stopping = relay.stop().then(() => (stopped = true));
    await new Promise((r) => setImmediate(r));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(outbox.pending()).toEqual([]);
    outbox.add('a');
    relay.nudge();
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toBe(1);
  });
});
