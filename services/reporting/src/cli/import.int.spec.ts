// `ops import` end to end on the real PostgreSQL, Kafka and FerretDB: an export with bad rows is
// refused whole (each problem by row and field, nothing written), the fixed file is imported and
// sent to Kafka, importing it again changes nothing, the same dossiers from another file are
// refused; reporting's live projection folds them, Biểu II.06a for the quarter counts them (also
// as of now; not as of a time before the import), and `ops verify` passes over the store and topic.
import { TEST_TOPIC_PREFIX } from '../testing/topic-prefix.spec';
import { randomBytes, randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { Pool } from 'pg';
import { silentLogger } from '@onestop/logging';
import { createKafka, ensureTopics, TOPICS } from '@onestop/messaging';
import { LiveProjection } from '../application/live-projection';
import { KafkaEventSource } from '../adapters/kafka/kafka-event-source';
import { MongoProjectionCatalog } from '../adapters/store/mongo-projection-catalog';
import { EXAMPLE_Q3_2020_TOTALS, examplePath } from '../testing/legacy-import.spec';
import { eventually } from '../testing/platform.spec';
import { runCli } from './main';
import type { CliOutput } from './output';

jest.setTimeout(180_000);

const PG_URL = process.env.PG_URL ?? 'postgres://onestop:onestop@127.0.0.1:5432/onestop';
const MONGO_URL = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017/';
const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const id = randomBytes(4).toString('hex');
const schema = `t_ops_import_${id}`;
const mongoDb = `t_ops_import_${id}`;
const storeArg = ['--store', `onestop.intake=${PG_URL}#${schema}`];
const pg = new Pool({ connectionString: PG_URL, max: 2 });
const mongo = new MongoClient(MONGO_URL);
const kafka = createKafka({ brokers: BROKERS.split(','), clientId: `t-ops-import-${id}`, logger: silentLogger() });
let projection: LiveProjection | undefined;

async function cli(...argv: string[]) {
  const io = { stdout: '', stderr: '' };
  const out: CliOutput = {
    out: (t) => void (io.stdout += t),
    err: (t) => void (io.stderr += t),
    progress: () => undefined,
    progressDone: () => undefined,
  };
  const code = await runCli(argv, out, { ...process.env, PG_URL, MONGO_URL, MONGO_DB: mongoDb, KAFKA_BROKERS: BROKERS });
  return { code, ...io };
}

/** Rows of the schema's events and commits, and the unpublished commits (0 when the schema does not exist). */
async function storeCounts(): Promise<{ events: number; commits: number; unpublished: number; lastPosition: number }> {
  const exists = await pg.query<{ t: string | null }>(`SELECT to_regclass('${schema}.events')::text AS t`);
  if (exists.rows[0].t === null) return { events: 0, commits: 0, unpublished: 0, lastPosition: 0 };
  const r = await pg.query<{ events: string; commits: string; unpublished: string; last: string | null }>(
    `SELECT (SELECT count(*) FROM ${schema}.events) AS events, (SELECT count(*) FROM ${schema}.commits) AS commits,
            (SELECT count(*) FROM ${schema}.commits WHERE published_at IS NULL) AS unpublished,
            (SELECT max(position) FROM ${schema}.events) AS last`,
  );
  const row = r.rows[0];
  return {
    events: Number(row.events),
    commits: Number(row.commits),
    unpublished: Number(row.unpublished),
    lastPosition: Number(row.last ?? 0),
  };
}

beforeAll(async () => {
  await mongo.connect();
  await ensureTopics(kafka, [TOPICS.intake, TOPICS.processing, TOPICS.postal, TOPICS.deadLetter], { partitions: 2 });
});

afterAll(async () => {
  await projection?.stop();
  await mongo
    .db(mongoDb)
    .dropDatabase()
    .catch(() => undefined);
  await mongo.close();
  await pg.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
  await pg.end();
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [TOPICS.intake, TOPICS.processing, TOPICS.postal, TOPICS.deadLetter] }).catch(() => undefined);
  await admin.disconnect();
});

