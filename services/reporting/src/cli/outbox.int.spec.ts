// The operator's outbox commands and verify's unpublished grace on the real PostgreSQL and Kafka:
// a parked commit is listed with its cause, retried by id (unknown ids refused), and an event left
// unpublished past the grace fails verify.
import { randomBytes, randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { PostgresEventStore } from '@onestop/eventstore';
import { createKafka, ensureTopics } from '@onestop/messaging';
import { silentLogger } from '@onestop/logging';
import { runCli } from './main';
import { shown } from './stores';
import type { CliOutput } from './output';

jest.setTimeout(120_000);

const PG_URL = process.env.PG_URL ?? 'postgres://onestop:onestop@127.0.0.1:5432/onestop';
const pg = new Pool({ connectionString: PG_URL, max: 4 });
const schema = `t_ops_outbox_${randomBytes(4).toString('hex')}`;
const topic = `t.reporting.outbox.${randomUUID().slice(0, 8)}`;
const storeArg = ['--store', `onestop.intake=${PG_URL}#${schema}`];
const anHourAgo = new Date(Date.now() - 3_600_000);
let store: PostgresEventStore;
const parked = `d-${randomUUID()}`;
const free = `d-${randomUUID()}`;

async function cli(...argv: string[]) {
  const io = { stdout: '', stderr: '' };
  const out: CliOutput = {
    out: (t) => void (io.stdout += t),
    err: (t) => void (io.stderr += t),
    progress: () => undefined,
    progressDone: () => undefined,
  };
  const code = await runCli(argv, out, { ...process.env, PG_URL });
  return { code, ...io };
}

beforeAll(async () => {
  store = new PostgresEventStore(pg, { schema, source: 'onestop.intake', clock: () => anHourAgo });
  await store.ensureSchema();
  await store.append(parked, [{ type: 'onestop.intake.v1.DossierReceived', data: new Uint8Array([1]) }], { expectedVersion: 0 });
  await store.append(parked, [{ type: 'onestop.intake.v1.WithdrawalRequested', data: new Uint8Array([2]) }], { expectedVersion: 1 });
  await store.append(free, [{ type: 'onestop.intake.v1.DossierReceived', data: new Uint8Array([3]) }], { expectedVersion: 0 });
  const claim = await store.outbox.claim([parked]);
  await claim.park(
    `${parked}:1`,
    'MESSAGE_TOO_LARGE: The request included a message larger than the max message size the server will accept',
    new Date('2026-11-29T08:00:00Z'),
  );
  await claim.release();
  await ensureTopics(
    createKafka({ brokers: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092', clientId: 't-reporting-outbox', logger: silentLogger() }),
    [topic],
  );
});

afterAll(async () => {
  await pg.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
  await pg.end();
});

describe('outbox list and retry', () => {
  it('lists pending counts and the parked commit with stream, versions, cause and time', async () => {
    const r = await cli('outbox', 'list', ...storeArg);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`intake (${shown(PG_URL)}#${schema}): 1 pending (oldest recorded ${anHourAgo.toISOString()}), 1 parked\n`);
    expect(r.stdout).toContain(
      `  PARKED commit ${parked}:1  stream ${parked} version 1  since 2026-11-29T08:00:00.000Z, 1 later commit(s) of the stream waiting: MESSAGE_TOO_LARGE: The request included`,
    );
    const json = await cli('outbox', 'list', ...storeArg, '--format', 'json');
    expect(JSON.parse(json.stdout)).toEqual([
      expect.objectContaining({
        service: 'intake',
        schema,
        pending: 1,
        parked: [expect.objectContaining({ commitId: `${parked}:1`, waitingBehind: 1 })],
      }),
    ]);
  });

  it('fails verify on events unpublished past the grace, still printing the digest', async () => {
    const r = await cli('verify', ...storeArg, '--topic', topic, '--unpublished-grace', '30m');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`UNPUBLISHED  store onestop.intake  dossier/stream ${parked} version 1`);
    expect(r.stdout).toContain(`UNPUBLISHED  store onestop.intake  dossier/stream ${free} version 1`);
    expect(r.stdout).toContain('(3 not yet published, 3 of them past the 30m grace): 3 problem(s)');
    expect(r.stdout).toMatch(/digest [0-9a-f]{64}/);
    const lenient = await cli('verify', ...storeArg, '--topic', topic, '--unpublished-grace', '2h');
    expect(lenient.stdout).toContain('(3 not yet published, 0 of them past the 2h grace): 0 problem(s)');
    expect(lenient.code).toBe(0);
  });

  it('refuses an unknown or unparked commit, and clears a parked one so the relay retries it', async () => {
    const unknown = await cli('outbox', 'retry', '--service', 'intake', '--commit', 'nope:1', ...storeArg);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no commit "nope:1" in intake');
    const pending = await cli('outbox', 'retry', '--service', 'intake', '--commit', `${free}:1`, ...storeArg);
    expect(pending.code).toBe(1);
    expect(pending.stderr).toContain('is not parked (pending: the relay will send it)');
    const noStore = await cli('outbox', 'retry', '--service', 'postal', '--commit', `${parked}:1`, ...storeArg);
    expect(noStore.code).toBe(2);
    expect(noStore.stderr).toContain('no --store (or VERIFY_STORES entry) for onestop.postal-delivery');

    const r = await cli('outbox', 'retry', '--service', 'intake', '--commit', `${parked}:1`, ...storeArg);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`retrying commit ${parked}:1  stream ${parked} version 1`);
    expect((await store.outbox.pendingStreams(10)).sort()).toEqual([parked, free].sort());
    const after = await cli('outbox', 'list', ...storeArg);
    expect(after.stdout).toContain('3 pending');
    expect(after.stdout).toContain('0 parked');
  });
});
