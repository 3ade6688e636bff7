import { randomBytes, randomUUID } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';
import { OutboxRelay } from './relay';
import { MongoEventStore } from './store';
import type { EventPublisher, EventToAppend, RecordedEvent } from './types';

const MONGO_URL = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017/';
const dbName = `t_eventstore_relay_${randomBytes(4).toString('hex')}`;
const clients: MongoClient[] = [];

/** A fresh connection and store over the same database, as a restarted process would have. */
async function openStore(): Promise<{ db: Db; store: MongoEventStore }> {
  const client = await MongoClient.connect(MONGO_URL);
  clients.push(client);
  const db = client.db(dbName);
  const store = new MongoEventStore(db, { source: 'onestop.test' });
  await store.ensureIndexes();
  return { db, store };
}

/** Our own EventPublisher port, recording what the "broker" acknowledged. */
class RecordingPublisher implements EventPublisher {
  readonly batches: RecordedEvent[][] = [];
  attempts = 0;
  constructor(private readonly beforeAck?: (events: RecordedEvent[], attempt: number) => Promise<void>) {}

  async publish(events: RecordedEvent[]): Promise<void> {
    this.attempts++;
    await this.beforeAck?.(events, this.attempts);
    this.batches.push(events);
  }

  sentIds(): string[] {
    return this.batches.flat().map((e) => e.id);
  }
}

const ev = (type: string, ...bytes: number[]): EventToAppend => ({ type, data: new Uint8Array(bytes) });

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

afterAll(async () => {
  await clients[0]?.db(dbName).dropDatabase();
  for (const c of clients) await c.close();
});

describe('OutboxRelay over the real store', () => {
  it('after a crash between store and publish, a new relay over the same database publishes the events exactly as stored', async () => {
    const before = await openStore();
    const a = `dossier-${randomUUID()}`;
    const b = `dossier-${randomUUID()}`;
    await before.store.append(a, [ev('t.Received', 1), ev('t.Assigned', 2)], { expectedVersion: 0, metadata: { correlationId: 'c1' } });
    await before.store.append(b, [ev('t.Received', 3)], { expectedVersion: 0 });
    await before.store.append(a, [ev('t.Approved', 4)], { expectedVersion: 2 });
    // the process dies here: nothing was published

    const after = await openStore();
    const publisher = new RecordingPublisher();
    const result = await new OutboxRelay(after.store, publisher).publishPending();

    expect(result.publishedCommits).toBeGreaterThanOrEqual(3);
    const stored = [...(await after.store.readStream(a)), ...(await after.store.readStream(b))];
    const sent = publisher.batches.flat().filter((e) => e.streamId === a || e.streamId === b);
    expect(sent).toEqual(expect.arrayContaining(stored));
    expect(sent).toHaveLength(stored.length);
    expect(sent.filter((e) => e.streamId === a).map((e) => e.version)).toEqual([1, 2, 3]);
    expect(await after.db.collection('events').countDocuments({ streamId: { $in: [a, b] }, publishedAt: null })).toBe(0);

    const again = new RecordingPublisher();
    await new OutboxRelay(after.store, again).publishPending();
    expect(again.sentIds()).toEqual([]);
  });

  it('keeps a commit pending while the publisher fails and marks it only after a successful publish', async () => {
    const { db, store } = await openStore();
    const streamId = `dossier-${randomUUID()}`;
    const pendingAtAttempt: boolean[] = [];
    const publisher = new RecordingPublisher(async (events, attempt) => {
      const doc = await db.collection('events').findOne({ _id: `${events[0].streamId}:${events[0].version}` as never });
      pendingAtAttempt.push(doc?.publishedAt === null);
      if (events[0].streamId === streamId && attempt === 1) throw new Error('broker down');
    });
    await store.append(streamId, [ev('t.Received', 1)], { expectedVersion: 0 });
    const relay = new OutboxRelay(store, publisher, { pollIntervalMs: 20, minBackoffMs: 20 });
    relay.start();
    try {
      await until(async () => (await store.pendingCommits(10)).length === 0, 'commit published after a retry');
    } finally {
      await relay.stop();
    }
    expect(publisher.attempts).toBe(2);
    expect(pendingAtAttempt).toEqual([true, true]);
    expect(publisher.sentIds()).toEqual((await store.readStream(streamId)).map((e) => e.id));
    const doc = await db.collection('events').findOne({ _id: `${streamId}:1` as never });
    expect(doc?.publishedAt).toBeInstanceOf(Date);
  });

  it('publishes a new append at once when nudged', async () => {
    const { store } = await openStore();
    await new OutboxRelay(store, new RecordingPublisher()).publishPending(); // drain earlier tests' commits
    const publisher = new RecordingPublisher();
    let passes = 0;
    const counting = {
      pendingCommits: async (limit: number, exclude?: readonly string[]) => {
        const found = await store.pendingCommits(limit, exclude);
        passes++;
        return found;
      },
      markPublished: (id: string, at: Date) => store.markPublished(id, at),
    };
    const relay = new OutboxRelay(counting, publisher, { pollIntervalMs: 3_600_000 });
    relay.start();
    try {
      await until(async () => passes === 1, 'first pass at start');
      await new Promise((r) => setImmediate(r));
      // the next poll is an hour away: only the nudge can publish what is appended now
      const streamId = `dossier-${randomUUID()}`;
      const { events } = await store.append(streamId, [ev('t.Received', 1)], { expectedVersion: 0 });
      relay.nudge();
      await until(async () => publisher.sentIds().includes(events[0].id), 'nudged publish');
      expect(publisher.batches).toEqual([events]);
    } finally {
      await relay.stop();
    }
  });
});
