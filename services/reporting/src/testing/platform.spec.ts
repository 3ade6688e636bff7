// A small producing platform for reporting's integration tests (not a test itself): real
// event stores (one PostgreSQL schema per producing service) relayed to real, uniquely named Kafka
// topics, and a reporting database — on the running Kafka, PostgreSQL and FerretDB, never mocks.
import { randomUUID } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';
import { Pool } from 'pg';
import { encodeEvent } from '@onestop/contracts';
import { OutboxRelay, PostgresEventStore } from '@onestop/eventstore';
import { createKafka, ensureTopics, KafkaEventPublisher, type KafkaClient } from '@onestop/messaging';
import { silentLogger } from '@onestop/logging';
import { LiveProjection } from '../application/live-projection';
import { KafkaEventSource } from '../adapters/kafka/kafka-event-source';
import { MongoProjectionCatalog } from '../adapters/store/mongo-projection-catalog';

export type SourceName = 'intake' | 'processing' | 'postal';

export const SOURCE_IDS: Record<SourceName, string> = {
  intake: 'onestop.intake',
  processing: 'onestop.processing',
  postal: 'onestop.postal-delivery',
};

/** One producing service: its event store, relay and topic. */
export class TestProducer {
  constructor(
    readonly name: SourceName,
    readonly store: PostgresEventStore,
    readonly publisher: KafkaEventPublisher,
    readonly relay: OutboxRelay,
    /** The store's clock: events are recorded at clock.now. */
    readonly clock: { now: Date },
  ) {}

  /** Appends one event to the stream, recorded at `at` (default: the clock), and publishes it. */
  async emit(streamId: string, message: string, payload: Record<string, unknown>, at?: Date): Promise<string> {
    if (at) this.clock.now = at;
    const type = `onestop.${this.name}.v1.${message}`;
    const id = randomUUID();
    await this.store.append(streamId, [{ type, data: encodeEvent(type, payload), id }], {
      expectedVersion: 'any',
      metadata: { actor: { officerId: `${this.name}-officer`, role: 'desk_officer', unitCode: 'H40' }, correlationId: randomUUID() },
    });
    await this.relay.publishPending();
    return id;
  }
}

export class TestPlatform {
  readonly id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  readonly topics = {
    intake: `t.rep.${this.id}.intake`,
    processing: `t.rep.${this.id}.processing`,
    postal: `t.rep.${this.id}.postal`,
    deadLetter: `t.rep.${this.id}.dlq`,
  };
  readonly kafka: KafkaClient;
  readonly mongo: MongoClient;
  /** The producers' event stores: schema t_rep_<id>_<name> each. */
  readonly pg: Pool;
  readonly producers = {} as Record<SourceName, TestProducer>;
  readonly reportingDb: Db;
  private readonly dbs: Db[] = [];

  private constructor() {
    this.kafka = createKafka({ brokers: requiredEnv('KAFKA_BROKERS'), clientId: `t-reporting-${this.id}` });
    this.mongo = new MongoClient(requiredEnv('MONGO_URL'));
    this.pg = new Pool({ connectionString: requiredEnv('PG_URL'), max: 6 });
    this.reportingDb = this.db('reporting');
  }

  static async start(): Promise<TestPlatform> {
    const p = new TestPlatform();
    await p.mongo.connect();
    await ensureTopics(p.kafka, Object.values(p.topics), { partitions: 2 });
    for (const name of ['intake', 'processing', 'postal'] as const) {
      const clock = { now: new Date('2020-03-02T01:00:00Z') };
      const store = new PostgresEventStore(p.pg, { schema: p.schemaOf(name), source: SOURCE_IDS[name], clock: () => clock.now });
      await store.ensureSchema();
      const publisher = new KafkaEventPublisher(p.kafka, p.topics[name]);
      await publisher.connect();
      p.producers[name] = new TestProducer(name, store, publisher, new OutboxRelay(store.outbox, publisher), clock);
    }
    return p;
  }

  /** The PostgreSQL schema of a producer's event store. */
  schemaOf(name: SourceName): string {
    return `t_rep_${this.id}_${name}`;
  }

  db(name: string): Db {
    const db = this.mongo.db(`t_rep_${this.id}_${name}`);
    this.dbs.push(db);
    return db;
  }

  catalog(db: Db = this.reportingDb): MongoProjectionCatalog {
    return new MongoProjectionCatalog(db);
  }

  eventSource(): KafkaEventSource {
    return new KafkaEventSource(this.kafka, {
      topics: [this.topics.intake, this.topics.processing, this.topics.postal],
      deadLetterTopic: this.topics.deadLetter,
      maxAttempts: 2,
      retryBackoffMs: 10,
    });
  }

  /** A started live projection over the test topics (pointer checked every 200 ms). */
  async liveProjection(): Promise<LiveProjection> {
    const projection = new LiveProjection({
      catalog: this.catalog(),
      source: this.eventSource(),
      logger: silentLogger(),
      instanceId: `t-${randomUUID()}`,
      pollMs: 200,
    });
    await projection.start();
    return projection;
  }

  async stop(): Promise<void> {
    for (const p of Object.values(this.producers)) await p.publisher.disconnect();
    for (const db of this.dbs) await db.dropDatabase().catch(() => undefined);
    for (const name of Object.keys(this.producers) as SourceName[])
      await this.pg.query(`DROP SCHEMA IF EXISTS ${this.schemaOf(name)} CASCADE`).catch(() => undefined);
    await this.pg.end();
    await this.mongo.close();
    const admin = this.kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: Object.values(this.topics) }).catch(() => undefined);
    await admin.disconnect();
  }
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} must be set for integration tests (the jest global setup sets it)`);
  return value;
}

/** Polls until `check` returns a truthy value; fails with `what` after the timeout. */
export async function eventually<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
