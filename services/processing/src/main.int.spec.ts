// processing as the operator runs it: the built service (node dist/main.js) as processes, two
// instances on one database, fed by intake's topic, alerting through its durable timers across a
// crash and a restart, answering gRPC. Needs `npm run build` (the test tier's pretest does it).
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { common, processing as pb, processingEvents as ev } from '@onestop/contracts';
import { call, grpcClient, TokenIssuer } from '@onestop/grpc-kit';
import { ensureTopics, KafkaEventPublisher, readTopicToEnd } from '@onestop/messaging';
import { freePort, type RunningProcess, startProcess } from '@onestop/test-support';
import { MongoClient } from 'mongodb';
import { Pool } from 'pg';
import { PostgresEventStore, type RecordedEvent } from '@onestop/eventstore';
import { calendar } from './domain/fixtures.spec';
import { decodeCaseEvent } from './adapters/store/case-streams';
import {
  deleteTopics,
  intakeEvent,
  KAFKA_BROKERS,
  MONGO_URL,
  PG_URL,
  receivedDossier,
  testKafka,
  testLogger,
  waitFor,
} from './int-support.spec';

jest.setTimeout(180_000);

const ENTRY = path.resolve(__dirname, '../dist/main.js');
const SECRET = 'processing-process-test-secret-0123456789';
const prefix = `t.processing.${randomUUID().slice(0, 8)}.`;
const TOPIC = {
  intake: `${prefix}onestop.intake.events.v1`,
  processing: `${prefix}onestop.processing.events.v1`,
  dlq: `${prefix}onestop.deadletter.v1`,
};
const dbName = `t_processing_main_${randomUUID().slice(0, 8)}`;
const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'processing-main-'));
const kafka = testKafka();
let mongo: MongoClient;
const running = new Map<string, RunningProcess>();

async function start(name: string, env: NodeJS.ProcessEnv = {}): Promise<number> {
  const port = await freePort();
  const started = await startProcess({
    name,
    entry: ENTRY,
    env: {
      ...process.env,
      KAFKA_BROKERS,
      MONGO_URL,
      MONGO_DB: dbName,
      KAFKA_TOPIC_PREFIX: prefix,
      GRPC_PORT: String(port),
      METRICS_PORT: '0',
      AUTH_JWT_SECRET: SECRET,
      LOG_LEVEL: 'info',
      TIMER_POLL_INTERVAL_MS: '100',
      ...env,
    },
    logFile: path.join(logDir, `${name}.log`),
    ready: (log) => log.includes('"msg":"processing listening"'),
  });
  running.set(name, started);
  return port;
}

async function stop(name: string, signal: NodeJS.Signals): Promise<number | null> {
  const s = running.get(name);
  if (!s) return null;
  running.delete(name);
  return s.stop(signal);
}

/** The event store the instances share (schema named like their database), read-only here. */
const pg = new Pool({ connectionString: PG_URL, max: 2 });
const store = new PostgresEventStore(pg, { schema: dbName, source: 'onestop.processing' });

async function caseEvents(dossierId: string) {
  return (await store.readStream(dossierId)).map(decodeCaseEvent);
}

async function alertsOf(dossierId: string): Promise<string[]> {
  return (await caseEvents(dossierId))
    .filter((e) => e.type === 'DueSoon' || e.type === 'Overdue')
    .map((e) => `${e.type}:${e.data.deadline === ev.DeadlineKind.DEADLINE_KIND_STEP ? 'step' : 'dossier'}`)
    .sort();
}

beforeAll(async () => {
  if (!fs.existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run \`npm run build\` first`);
  mongo = await new MongoClient(MONGO_URL).connect();
  await ensureTopics(kafka, [TOPIC.intake, TOPIC.processing, TOPIC.dlq]);
});
afterAll(async () => {
  for (const name of [...running.keys()]) await stop(name, 'SIGKILL');
  await deleteTopics(kafka, [TOPIC.intake, TOPIC.processing, TOPIC.dlq]);
  await mongo
    .db(dbName)
    .dropDatabase()
    .catch(() => undefined);
  await mongo.close();
  await pg.query(`DROP SCHEMA IF EXISTS ${dbName} CASCADE`).catch(() => undefined);
  await pg.end();
});

