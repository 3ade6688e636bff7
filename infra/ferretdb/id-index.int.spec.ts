// The document store at MONGO_URL serves reads and writes by `_id` from an index, not by reading
// the whole collection. On FerretDB (what `infra up` starts) that is infra/ferretdb/id-index.sql:
// a GIN index on each table's `_id` and plans made for the parameters given; checked in
// PostgreSQL's own statistics of the collection's table. On MongoDB (testcontainers), by explain.
import { randomUUID } from 'node:crypto';
import { MongoClient, type Collection } from 'mongodb';
import { Client } from 'pg';

const MONGO_URL = process.env.MONGO_URL as string;
const database = `idindex_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
const DOCS = 2000;
const idOf = (i: number) => `d-${String(i).padStart(5, '0')}`;

/** FerretDB's backend database, as infra/bin/postgres.sh chooses it. */
function ferretBackendUrl(): string {
  if (process.env.FERRETDB_POSTGRESQL_URL) return process.env.FERRETDB_POSTGRESQL_URL;
  const url = new URL(process.env.PG_URL as string);
  url.pathname = '/ferretdb';
  return url.toString();
}

interface TableStats {
  table: string;
  seq: number;
  idx: number;
}

async function tableStats(pg: Client): Promise<TableStats> {
  const { rows } = await pg.query<{ table: string; seq: string; idx: string }>(
    `SELECT relid::regclass::text AS table, seq_scan AS seq, coalesce(idx_scan, 0) AS idx
       FROM pg_stat_user_tables WHERE schemaname = $1 AND relname LIKE 'views%'`,
    [database],
  );
  expect(rows).toHaveLength(1);
  return { table: rows[0].table, seq: Number(rows[0].seq), idx: Number(rows[0].idx) };
}

/** 20 finds and 10 replaces by `_id`, on one connection (a generic plan would take over after 5). */
async function byId(views: Collection<{ _id: string; n: number; payload: string }>): Promise<void> {
  for (let i = 0; i < 20; i++) expect(await views.findOne({ _id: idOf((i * 97) % DOCS) })).toMatchObject({ n: (i * 97) % DOCS });
  for (let i = 0; i < 10; i++) {
    const r = await views.replaceOne({ _id: idOf(i * 13) }, { n: -i, payload: 'changed' });
    expect(r.matchedCount).toBe(1);
  }
}

describe('reads and writes by _id in the document store', () => {
  let mongo: MongoClient;
  let views: Collection<{ _id: string; n: number; payload: string }>;

  beforeAll(async () => {
    mongo = await new MongoClient(MONGO_URL, { maxPoolSize: 1 }).connect();
    views = mongo.db(database).collection('views');
    const payload = 'x'.repeat(2000);
    for (let i = 0; i < DOCS; i += 500) {
      await views.insertMany(Array.from({ length: 500 }, (_, j) => ({ _id: idOf(i + j), n: i + j, payload })));
    }
  });

  afterAll(async () => {
    await mongo.db(database).dropDatabase();
    await mongo.close();
  });

  it('are served by an index, not a scan of the collection', async () => {
    const info = await mongo.db(database).command({ buildInfo: 1 });
    if (typeof info.ferretdbVersion !== 'string') {
      const plan = await views.find({ _id: idOf(7) }).explain();
      expect(JSON.stringify(plan.queryPlanner.winningPlan)).toMatch(/IDHACK|EXPRESS|IXSCAN/);
      await byId(views);
      return;
    }
    const pg = new Client({ connectionString: ferretBackendUrl() });
    await pg.connect();
    try {
      // The inserts' statistics first: FerretDB's sessions report them when idle, at most once a second.
      await new Promise((done) => setTimeout(done, 1500));
      const before = await tableStats(pg);
      const { rows: indexes } = await pg.query<{ indexdef: string }>(
        `SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename LIKE 'views%' AND indexdef LIKE '%USING gin%'`,
        [database],
      );
      expect(indexes.map((i) => i.indexdef)).toEqual([expect.stringContaining("((_jsonb -> '_id'::text)) jsonb_path_ops")]);
      await byId(views);
      let after = before;
      for (let i = 0; i < 50 && after.idx - before.idx < 30; i++) {
        await new Promise((done) => setTimeout(done, 200));
        after = await tableStats(pg);
      }
      await new Promise((done) => setTimeout(done, 1500));
      after = await tableStats(pg);
      // A replace is a find and an update (by FerretDB's btree on _id): 30 to 40 index scans. A
      // few scans of its own come and go; without the GIN index all 30 were scans, with a generic
      // plan every one after the fifth.
      expect(after.idx - before.idx).toBeGreaterThanOrEqual(30);
      expect(after.seq - before.seq).toBeLessThanOrEqual(3);
    } finally {
      await pg.end();
    }
  });
});
