import pino from 'pino';
import { OutboxRelay, type OutboxStore, type RelayLogger } from './relay';
import type { Commit, EventPublisher, RecordedEvent } from './types';

/** In-memory outbox with the store's contract: pending commits ordered by stream then version. */
class MemoryOutbox implements OutboxStore {
  readonly commits: Commit[] = [];
  readonly marks: string[] = [];

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

  async pendingCommits(limit: number, exclude: readonly string[] = []): Promise<Commit[]> {
    return this.commits
      .filter((c) => c.publishedAt === null && !exclude.includes(c.streamId))
      .sort((a, b) => a.streamId.localeCompare(b.streamId) || a.firstVersion - b.firstVersion)
      .slice(0, limit);
  }

  async markPublished(commitId: string, at: Date): Promise<void> {
    const c = this.commits.find((x) => x.commitId === commitId);
    if (c && c.publishedAt === null) c.publishedAt = at;
    this.marks.push(commitId);
  }

  pending(): string[] {
    return this.commits.filter((c) => c.publishedAt === null).map((c) => c.commitId);
  }
}

/** Records what was published; streams listed in failNext fail (once per entry). */
class RecordingPublisher implements EventPublisher {
  readonly sent: string[] = [];
  readonly failNext: string[] = [];
  constructor(private readonly outbox?: MemoryOutbox) {}

  async publish(events: RecordedEvent[]): Promise<void> {
    const at = this.failNext.indexOf(events[0].streamId);
    if (at >= 0) {
      this.failNext.splice(at, 1);
      throw new Error('broker unavailable');
    }
    // the commit must not be marked before the broker acknowledged it
    if (this.outbox) expect(this.outbox.marks).not.toContain(`${events[0].streamId}:${events[0].version}`);
    this.sent.push(...events.map((e) => e.id));
  }
}

