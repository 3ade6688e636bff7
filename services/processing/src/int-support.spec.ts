// Shared set-up of processing's integration specs (not a spec itself: excluded from the build by
// its name, not matched by jest). Real PostgreSQL (event store), FerretDB/MongoDB and Kafka from
// the jest global setup; each test file gets its own schema, database and topics, dropped afterwards.
import { randomUUID } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';
import pino from 'pino';
import { CalendarRegistry } from '@onestop/calendar';
import { encodeEvent, type intakeEvents } from '@onestop/contracts';
import { Pool } from 'pg';
import { PostgresEventStore } from '@onestop/eventstore';
import { createKafka, type KafkaClient, type PublishableEvent } from '@onestop/messaging';
import { CaseCommands } from './application/case-commands';
import { CaseProjection } from './application/case-projection';
import { CaseQueries } from './application/case-queries';
import { DeadlineTimers } from './application/deadline-timers';
import { IntakeFacts } from './application/intake-facts';
import { RegistryCalendars } from './adapters/calendar/calendars';
import { EventStoreCaseStreams } from './adapters/store/case-streams';
import { MongoTimerStore } from './adapters/store/timer-store';
import { MongoWorkItemStore } from './adapters/store/work-item-store';
import { calendar, catalogue, dossierReceived } from './domain/fixtures.spec';

export const MONGO_URL = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017/';
export const PG_URL = process.env.PG_URL ?? 'postgres://onestop:onestop@127.0.0.1:5432/onestop';
export const KAFKA_BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
export const testLogger = pino({ level: process.env.PROCESSING_TEST_LOG ?? 'silent' });

/** A clock the test moves. */
export class TestClock {
  constructor(private current: Date) {}
  readonly now = (): Date => new Date(this.current.getTime());
  set(t: Date): void {
    this.current = new Date(t.getTime());
  }
}

export const uniqueName = (what: string): string => `t_processing_${what}_${randomUUID().slice(0, 8)}`;

/** The event store pools opened by processingOn in this test file (one per "instance"). */
const pools: Pool[] = [];

/** A database, and the event store schema of the same name, for one test file. */
export async function testDatabase(): Promise<{ client: MongoClient; db: Db; drop(): Promise<void> }> {
  const client = await new MongoClient(MONGO_URL).connect();
  const db = client.db(uniqueName('db'));
  return {
    client,
    db,
    async drop() {
      await db.dropDatabase().catch(() => undefined);
      await client.close();
      const admin = new Pool({ connectionString: PG_URL, max: 1 });
      await admin.query(`DROP SCHEMA IF EXISTS ${db.databaseName} CASCADE`).catch(() => undefined);
      await admin.end();
      for (const pool of pools.splice(0)) await pool.end();
    },
  };
}

/**
 * The use cases wired on one database (and the event store schema named like it), as main.ts
 * wires them (minus Kafka and gRPC). Each call has connections of its own, like another process.
 */
export async function processingOn(db: Db, clock: TestClock, leadWorkingHours = 8) {
  const pool = new Pool({ connectionString: PG_URL, max: 6 });
  pools.push(pool);
  const store = new PostgresEventStore(pool, { schema: db.databaseName, source: 'onestop.processing', clock: clock.now });
  await store.ensureSchema();
  const items = new MongoWorkItemStore(db);
  await items.ensureIndexes();
  const timerStore = new MongoTimerStore(db, clock.now);
  await timerStore.ensureIndexes();
  const streams = new EventStoreCaseStreams(store);
  const calendars = new RegistryCalendars(new CalendarRegistry([calendar]));
  const projection = new CaseProjection({ streams, items, timers: timerStore, calendars, leadWorkingHours, logger: testLogger });
  const observe = projection.observe;
  return {
    store,
    streams,
    items,
    timerStore,
    projection,
    commands: new CaseCommands({ streams, calendars, clock: clock.now, observe }),
    queries: new CaseQueries({ streams, items, workflows: catalogue, clock: clock.now }),
    facts: new IntakeFacts({ streams, calendars, workflows: catalogue, clock: clock.now, observe }),
    newTimers: (pollIntervalMs = 50) =>
      new DeadlineTimers({ timers: timerStore, streams, calendars, clock: clock.now, leadWorkingHours, observe, logger: testLogger, pollIntervalMs }),
  };
}

export type Processing = Awaited<ReturnType<typeof processingOn>>;

/** A DossierReceived for a fresh dossier id (Monday 2020-10-05 08:00, due Thursday 08:00). */
export function receivedDossier(overrides: Partial<intakeEvents.DossierReceived> = {}): intakeEvents.DossierReceived {
  const dossierId = randomUUID();
  return dossierReceived({ dossierId, dossierCode: `TRUCNINH-201005-${dossierId.slice(0, 4)}`, ...overrides });
}

export function testKafka(): KafkaClient {
  return createKafka({ brokers: KAFKA_BROKERS, clientId: 'processing-int-test', logger: testLogger });
}

/** An intake event as intake's outbox relay would publish it. */
export function intakeEvent(type: string, streamId: string, version: number, payload: unknown, id: string = randomUUID()): PublishableEvent {
  return {
    id,
    streamId,
    version,
    type: `onestop.intake.v1.${type}`,
    data: encodeEvent(`onestop.intake.v1.${type}`, payload),
    recordedAt: new Date(),
    metadata: { correlationId: `corr-${streamId}`, actor: { officerId: 'desk-1', role: 'desk_officer', unitCode: 'TRUCNINH' } },
    prevHash: '',
    hash: `hash-${id}`,
    source: 'onestop.intake',
  };
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function deleteTopics(kafka: KafkaClient, topics: string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics }).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
}
