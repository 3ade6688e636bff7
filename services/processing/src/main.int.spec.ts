// processing as the operator runs it: the built service (node dist/main.js) as processes, two
// instances on one database, fed by intake's topic, alerting through its durable timers across a
// crash and a restart, answering gRPC. Needs `npm run build` (the test tier's pretest does it).
import { randomUUID } from 'node:crypto';
import { common, processing as pb, processingEvents as ev } from '@onestop/contracts';
import { call, grpcClient, TokenIssuer } from '@onestop/grpc-kit';
import { KafkaEventPublisher, readTopicToEnd } from '@onestop/messaging';
import { Pool } from 'pg';
import { PostgresEventStore, type RecordedEvent } from '@onestop/eventstore';
import { calendar } from './domain/fixtures.spec';
import { decodeCaseEvent } from './adapters/store/case-streams';
import { builtProcessing, intakeEvent, PG_URL, receivedDossier, testLogger, waitFor } from './int-support.spec';

jest.setTimeout(180_000);

const SECRET = 'processing-process-test-secret-0123456789';
const service = builtProcessing('main', SECRET);
const { kafka, dbName, topics: TOPIC } = service;
/** Starts an instance (timers polled every 100 ms); returns its gRPC port. */
const start = (name: string, env: NodeJS.ProcessEnv = {}) => service.start(name, { TIMER_POLL_INTERVAL_MS: '100', ...env });
const stop = (name: string, signal: NodeJS.Signals) => service.stop(name, signal);

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

beforeAll(() => service.setUp());
afterAll(async () => {
  await service.tearDown();
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
