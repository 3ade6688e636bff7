// An online submission waiting at a commune that ceased to exist on 1 July 2025 (Trực Đại, merged
// into Minh Thái by Resolution 1674/NQ-UBTVQH15), through the running service — gRPC, the event
// store, the online queue fed from Kafka — on a simulated clock moved from 2020 to 2026: Minh
// Thái's desk lists it with its own queue and receives it at Minh Thái (its code and register),
// the receipt keeping Trực Đại as where the citizen filed; Cổ Lễ's desk neither lists nor receives it.
import { TEST_TOPIC_PREFIX } from '../testing/topic-prefix.spec';
import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { Pool } from 'pg';
import { status as Status } from '@grpc/grpc-js';
import { common, intake } from '@onestop/contracts';
import { eventStoreSchemaName, loadConfig } from '@onestop/config';
import { call, grpcClient, type Identity, TokenIssuer } from '@onestop/grpc-kit';
import { silentLogger } from '@onestop/logging';
import { createKafka, TOPICS } from '@onestop/messaging';
import { type ClockServer, type RunningClock, startClock, startClockServer } from '@onestop/runtime';
import { EventStoreDossierStreams } from '../adapters/store/dossier-streams';
import { PostgresEventStore } from '@onestop/eventstore';
import { intakeConfigSchema } from '../config';
import { EVENT_SOURCE, type RunningIntake, startIntake } from '../service';
import { applicant, doc, F, R, todaysReference, vn } from '../testing/fixtures.spec';
import { rid } from '../testing/desk-harness.spec';
import { grpcCodeOf } from '@onestop/test-support';

jest.setTimeout(120_000);

