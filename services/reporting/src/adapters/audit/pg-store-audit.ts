// Reads a service's event store on PostgreSQL for the audit (read access is enough): every event
// in stream and version order, and whether its commit was published to Kafka.
import type { Pool } from 'pg';
import { PostgresEventStore } from '@onestop/eventstore';
import type { AuditedEvent, StoreAudit } from '../../application/verify-history';

export class PgStoreAudit implements StoreAudit {
  private readonly store: PostgresEventStore;
  readonly label: string;

  constructor(
    pool: Pool,
    schema: string,
    readonly source: string,
    /** Where it is, for the report (default: the schema). */
    label = `schema ${schema}`,
  ) {
    this.store = new PostgresEventStore(pool, { schema, source });
    this.label = label;
  }

  async read(visit: (e: AuditedEvent, published: boolean) => void): Promise<void> {
    for await (const { event, published } of this.store.readStoredEvents({ by: 'stream' })) {
      visit({ ...event, source: event.source || this.source }, published);
    }
  }
}