it('two instances open each case once and alert once per deadline, across a crash and a restart with the clock moved', async () => {
  await Promise.all([start('a'), start('b')]);

  // Dossiers received now, due in an hour of real time: due soon at once, overdue in an hour.
  const now = new Date();
  const dossiers = Array.from({ length: 4 }, () =>
    receivedDossier({
      receivedAt: now,
      clockStartedAt: now,
      dueAt: new Date(now.getTime() + 3_600_000),
      calendarVersion: calendar.version,
    }),
  );
  const publisher = new KafkaEventPublisher(kafka, TOPIC.intake, { logger: testLogger });
  await publisher.connect();
  const received = dossiers.map((d) => intakeEvent('DossierReceived', d.dossierId, 1, d));
  await publisher.publish(received);
  await publisher.publish(received.slice(0, 2)); // redelivered
  await publisher.disconnect();

  for (const d of dossiers)
    await waitFor(`the due-soon alert of ${d.dossierId}`, async () => (await alertsOf(d.dossierId)).includes('DueSoon:dossier'), 60_000);

  // One instance crashes, the other is stopped; both come back with the clock two hours on.
  expect(await stop('a', 'SIGKILL')).toBeNull();
  expect(await stop('b', 'SIGTERM')).toBe(0);
  const later = { CLOCK_OFFSET_MS: String(2 * 3_600_000) };
  const [portA] = await Promise.all([start('a2', later), start('b2', later)]);

  for (const d of dossiers) {
    await waitFor(
      `the overdue alerts of ${d.dossierId}`,
      async () => (await alertsOf(d.dossierId)).filter((a) => a.startsWith('Overdue')).length === 2,
      60_000,
    );
  }
  for (const d of dossiers) {
    expect((await caseEvents(d.dossierId)).filter((e) => e.type === 'CaseOpened')).toHaveLength(1);
    expect(await alertsOf(d.dossierId)).toEqual(['DueSoon:dossier', 'Overdue:dossier', 'Overdue:step']);
  }

  // Every stored event reaches processing's topic (at least once; consumers dedupe by id).
  const stored: RecordedEvent[] = [];
  for await (const e of store.readAll()) stored.push(e);
  expect(stored.filter((e) => e.type === 'onestop.processing.v1.DueSoon')).toHaveLength(dossiers.length);
  await waitFor(
    'every stored event on the topic',
    async () => {
      const seen = new Set<string>();
      await readTopicToEnd(kafka, TOPIC.processing, (m) => {
        seen.add(String(m.headers.ce_id));
      });
      return stored.every((e) => seen.has(e.id));
    },
    60_000,
  );

  // And the restarted instance answers gRPC: the work queue and an action.
  const client = grpcClient(pb.ProcessingServiceClient, `127.0.0.1:${portA}`);
  try {
    const leader = await new TokenIssuer(SECRET).issue({ officerId: 'tp-leader', role: 'leader', unitCode: 'TUPHAP' });
    const overdue = await call(
      client.listWorkQueue.bind(client),
      { agencyCode: '', officerId: '', queue: pb.WorkQueue.WORK_QUEUE_OVERDUE, page: undefined },
      { token: leader },
    );
    expect(overdue.items.map((i) => i.dossierId).sort()).toEqual(dossiers.map((d) => d.dossierId).sort());
    const assigned = await call(
      client.assignOfficer.bind(client),
      { requestId: `assign-${randomUUID()}`, dossierId: dossiers[0].dossierId, officerId: 'tp-specialist', note: '', expectedVersion: 0 },
      { token: leader },
    );
    expect(assigned.case).toMatchObject({ assigneeOfficerId: 'tp-specialist', status: common.NationalStatus.NATIONAL_STATUS_PROCESSING });
  } finally {
    client.close();
  }
});
