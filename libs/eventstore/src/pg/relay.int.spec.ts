// The outbox relay on real PostgreSQL and Kafka: order per stream, marks only after the broker's
// acks, resend after a crash, two relays sharing the work, LISTEN/NOTIFY wake-ups, parking.
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { Pool } from 'pg';
import { createKafka, ensureTopics, fromKafkaMessage, KafkaEventPublisher, readTopicToEnd, type KafkaClient } from '@onestop/messaging';
import { OutboxRelay, type OutboxStore } from '../relay';
import type { EventPublisher, EventToAppend, RecordedEvent } from '../types';
import { testSchema } from './pg-test-support.spec';
import { PostgresEventStore } from './store';

const t = testSchema('relay');
const kafka: KafkaClient = createKafka({
  brokers: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
  clientId: 't-eventstore-relay',
  logger: pino({ level: 'silent' }),
});
const topics: string[] = [];
const publishers: KafkaEventPublisher[] = [];
const ev = (type: string, ...bytes: number[]): EventToAppend => ({ type, data: new Uint8Array(bytes) });

/** A fresh topic and a connected publisher to it. */
async function topic(): Promise<{ name: string; publisher: KafkaEventPublisher }> {
  const name = `t.eventstore.relay.${randomUUID().slice(0, 8)}`;
  topics.push(name);
  await ensureTopics(kafka, [name], { partitions: 3 });
  const publisher = new KafkaEventPublisher(kafka, name, { source: 'onestop.test' });
  await publisher.connect();
  publishers.push(publisher);
  return { name, publisher };
}

/** Every event on the topic: stream, version and id, in partition order. */
async function onTopic(name: string): Promise<{ streamId: string; version: number; id: string; hash: string }[]> {
  const out: { streamId: string; version: number; id: string; hash: string }[] = [];
  await readTopicToEnd(kafka, name, (m) => {
    const e = fromKafkaMessage(m, m.topic, m.partition);
    out.push({ streamId: e.streamId, version: e.streamVersion, id: e.id, hash: e.hash });
  });
  return out;
}

/** Counts what goes through to the real publisher. */
class Counting implements EventPublisher {
  readonly ids: string[] = [];
  constructor(private readonly inner: EventPublisher) {}
  async publish(events: RecordedEvent[]): Promise<void> {
    await this.inner.publish(events);
    this.ids.push(...events.map((e) => e.id));
  }
}

async function unpublished(store: PostgresEventStore): Promise<number> {
  const r = await store.pool.query(`SELECT count(*)::int AS n FROM ${store.schema}.commits WHERE published_at IS NULL`);
  return r.rows[0].n;
}

async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let store: PostgresEventStore;

beforeAll(async () => {
  store = await t.store();
});

afterEach(async () => {
  // each test starts with nothing pending from the one before
  await store.pool.query(`UPDATE ${store.schema}.commits SET published_at = now() WHERE published_at IS NULL`);
});

afterAll(async () => {
  for (const p of publishers) await p.disconnect();
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics }).catch(() => undefined);
  await admin.disconnect();
  await t.drop();
});

