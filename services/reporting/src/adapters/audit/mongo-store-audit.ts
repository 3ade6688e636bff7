// Reads a service's event store for the audit (read access is enough): every event in stream and
// version order, and whether its commit was published to Kafka.
import type { Db } from 'mongodb';
import { MongoEventStore } from '@onestop/eventstore';
import type { AuditedEvent, StoreAudit } from '../../application/verify-history';

export class MongoStoreAudit implements StoreAudit {
  private readonly store: MongoEventStore;
  readonly label: string;

  constructor(
    db: Db,
    readonly source: string,
    collectionName = 'events',
  ) {
    this.store = new MongoEventStore(db, { source, collectionName });
    this.label = `${db.databaseName}.${collectionName}`;
  }

  async read(visit: (e: AuditedEvent, published: boolean) => void): Promise<void> {
    const published = new Set<string>();
    const commits = this.store.collection.find({ publishedAt: { $ne: null } }, { projection: { 'events.id': 1 } });
    for await (const c of commits) for (const e of c.events ?? []) published.add(e.id);
    for await (const e of this.store.readAll()) {
      visit({ ...e, source: e.source || this.source }, published.has(e.id));
    }
  }
}
