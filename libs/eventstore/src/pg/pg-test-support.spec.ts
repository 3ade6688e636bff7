// Shared set-up of the PostgreSQL store's integration specs (not a spec itself: no tier in the
// name). Real PostgreSQL at PG_URL; each test file gets its own schema, dropped afterwards.
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { PostgresEventStore } from './store';

export const PG_URL = process.env.PG_URL ?? 'postgres://onestop:onestop@127.0.0.1:5432/onestop';

export interface TestSchema {
  pool: Pool;
  schema: string;
  /** A store on this schema (created on first use). */
  store(source?: string, clock?: () => Date): Promise<PostgresEventStore>;
  drop(): Promise<void>;
}

export function testSchema(label: string): TestSchema {
  const pool = new Pool({ connectionString: PG_URL, max: 12 });
  const schema = `t_es_${label}_${randomBytes(4).toString('hex')}`;
  return {
    pool,
    schema,
    async store(source = 'onestop.test', clock?: () => Date) {
      const s = new PostgresEventStore(pool, { schema, source, clock });
      await s.ensureSchema();
      return s;
    },
    async drop() {
      await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
      await pool.end();
    },
  };
}