const SECRET = 'intake-succession-secret-0123456789-abcdef';
const IN_2020 = vn('2020-10-05 09:00');
const IN_2026 = vn('2026-03-02 09:00');

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe("an online submission at a commune that merged, received by its successor's desk", () => {
  const dbName = `t_intake_succ_${randomBytes(4).toString('hex')}`;
  const issuer = new TokenIssuer(SECRET);
  const as = (role: Identity['role'], unitCode: string) => issuer.issue({ officerId: `${role}-${unitCode.toLowerCase()}`, role, unitCode });
  let clockServer: ClockServer;
  let clock: RunningClock;
  let service: RunningIntake;
  let client: intake.IntakeServiceClient;
  const config = loadConfig(intakeConfigSchema, {
    ...process.env,
    MONGO_DB: dbName,
    GRPC_HOST: '127.0.0.1',
    GRPC_PORT: '0',
    METRICS_PORT: '0',
    AUTH_JWT_SECRET: SECRET,
    MAP_AS_OF: '', // the map in force at each act
  });

  beforeAll(async () => {
    expect(TOPICS.intake.startsWith(TEST_TOPIC_PREFIX)).toBe(true);
    clockServer = await startClockServer({ start: IN_2020 });
    clock = await startClock(
      { CLOCK_MODE: 'simulated', ONESTOP_SIMULATION: '1', SIM_CLOCK_URL: `http://127.0.0.1:${clockServer.port}` },
      'intake-test',
    );
    service = await startIntake(config, { logger: silentLogger(), reference: todaysReference, clock: clock.now, simulatedClock: true });
    client = grpcClient(intake.IntakeServiceClient, `127.0.0.1:${service.grpcPort}`);
  });

  afterAll(async () => {
    client?.close();
    await service?.stop();
    clock?.stop();
    await clockServer?.close();
    const mongo = await new MongoClient(config.MONGO_URL).connect();
    await mongo.db(dbName).dropDatabase();
    await mongo.close();
    const pool = new Pool({ connectionString: config.PG_URL, max: 1 });
    await pool.query(`DROP SCHEMA IF EXISTS ${eventStoreSchemaName(config)} CASCADE`);
    await pool.end();
    const admin = createKafka({ brokers: config.KAFKA_BROKERS, clientId: `${dbName}-cleanup`, logger: silentLogger() }).admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [TOPICS.intake, TOPICS.processing] }).catch(() => undefined);
    await admin.disconnect();
  });

  const queue = async (unitCode: string, token: string) =>
    (await call(client.listOnlineQueue.bind(client), { unitCode, page: undefined }, { token })).dossiers.map((d) => d.dossierId);

  it('is listed and received in 2026 by Minh Thái at Minh Thái, keeping Trực Đại as where it was filed; not by Cổ Lễ', async () => {
    // ---- 2020: the portal files it online at Trực Đại; Trực Đại's desk sees it waiting.
    const trucDai = await as('desk_officer', 'XTRUCDAI');
    const submitted = await call(
      client.submitDossier.bind(client),
      {
        requestId: rid('online'),
        channel: common.Channel.CHANNEL_ONLINE,
        unitCode: 'XTRUCDAI',
        procedureCode: 'XA-HT-02',
        applicant: applicant(),
        documents: [doc('TOKHAI', F.DOCUMENT_FORM_ORIGINAL), doc('CCCD', F.DOCUMENT_FORM_COPY)],
        resultDelivery: R.RESULT_DELIVERY_COUNTER,
        postalHandover: undefined,
      },
      { token: await as('citizen_portal', 'PORTAL') },
    );
    expect(submitted.outcome?.$case).toBe('submittedOnline');
    const dossierId = submitted.outcome?.$case === 'submittedOnline' ? submitted.outcome.submittedOnline.dossierId : '';
    await eventually('the 2020 online queue to list it', async () => ((await queue('', trucDai)).includes(dossierId) ? true : undefined));

    // ---- 2026: Trực Đại no longer exists.
    await clockServer.advance(IN_2026);
    await eventually('the service clock to reach 2026', async () => (clock.now() >= IN_2026 ? true : undefined));
    const minhThai = await as('desk_officer', 'XMINHTHAI');
    const coLe = await as('desk_officer', 'XCOLE');
    expect(await queue('', minhThai)).toEqual([dossierId]); // its own queue, no unit named
    expect(await queue('XTRUCDAI', minhThai)).toEqual([dossierId]); // or naming its predecessor
    expect(await queue('', coLe)).toEqual([]);
    expect(await grpcCodeOf(queue('XTRUCDAI', coLe))).toBe(Status.PERMISSION_DENIED);

    const receive = (token: string) =>
      call(client.receiveOnlineDossier.bind(client), { requestId: rid('receive'), dossierId, refusalReason: '' }, { token });
    expect(await grpcCodeOf(receive(coLe))).toBe(Status.PERMISSION_DENIED);
    expect(await grpcCodeOf(receive(trucDai))).toBe(Status.PERMISSION_DENIED); // a desk of the dissolved unit does not receive

    const res = await receive(minhThai);
    const received = res.outcome?.$case === 'received' ? res.outcome.received : undefined;
    expect(received?.dossierCode).toMatch(/^XMINHTHAI-260302-\d{4}$/);
    expect(received?.receivedAt).toEqual(expect.any(Date));
    const read = await call(client.getDossier.bind(client), { key: { $case: 'dossierId', dossierId } }, { token: minhThai });
    expect(read.dossier).toMatchObject({ unitCode: 'XMINHTHAI', status: common.NationalStatus.NATIONAL_STATUS_RECEIVED });

    // The history: filed online at Trực Đại, received at Minh Thái with Trực Đại kept as the filing unit.
    const pool = new Pool({ connectionString: config.PG_URL, max: 1 });
    try {
      const streams = new EventStoreDossierStreams(
        new PostgresEventStore(pool, { schema: eventStoreSchemaName(config), source: EVENT_SOURCE }),
      );
      const { events } = await streams.load(dossierId);
      expect(events.map((e) => [e.type, 'unitCode' in e.data ? e.data.unitCode : undefined])).toEqual([
        ['DossierSubmittedOnline', 'XTRUCDAI'],
        ['DossierReceived', 'XMINHTHAI'],
      ]);
      expect(events[1].type === 'DossierReceived' && events[1].data.filedAtUnitCode).toBe('XTRUCDAI');
    } finally {
      await pool.end();
    }
    // Received: it leaves the queue.
    await eventually('the queue to drop it', async () => ((await queue('', minhThai)).length === 0 ? true : undefined));
  });
});
