// A service's event store on PostgreSQL as the target of a migration: its schema is created if
// missing, commits are imported as recorded, and it is audited like `verify` reads it.
import type { Pool } from 'pg';
import { importCommits, PostgresEventStore, type Commit, type ImportResult } from '@onestop/eventstore';
import type { NewEventStore } from '../../application/migrate-events';
import { PgStoreAudit } from '../audit/pg-store-audit';

export class PgCommitTarget extends PgStoreAudit implements NewEventStore {
  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
    source: string,
    label?: string,
  ) {
    super(pool, schema, source, label);
  }

  async prepare(): Promise<void> {
    await new PostgresEventStore(this.pool, { schema: this.schema, source: this.source }).ensureSchema();
  }

  import(commits: Commit[]): Promise<ImportResult> {
    return importCommits(this.pool, this.schema, commits);
  }
}
