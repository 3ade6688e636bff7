// A successor commune's officers read and list their predecessors' open dossiers (issue 12, item
// 1), through the built service (node dist/main.js) on its shipped administrative map: dossiers of
// 2020 communes are opened with processing's clock in 2020 (the district's Phòng Tư pháp holds them),
// then the service runs on today's clock, where that department no longer exists and the communes
// merged. Needs `npm run build` (the test tier's pretest does it).
import { randomUUID } from 'node:crypto';
import { status as Status } from '@grpc/grpc-js';
import { processing as pb } from '@onestop/contracts';
import { call, grpcClient, type Identity, TokenIssuer } from '@onestop/grpc-kit';
import { KafkaEventPublisher } from '@onestop/messaging';
import { at, calendar } from './domain/fixtures.spec';
import { builtProcessing, intakeEvent, receivedDossier, testLogger, waitFor } from './int-support.spec';
import { grpcCodeOf } from '@onestop/test-support';

jest.setTimeout(180_000);

const SECRET = 'processing-successor-test-secret-0123456789';
const service = builtProcessing('successor', SECRET);
const { kafka, topics: TOPIC } = service;
const issuer = new TokenIssuer(SECRET);
let running: string | undefined;
let client: pb.ProcessingServiceClient | undefined;

const DISTRICT_LEADER: Identity = { officerId: 'tp-leader', role: 'leader', unitCode: 'TUPHAP' };
/** Minh Thái commune carries on Trực Đại (Resolution 1674/NQ-UBTVQH15, the shipped units file). */
const MINHTHAI_LEADER: Identity = { officerId: 'mt-leader', role: 'leader', unitCode: 'XMINHTHAI-VHXH' };
/** Cổ Lễ commune carries on Cổ Lễ town, not Trực Đại. */
const COLE_LEADER: Identity = { officerId: 'cl-leader', role: 'leader', unitCode: 'XCOLE-VHXH' };

/** Starts the service with its clock at `now` (CLOCK_OFFSET_MS); returns a client of it. */
async function startAt(name: string, now: Date): Promise<pb.ProcessingServiceClient> {
  const port = await service.start(name, { CLOCK_OFFSET_MS: String(now.getTime() - Date.now()) });
  running = name;
  client = grpcClient(pb.ProcessingServiceClient, `127.0.0.1:${port}`);
  return client;
}

async function stopService(): Promise<void> {
  client?.close();
  client = undefined;
  if (running) await service.stop(running, 'SIGTERM');
  running = undefined;
}

async function getCase(c: pb.ProcessingServiceClient, who: Identity, dossierId: string) {
  return call(c.getCase.bind(c), { dossierId }, { token: await issuer.issue(who) });
}

async function listed(c: pb.ProcessingServiceClient, who: Identity, queue: pb.WorkQueue): Promise<string[]> {
  const res = await call(
    c.listWorkQueue.bind(c),
    { agencyCode: '', officerId: '', queue, page: undefined },
    { token: await issuer.issue(who) },
  );
  return res.items.map((i) => i.dossierId).sort();
}

beforeAll(() => service.setUp());
afterAll(async () => {
  await stopService();
  await service.tearDown();
});

it("a successor commune's officer reads and lists the open 2020 dossiers of the communes it carries on, and no others", async () => {
  // 2020: dossiers received at Trực Đại commune and at Cổ Lễ town, handled by the district's Phòng Tư pháp.
  const received = at('2020-10-05 08:00');
  const trucDai = receivedDossier({
    unitCode: 'XTRUCDAI',
    receivedAt: received,
    clockStartedAt: received,
    calendarVersion: calendar.version,
  });
  const coLe = receivedDossier({ unitCode: 'TTCOLE', receivedAt: received, clockStartedAt: received, calendarVersion: calendar.version });
  let c = await startAt('in-2020', at('2020-10-05 09:00'));
  const publisher = new KafkaEventPublisher(kafka, TOPIC.intake, { logger: testLogger });
  await publisher.connect();
  await publisher.publish([trucDai, coLe].map((d) => intakeEvent('DossierReceived', d.dossierId, 1, d)));
  await publisher.disconnect();
  const both = [trucDai.dossierId, coLe.dossierId].sort();
  await waitFor(
    'both cases in Phòng Tư pháp’s new queue',
    async () => (await listed(c, DISTRICT_LEADER, pb.WorkQueue.WORK_QUEUE_NEW)).join() === both.join(),
    60_000,
  );

  // On the 2020 map Minh Thái does not exist yet: it carries nothing on.
  expect(await grpcCodeOf(getCase(c, MINHTHAI_LEADER, trucDai.dossierId))).toBe(Status.PERMISSION_DENIED);
  expect(await listed(c, MINHTHAI_LEADER, pb.WorkQueue.WORK_QUEUE_NEW)).toEqual([]);
  await stopService();

  // Today (after 1 July 2025): the district's department is gone; each successor commune sees its own predecessors' dossiers.
  c = await startAt('today', new Date());
  const seen = await getCase(c, MINHTHAI_LEADER, trucDai.dossierId);
  expect(seen.case).toMatchObject({ dossierId: trucDai.dossierId, dossierCode: trucDai.dossierCode });
  expect(await listed(c, MINHTHAI_LEADER, pb.WorkQueue.WORK_QUEUE_NEW)).toEqual([trucDai.dossierId]);
  expect(await listed(c, COLE_LEADER, pb.WorkQueue.WORK_QUEUE_NEW)).toEqual([coLe.dossierId]);
  // Other units are still refused.
  expect(await grpcCodeOf(getCase(c, MINHTHAI_LEADER, coLe.dossierId))).toBe(Status.PERMISSION_DENIED);
  expect(await grpcCodeOf(getCase(c, COLE_LEADER, trucDai.dossierId))).toBe(Status.PERMISSION_DENIED);
  expect(await grpcCodeOf(getCase(c, { officerId: 'kt-1', role: 'leader', unitCode: 'XNINHGIANG-KT' }, trucDai.dossierId))).toBe(
    Status.PERMISSION_DENIED,
  );
  expect(
    await grpcCodeOf(
      call(
        c.listWorkQueue.bind(c),
        { agencyCode: 'TUPHAP', officerId: '', queue: pb.WorkQueue.WORK_QUEUE_NEW, page: undefined },
        { token: await issuer.issue(MINHTHAI_LEADER) },
      ),
    ),
  ).toBe(Status.PERMISSION_DENIED);

  // The successor works the case on (the commands' rule), and its in-progress queue follows.
  const token = await issuer.issue(MINHTHAI_LEADER);
  await call(
    c.assignOfficer.bind(c),
    { requestId: `assign-${randomUUID()}`, dossierId: trucDai.dossierId, officerId: 'mt-specialist', note: '', expectedVersion: 0 },
    { token },
  );
  expect(await listed(c, MINHTHAI_LEADER, pb.WorkQueue.WORK_QUEUE_IN_PROGRESS)).toEqual([trucDai.dossierId]);
  expect(await listed(c, MINHTHAI_LEADER, pb.WorkQueue.WORK_QUEUE_NEW)).toEqual([]);
  expect(await listed(c, COLE_LEADER, pb.WorkQueue.WORK_QUEUE_IN_PROGRESS)).toEqual([]);
});
