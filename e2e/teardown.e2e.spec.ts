// The e2e platform's teardown drops the PostgreSQL schemas of its own run (`<runId>_*`, where the
// services keep their event stores) and no other run's — on the real PostgreSQL.
import { Pool } from 'pg';
import { createPlatform } from './support/platform';

const PG_URL = process.env.PG_URL ?? 'postgres://onestop:onestop@127.0.0.1:5432/onestop';

describe('e2e platform teardown', () => {
  const pool = new Pool({ connectionString: PG_URL, max: 1 });
  const other = `e2eother${Date.now().toString(36)}`;

  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS ${other}_intake CASCADE`);
    await pool.end();
  });

  it("drops the run's own schemas after stopping its services, and leaves other runs' alone", async () => {
    const platform = await createPlatform();
    const own = [`${platform.runId}_intake`, `${platform.runId}_postal_delivery`];
    for (const s of [...own, `${other}_intake`]) await pool.query(`CREATE SCHEMA ${s}`);
    await pool.query(`CREATE TABLE ${own[0]}.events (id int)`); // dropped with its tables
    await platform.stopAll();
    const left = await pool.query<{ nspname: string }>('SELECT nspname FROM pg_namespace WHERE nspname = ANY($1) ORDER BY nspname', [
      [...own, `${other}_intake`],
    ]);
    expect(left.rows.map((r) => r.nspname)).toEqual([`${other}_intake`]);
  });
});
