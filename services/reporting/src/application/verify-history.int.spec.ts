import { randomUUID } from 'node:crypto';
import { verifyHistory } from './verify-history';
import { KafkaTopicAudit } from '../adapters/audit/kafka-topic-audit';
import { PgStoreAudit } from '../adapters/audit/pg-store-audit';
import { runCli } from '../cli/main';
import type { CliOutput } from '../cli/output';
import { dossierReceived } from '../testing/events.spec';
import { SOURCE_IDS, TestPlatform, type SourceName } from '../testing/platform.spec';

jest.setTimeout(180_000);

const T = (iso: string) => new Date(iso);
const NAMES: SourceName[] = ['intake', 'processing', 'postal'];

function captured(): CliOutput & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    out: (t: string) => void (io.stdout += t),
    err: (t: string) => void (io.stderr += t),
    progress: () => undefined,
    progressDone: () => undefined,
  };
  return io;
}

describe('verifying the hash-chained history in the stores and on Kafka', () => {
  let platform: TestPlatform;
  const dossiers: string[] = [];
  const audits = () => ({
    stores: NAMES.map((n) => new PgStoreAudit(platform.pg, platform.schemaOf(n), SOURCE_IDS[n])),
    topics: NAMES.map((n) => new KafkaTopicAudit(platform.kafka, platform.topics[n])),
  });
  const verify = async (until = new Date()) => {
    const { stores, topics } = audits();
    return verifyHistory(stores, topics, until);
  };
  const cli = async (...args: string[]) => {
    const io = captured();
    const stores = NAMES.flatMap((n) => ['--store', `${SOURCE_IDS[n]}=${process.env.PG_URL}#${platform.schemaOf(n)}`]);
    const topics = NAMES.flatMap((n) => ['--topic', platform.topics[n]]);
    const code = await runCli(['verify', ...stores, ...topics, ...args], io, {
      ...process.env,
      MONGO_DB: platform.reportingDb.databaseName,
    });
    return { code, ...io };
  };

  beforeAll(async () => {
    platform = await TestPlatform.start();
    const { intake, processing, postal } = platform.producers;
    for (let i = 0; i < 3; i++) {
      const d = randomUUID();
      dossiers.push(d);
      await intake.emit(d, 'DossierReceived', dossierReceived(d), T(`2020-07-0${i + 1}T01:00:00Z`));
      await processing.emit(d, 'CaseOpened', { dossierId: d, status: 4, agencyCode: 'TUPHAP' }, T(`2020-07-0${i + 1}T02:00:00Z`));
      await intake.emit(
        d,
        'WithdrawalRequested',
        { dossierId: d, reason: 'r', requestedAt: T(`2020-07-0${i + 1}T03:00:00Z`) },
        T(`2020-07-0${i + 1}T03:00:00Z`),
      );
    }
    await postal.emit(
      'pickup-1',
      'PickupRequested',
      { shipmentId: 'pickup-1', requestedAt: T('2020-07-04T01:00:00Z') },
      T('2020-07-04T01:00:00Z'),
    );
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('prints one digest for a clean history, the same on every run', async () => {
    const first = await verify(T('2021-01-01T00:00:00Z'));
    expect(first.problems).toEqual([]);
    expect(first.storeEvents).toBe(10);
    expect(first.kafkaEvents).toBe(10);
    expect(first.digest).toMatch(/^[0-9a-f]{64}$/);
    const again = await verify(T('2021-01-01T00:00:00Z'));
    expect(again.digest).toBe(first.digest);
    // A digest is of the history up to `until`: an earlier instant covers fewer events.
    const earlier = await verify(T('2020-07-02T00:00:00Z'));
    expect(earlier.storeEvents).toBe(3);
    expect(earlier.digest).not.toBe(first.digest);

    const run = await cli('--until', '2021-01-01T00:00:00Z', '--expect-digest', first.digest as string);
    expect(run.stdout).toContain(`digest ${first.digest} until 2021-01-01T00:00:00.000Z`);
    expect(run.code).toBe(0);
  });

  it('names the dossier and position of one altered stored event, and fails', async () => {
    const events = `${platform.schemaOf('intake')}.events`;
    const target = dossiers[1];
    const [stored] = (await platform.pg.query(`SELECT event_id, data FROM ${events} WHERE stream_id = $1 AND version = 2`, [target])).rows;
    // Someone edits the withdrawal's reason in the store, leaving the hashes as they were.
    const { encodeEvent } = await import('@onestop/contracts');
    const forged = encodeEvent('onestop.intake.v1.WithdrawalRequested', {
      dossierId: target,
      reason: 'never asked',
      requestedAt: T('2020-07-02T03:00:00Z'),
    });
    await platform.pg.query(`UPDATE ${events} SET data = $2 WHERE event_id = $1`, [stored.event_id, Buffer.from(forged)]);
    try {
      const result = await verify();
      expect(result.digest).toBeNull();
      expect(result.problems).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            where: 'store onestop.intake',
            kind: 'altered',
            streamId: target,
            version: 2,
            eventId: stored.event_id,
          }),
          expect.objectContaining({ where: 'store vs kafka', kind: 'disagree', streamId: target, version: 2 }),
        ]),
      );
      expect(result.problems.every((p) => p.streamId === target && p.version === 2)).toBe(true);

      const run = await cli();
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(`ALTERED  store onestop.intake  dossier/stream ${target} version 2 event ${stored.event_id}`);
      expect(run.stdout).not.toContain('digest ');
    } finally {
      await platform.pg.query(`UPDATE ${events} SET data = $2 WHERE event_id = $1`, [stored.event_id, stored.data]);
    }
    expect((await verify()).problems).toEqual([]);
  });

  it('reports a stored event deleted after it was published as missing from the store', async () => {
    const schema = platform.schemaOf('processing');
    const target = dossiers[2];
    const [stored] = (await platform.pg.query(`SELECT event_id FROM ${schema}.events WHERE stream_id = $1 AND version = 1`, [target])).rows;
    await platform.pg.query(`CREATE TABLE ${schema}.deleted AS SELECT * FROM ${schema}.events WHERE event_id = $1`, [stored.event_id]);
    await platform.pg.query(`DELETE FROM ${schema}.events WHERE event_id = $1`, [stored.event_id]);
    try {
      const result = await verify();
      expect(result.problems).toEqual([
        expect.objectContaining({ where: 'store vs kafka', kind: 'missing', streamId: target, version: 1, eventId: stored.event_id }),
      ]);
    } finally {
      await platform.pg.query(`INSERT INTO ${schema}.events OVERRIDING SYSTEM VALUE SELECT * FROM ${schema}.deleted`);
      await platform.pg.query(`DROP TABLE ${schema}.deleted`);
    }
  });

  it('reports an event put on Kafka from outside as extra, with the gap and forgery it shows', async () => {
    const d = dossiers[0];
    const [, second] = await platform.producers.intake.store.readStream(d);
    const stranger = { ...second, id: randomUUID(), version: 9 };
    await platform.producers.intake.publisher.publish([stranger]);
    const result = await verify();
    expect(result.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          where: `kafka ${platform.topics.intake}`,
          kind: 'missing',
          streamId: d,
          version: 3,
          detail: 'version 3..8 missing before version 9',
        }),
        expect.objectContaining({
          where: `kafka ${platform.topics.intake}`,
          kind: 'altered',
          streamId: d,
          version: 9,
          eventId: stranger.id,
        }),
        expect.objectContaining({ where: 'store vs kafka', kind: 'extra', streamId: d, version: 9, eventId: stranger.id }),
      ]),
    );
    expect(result.problems).toHaveLength(3);
  });
});