describe('ops import', () => {
  let imported = 0;

  it('refuses an export with bad rows, naming each row and field, and writes nothing', async () => {
    expect(TOPICS.intake.startsWith(TEST_TOPIC_PREFIX)).toBe(true);
    const r = await cli('import', examplePath('legacy-export-with-errors.csv'), ...storeArg);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('row 3, channel: "fax" is not one of counter, online, postal\n');
    expect(r.stderr).toContain('row 4, received_at: "2020-13-07T14:00:00+07:00" is not a real date and time\n');
    expect(r.stderr).toMatch(
      /row 6, unit_code: unit XCOLE \(.+\) did not exist on 2020-08-03, the received date: it existed from 2025-07-01\n/,
    );
    expect(r.stderr).toContain('row 11, code: TRUCNINH-200921-0001 is also the code of row 10\n');
    expect(r.stderr).toMatch(
      /legacy-export-with-errors\.csv \(csv, SHA-256 [0-9a-f]{64}\): 6 problem\(s\) in 6 row\(s\); nothing was imported/,
    );
    expect(await storeCounts()).toEqual({ events: 0, commits: 0, unpublished: 0, lastPosition: 0 });
  });

  it('imports the fixed file: one commit per dossier, hash-chained, marked imported, sent to intake’s topic', async () => {
    const dry = await cli('import', examplePath('legacy-export.csv'), ...storeArg, '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(
      /10 dossier\(s\) checked; would import 10 \(\d+ events\) into onestop\.intake .*; nothing written \(dry run\)\n/,
    );
    expect(await storeCounts()).toEqual({ events: 0, commits: 0, unpublished: 0, lastPosition: 0 });
    const r = await cli('import', examplePath('legacy-export.csv'), ...storeArg, '--by', 'ops-test');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const m = /legacy-export\.csv \(csv, SHA-256 ([0-9a-f]{64})\): imported 10 dossier\(s\) \((\d+) events\) into onestop\.intake/.exec(
      r.stdout,
    );
    expect(m).not.toBeNull();
    imported = Number(m?.[2]);
    expect(r.stdout).toContain(`sent ${imported} event(s) to ${TOPICS.intake}\n`);
    expect(await storeCounts()).toMatchObject({ events: imported, commits: 10, unpublished: 0 });
    const marks = await pg.query<{ type: string; request_id: string; actor: string }>(
      `SELECT e.type, c.request_id, e.metadata->'actor'->>'officerId' AS actor FROM ${schema}.events e JOIN ${schema}.commits c USING (commit_id) WHERE e.version = 1`,
    );
    expect(marks.rows).toHaveLength(10);
    for (const row of marks.rows) {
      expect(row.type).toBe('onestop.intake.v1.LegacyDossierImported');
      expect(row.request_id).toMatch(/^onestop~legacy-import:/);
      expect(row.actor).toBe('ops-test');
    }
  });

  it('changes nothing when the same file is imported again, and says so', async () => {
    const before = await storeCounts();
    const r = await cli('import', examplePath('legacy-export.csv'), ...storeArg);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/already imported — all 10 dossier\(s\) of this file are in onestop\.intake .*; nothing changed\n/);
    expect(r.stdout).toContain('sent 0 event(s)');
    expect(await storeCounts()).toEqual(before);
  });

  it('refuses the same dossiers from another file (the JSON export) by row, writing nothing', async () => {
    const before = await storeCounts();
    const r = await cli('import', examplePath('legacy-export.json'), ...storeArg);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /row 1, code: TRUCNINH-200625-0004 was already imported from another file \(legacy-export\.csv, SHA-256 [0-9a-f]{64}, row 2 on /,
    );
    expect(r.stderr).toContain('10 problem(s) in 10 row(s); nothing was imported');
    expect(await storeCounts()).toEqual(before);
  });

  it('is folded by reporting and counted in Biểu II.06a for the quarter, also as of now but not before the import', async () => {
    const catalog = new MongoProjectionCatalog(mongo.db(mongoDb));
    projection = new LiveProjection({
      catalog,
      source: new KafkaEventSource(kafka, { maxAttempts: 2, retryBackoffMs: 10 }),
      logger: silentLogger(),
      instanceId: `t-${randomUUID()}`,
      pollMs: 200,
    });
    await projection.start();
    await eventually(
      'the ten imported dossiers in the read model',
      async () => {
        const store = catalog.store((await catalog.pointer()).live);
        let n = 0;
        for await (const v of store.views()) if (v.dossierCode && v.lastRecordedAt) n++;
        return n === 10;
      },
      60_000,
    );
    const expected = EXAMPLE_Q3_2020_TOTALS;
    const live = await cli('report', '--from', '2020-07-01', '--to', '2020-09-30', '--group', 'unit', '--format', 'json');
    expect(live.code).toBe(0);
    const report = JSON.parse(live.stdout).report;
    expect(report.total).toEqual(expected);
    expect(report.rows.map((r: { key: string; received: number }) => [r.key, r.received])).toEqual([
      ['TRUCNINH', 6],
      ['TTNINHCUONG', 1],
      ['XLIEMHAI', 1],
      ['XTRUCDAO', 1],
      ['XTRUCNOI', 1],
    ]);
    const asOfNow = await cli(
      'report',
      '--from',
      '2020-07-01',
      '--to',
      '2020-09-30',
      '--format',
      'json',
      '--as-of',
      new Date().toISOString(),
    );
    expect(JSON.parse(asOfNow.stdout).report.total).toEqual(expected);
    const beforeImport = await cli('report', '--from', '2020-07-01', '--to', '2020-09-30', '--format', 'json', '--as-of', '2026-01-01');
    expect(JSON.parse(beforeImport.stdout).report.total.received).toBe(0);
  });

  it('passes ops verify over the store and the topic', async () => {
    const r = await cli('verify', ...storeArg, '--topic', TOPICS.intake);
    expect(r.stdout).toContain(`verified ${imported} stored events and ${imported} Kafka messages`);
    expect(r.stdout).toContain(': 0 problem(s)\n');
    expect(r.stdout).toMatch(/digest [0-9a-f]{64}/);
    expect(r.code).toBe(0);
  });
});