function recordingLogger(lines: { level: string; obj: object; msg?: string }[]): RelayLogger {
  const log = (level: string) => (obj: object, msg?: string) => lines.push({ level, obj, msg });
  const logger: RelayLogger = {
    child: () => logger,
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
  };
  return logger;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('OutboxRelay.publishPending', () => {
  it('publishes every pending commit per stream in version order and marks each after its publish', async () => {
    const outbox = new MemoryOutbox();
    outbox.add('b', 2);
    outbox.add('a');
    outbox.add('b');
    outbox.add('a', 3);
    const publisher = new RecordingPublisher(outbox);
    const result = await new OutboxRelay(outbox, publisher).publishPending();
    expect(publisher.sent).toEqual(['a-e1', 'a-e2', 'a-e3', 'a-e4', 'b-e1', 'b-e2', 'b-e3']);
    expect(outbox.pending()).toEqual([]);
    expect(result).toEqual({ publishedCommits: 4, publishedEvents: 7, failedStreams: [], deferredStreams: [] });
  });

  it('drains more commits than one batch in a single pass', async () => {
    const outbox = new MemoryOutbox();
    for (let i = 0; i < 7; i++) outbox.add(i % 2 ? 'x' : 'y');
    const publisher = new RecordingPublisher(outbox);
    await new OutboxRelay(outbox, publisher, { batchSize: 2 }).publishPending();
    expect(publisher.sent).toEqual(['x-e1', 'x-e2', 'x-e3', 'y-e1', 'y-e2', 'y-e3', 'y-e4']);
    expect(outbox.pending()).toEqual([]);
  });

  it('leaves a stream pending from the commit whose publish failed, goes on with other streams, and retries later', async () => {
    const outbox = new MemoryOutbox();
    outbox.add('a');
    outbox.add('a');
    outbox.add('b');
    const publisher = new RecordingPublisher(outbox);
    publisher.failNext.push('a');
    const relay = new OutboxRelay(outbox, publisher);

    const first = await relay.publishPending();
    expect(first.failedStreams).toEqual(['a']);
    expect(publisher.sent).toEqual(['b-e1']);
    expect(outbox.pending()).toEqual(['a:1', 'a:2']);

    await relay.publishPending();
    expect(publisher.sent).toEqual(['b-e1', 'a-e1', 'a-e2']);
    expect(outbox.pending()).toEqual([]);
  });

  it('keeps the order of a stream when a later commit of it follows a failure', async () => {
    const outbox = new MemoryOutbox();
    outbox.add('a');
    outbox.add('a');
    const publisher = new RecordingPublisher(outbox);
    const relay = new OutboxRelay(outbox, publisher);
    publisher.failNext.push('a');
    await relay.publishPending();
    outbox.add('a');
    await relay.publishPending();
    expect(publisher.sent).toEqual(['a-e1', 'a-e2', 'a-e3']);
  });

  it('skips a failed stream until its retry delay has passed, doubling the delay up to the maximum', async () => {
    let now = 0;
    const outbox = new MemoryOutbox();
    outbox.add('a');
    const publisher = new RecordingPublisher(outbox);
    const relay = new OutboxRelay(outbox, publisher, { minBackoffMs: 100, maxBackoffMs: 300, clock: () => new Date(now) });
    const pass = () => relay.publishPending({ respectBackoff: true });
    publisher.failNext.push('a', 'a', 'a');

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
    expect(await pass()).toMatchObject({ publishedCommits: 1, failedStreams: [], deferredStreams: [] });
    expect(outbox.pending()).toEqual([]);
  });

  it('ignores retry delays when called without respectBackoff', async () => {
    const outbox = new MemoryOutbox();
    outbox.add('a');
    const publisher = new RecordingPublisher(outbox);
    publisher.failNext.push('a');
    const relay = new OutboxRelay(outbox, publisher, { clock: () => new Date(0) });
    await relay.publishPending();
    expect((await relay.publishPending({ respectBackoff: true })).deferredStreams).toEqual(['a']);
    await relay.publishPending();
    expect(outbox.pending()).toEqual([]);
  });

  it('does not loop forever when the store does not record a mark', async () => {
    const outbox = new MemoryOutbox();
    outbox.add('a');
    outbox.markPublished = async () => undefined;
    const lines: { level: string; obj: object; msg?: string }[] = [];
    const publisher = new RecordingPublisher();
    await new OutboxRelay(outbox, publisher, { batchSize: 1, logger: recordingLogger(lines) }).publishPending();
    expect(publisher.sent).toEqual(['a-e1']);
    expect(lines.some((l) => l.level === 'warn' && (l.obj as { streamId?: string }).streamId === 'a')).toBe(true);
  });

  it('logs a failed publish with the stream and commit', async () => {
    const outbox = new MemoryOutbox();
    outbox.add('a');
    const publisher = new RecordingPublisher(outbox);
    publisher.failNext.push('a');
    const lines: { level: string; obj: object; msg?: string }[] = [];
    await new OutboxRelay(outbox, publisher, { logger: recordingLogger(lines) }).publishPending();
    expect(lines).toContainEqual({
      level: 'warn',
      obj: expect.objectContaining({ streamId: 'a', commitId: 'a:1', failures: 1, err: expect.any(Error) }),
      msg: 'publish failed; will retry',
    });
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

describe('OutboxRelay background loop', () => {
  it('publishes on nudge without waiting for the next poll, and keeps polling', async () => {
    const outbox = new MemoryOutbox();
    const realPending = outbox.pendingCommits.bind(outbox);
    let passes = 0;
    outbox.pendingCommits = async (limit, exclude) => {
      const found = await realPending(limit, exclude);
      passes++;
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
    publisher.failNext.push('a', 'a');
    const relay = new OutboxRelay(outbox, publisher, { pollIntervalMs: 5, minBackoffMs: 5 });
    relay.start();
    try {
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
    const realPending = outbox.pendingCommits.bind(outbox);
    let storeFailures = 1;
    outbox.pendingCommits = async (limit, exclude) => {
      if (storeFailures-- > 0) throw new Error('store down');
      return realPending(limit, exclude);
    };
    const lines: { level: string; obj: object; msg?: string }[] = [];
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