describe('OutboxRelay on PostgreSQL and Kafka', () => {
  it('publishes every stream in version order and marks commits only once the broker acknowledged them', async () => {
    const { name, publisher } = await topic();
    const streams: string[] = [randomUUID(), randomUUID(), randomUUID()];
    for (let v = 0; v < 4; v++) for (const s of streams) await store.append(s, [ev('t.A', v), ev('t.B', v)], { expectedVersion: v * 2 });
    expect(await unpublished(store)).toBe(12);
    const result = await new OutboxRelay(store.outbox, publisher).publishPending();
    expect(result).toMatchObject({ publishedCommits: 12, publishedEvents: 24, failedStreams: [] });
    expect(await unpublished(store)).toBe(0);
    const sent = await onTopic(name);
    for (const s of streams) {
      const stored = await store.readStream(s);
      expect(sent.filter((e) => e.streamId === s)).toEqual(
        stored.map((e) => ({ streamId: s, version: e.version, id: e.id, hash: e.hash })),
      );
    }
    for await (const e of store.readStoredEvents()) if (streams.includes(e.event.streamId)) expect(e.published).toBe(true);
  });

  it('after a crash between commit and publish, a relay of a new process publishes the events exactly as stored', async () => {
    const { name, publisher } = await topic();
    const s = randomUUID();
    await store.append(s, [ev('t.Received', 1)], { expectedVersion: 0, metadata: { correlationId: 'c1' } });
    // the process dies here: nothing was sent; a new one starts on the same schema
    const other = new PostgresEventStore(testSchemaPool(), { schema: store.schema, source: 'onestop.test' });
    await new OutboxRelay(other.outbox, publisher).publishPending();
    await other.pool.end();
    const sent = await onTopic(name);
    const stored = await store.readStream(s);
    expect(sent.map((e) => e.id)).toEqual(stored.map((e) => e.id));
    expect(sent[0].hash).toBe(stored[0].hash);
  });

  it('after a crash between the broker ack and the mark, the commit is sent again (consumers dedupe by id)', async () => {
    const { name, publisher } = await topic();
    const s = randomUUID();
    await store.append(s, [ev('t.A', 1)], { expectedVersion: 0 });
    const dying: OutboxStore = {
      pendingStreams: (limit, exclude) => store.outbox.pendingStreams(limit, exclude),
      claim: async (ids) => {
        const claim = await store.outbox.claim(ids);
        return {
          ...claim,
          markPublished: async () => {
            throw new Error('process killed before the mark');
          },
        };
      },
    };
    await expect(new OutboxRelay(dying, publisher).publishPending()).rejects.toThrow('process killed');
    expect(await unpublished(store)).toBe(1);
    await new OutboxRelay(store.outbox, publisher).publishPending();
    expect(await unpublished(store)).toBe(0);
    const sent = (await onTopic(name)).map((e) => e.id);
    const [stored] = await store.readStream(s);
    expect(sent).toEqual([stored.id, stored.id]);
  });

  it('lets two relays (two instances) share the work without sending any commit twice, each stream in order', async () => {
    const { name, publisher } = await topic();
    const second = new PostgresEventStore(testSchemaPool(), { schema: store.schema, source: 'onestop.test' });
    const counters = [new Counting(publisher), new Counting(publisher)];
    const relays = [
      new OutboxRelay(store.outbox, counters[0], { batchSize: 5, pollIntervalMs: 20 }),
      new OutboxRelay(second.outbox, counters[1], { batchSize: 5, pollIntervalMs: 20 }),
    ];
    for (const r of relays) r.start();
    const streams = Array.from({ length: 30 }, () => randomUUID());
    try {
      for (let v = 0; v < 5; v++) await Promise.all(streams.map((s) => store.append(s, [ev('t.E', v)], { expectedVersion: v })));
      await until(async () => (await unpublished(store)) === 0, 'every commit published');
    } finally {
      for (const r of relays) await r.stop();
      await second.pool.end();
    }
    const all = [...counters[0].ids, ...counters[1].ids];
    expect(all).toHaveLength(150);
    expect(new Set(all).size).toBe(150);
    expect(counters[0].ids.length).toBeGreaterThan(0);
    expect(counters[1].ids.length).toBeGreaterThan(0);
    const sent = await onTopic(name);
    for (const s of streams) expect(sent.filter((e) => e.streamId === s).map((e) => e.version)).toEqual([1, 2, 3, 4, 5]);
  });

  it('is woken by NOTIFY after a commit of another process, without waiting for its next poll', async () => {
    const { name, publisher } = await topic();
    const relay = new OutboxRelay(store.outbox, publisher, { pollIntervalMs: 3_600_000 });
    const wakeups: string[] = [];
    const listening = await store.listen((streamId) => {
      wakeups.push(streamId);
      relay.nudge();
    });
    relay.start();
    const writer = new PostgresEventStore(testSchemaPool(), { schema: store.schema, source: 'onestop.test' });
    try {
      await new Promise((r) => setTimeout(r, 200)); // the first pass at start is over
      const s = randomUUID();
      await writer.append(s, [ev('t.A')], { expectedVersion: 0 });
      await until(async () => (await unpublished(store)) === 0, 'the notified relay to publish', 10_000);
      expect(wakeups).toContain(s);
      expect((await onTopic(name)).map((e) => e.streamId)).toEqual([s]);
    } finally {
      await relay.stop();
      await listening.close();
      await writer.pool.end();
    }
  });

  it('parks a commit larger than the broker accepts, logs why, and goes on with the other streams', async () => {
    const { name, publisher } = await topic();
    const big = randomUUID();
    const fine = randomUUID();
    await store.append(big, [{ type: 't.Huge', data: new Uint8Array(2 * 1024 * 1024) }], { expectedVersion: 0 });
    await store.append(big, [ev('t.After')], { expectedVersion: 1 });
    await store.append(fine, [ev('t.Fine')], { expectedVersion: 0 });
    const lines: { msg?: string; obj: Record<string, unknown> }[] = [];
    const logger = {
      child: () => logger,
      debug: () => undefined,
      info: () => undefined,
      warn: () => undefined,
      error: (obj: object, msg?: string) => void lines.push({ obj: obj as Record<string, unknown>, msg }),
    };
    const result = await new OutboxRelay(store.outbox, publisher, { logger }).publishPending();
    expect(result.parkedCommits).toEqual([`${big}:1`]);
    expect(lines[0]).toMatchObject({ obj: { streamId: big, commitId: `${big}:1` } });
    const parked = await store.pool.query(`SELECT commit_id, park_reason FROM ${store.schema}.commits WHERE parked_at IS NOT NULL`);
    expect(parked.rows).toEqual([{ commit_id: `${big}:1`, park_reason: expect.stringMatching(/larger|MESSAGE_TOO_LARGE/i) }]);
    // The batch with both streams failed, yet the broker may have taken `fine`'s partition of it:
    // then `fine` is sent once more stream by stream (a resend, which consumers dedupe).
    expect([...new Set((await onTopic(name)).map((e) => e.streamId))]).toEqual([fine]);
    // a new relay (another process) also leaves the held stream alone
    expect(await new OutboxRelay(store.outbox, publisher).publishPending()).toMatchObject({ publishedCommits: 0, parkedCommits: [] });
    // an operator clears the park: the very next pass tries the commit again (and parks it again)
    await store.pool.query(`UPDATE ${store.schema}.commits SET parked_at = NULL WHERE stream_id = $1`, [big]);
    expect((await new OutboxRelay(store.outbox, publisher).publishPending()).parkedCommits).toEqual([`${big}:1`]);
    await store.pool.query(`UPDATE ${store.schema}.commits SET published_at = now(), parked_at = NULL WHERE stream_id = $1`, [big]);
  });
});

/** A pool of its own, as another process would have. */
function testSchemaPool(): Pool {
  return new Pool({ connectionString: process.env.PG_URL ?? 'postgres://onestop:onestop@127.0.0.1:5432/onestop', max: 4 });
}
