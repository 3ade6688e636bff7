// Shared set-up of processing's integration specs (not a spec itself: excluded from the build by
// its name, not matched by jest). Real PostgreSQL (event store), FerretDB/MongoDB and Kafka from
// the jest global setup; each test file gets its own schema, database and topics, dropped afterwards.
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MongoClient, type Db } from 'mongodb';
import pino from 'pino';
import { CalendarRegistry } from '@onestop/calendar';
import { encodeEvent, type intakeEvents } from '@onestop/contracts';
import { Pool } from 'pg';
import { PostgresEventStore } from '@onestop/eventstore';
import { createKafka, ensureTopics, type KafkaClient, type PublishableEvent } from '@onestop/messaging';
import { freePort, type RunningProcess, startProcess } from '@onestop/test-support';
import { buildProcessing, EVENT_SOURCE } from './service';
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

/** The use cases on one database (and the event store schema named like it), built as the service builds them (minus Kafka and gRPC). */
export async function processingOn(db: Db, clock: TestClock, leadWorkingHours = 8) {
  const pool = new Pool({ connectionString: PG_URL, max: 6 });
  pools.push(pool);
  const store = new PostgresEventStore(pool, { schema: db.databaseName, source: EVENT_SOURCE, clock: clock.now });
  await store.ensureSchema();
  const built = await buildProcessing({
    db,
    store,
    pg: pool,
    pgSchema: db.databaseName,
    workflows: catalogue,
    calendarRegistry: new CalendarRegistry([calendar]),
    clock: clock.now,
    leadWorkingHours,
    logger: testLogger,
  });
  return { store, ...built, newTimers: (pollIntervalMs = 50) => built.newTimers(pollIntervalMs) };
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
export function intakeEvent(
  type: string,
  streamId: string,
  version: number,
  payload: unknown,
  id: string = randomUUID(),
): PublishableEvent {
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

export { waitFor } from '@onestop/test-support';

export async function deleteTopics(kafka: KafkaClient, topics: string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics }).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
}

/**
 * The built service (node dist/main.js) as the operator runs it, in a namespace of its own: one
 * topic prefix, one database and event-store schema (`t_processing_<label>_…`), logs in a
 * temporary directory. setUp() in beforeAll; tearDown() in afterAll SIGKILLs what still runs and
 * drops the topics, the database and the schema.
 */
export function builtProcessing(label: string, secret: string) {
  const entry = path.resolve(__dirname, '../dist/main.js');
  const prefix = `t.processing.${randomUUID().slice(0, 8)}.`;
  const topics = {
    intake: `${prefix}onestop.intake.events.v1`,
    processing: `${prefix}onestop.processing.events.v1`,
    dlq: `${prefix}onestop.deadletter.v1`,
  };
  const dbName = uniqueName(label);
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), `processing-${label}-`));
  const kafka = testKafka();
  const running = new Map<string, RunningProcess>();
  return {
    kafka,
    topics,
    dbName,
    async setUp(): Promise<void> {
      if (!fs.existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` first`);
      await ensureTopics(kafka, Object.values(topics));
    },
    /** Starts an instance named `name` and waits until it listens; returns its gRPC port. */
    async start(name: string, env: NodeJS.ProcessEnv = {}): Promise<number> {
      const port = await freePort();
      const started = await startProcess({
        name,
        entry,
        env: {
          ...process.env,
          KAFKA_BROKERS,
          MONGO_URL,
          MONGO_DB: dbName,
          KAFKA_TOPIC_PREFIX: prefix,
          GRPC_PORT: String(port),
          METRICS_PORT: '0',
          AUTH_JWT_SECRET: secret,
          LOG_LEVEL: 'info',
          ...env,
        },
        logFile: path.join(logDir, `${name}.log`),
        ready: (log) => log.includes('"msg":"processing listening"'),
      });
      running.set(name, started);
      return port;
    },
    /** Stops an instance with `signal`; its exit code (null when killed, or not running). */
    async stop(name: string, signal: NodeJS.Signals): Promise<number | null> {
      const s = running.get(name);
      if (!s) return null;
      running.delete(name);
      return s.stop(signal);
    },
    async tearDown(): Promise<void> {
      for (const s of running.values()) await s.stop('SIGKILL');
      running.clear();
      await deleteTopics(kafka, Object.values(topics));
      const mongo = await new MongoClient(MONGO_URL).connect();
      await mongo
        .db(dbName)
        .dropDatabase()
        .catch(() => undefined);
      await mongo.close();
      const pg = new Pool({ connectionString: PG_URL, max: 1 });
      await pg.query(`DROP SCHEMA IF EXISTS ${dbName} CASCADE`).catch(() => undefined);
      await pg.end();
    },
  };
}
