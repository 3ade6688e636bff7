// The former event store of a service: one MongoDB / FerretDB document per commit (the shape in
// @onestop/eventstore's documents.ts). Read-only: for the audit before a migration and for the
// copy, both in stream and version order.
import type { Collection } from 'mongodb';
import { commitFromDocument, eventsFromDocument, type Commit, type CommitDocument } from '@onestop/eventstore';
import type { OldEventStore } from '../../application/migrate-events';
import type { AuditedEvent } from '../../application/verify-history';

export class MongoCommitSource implements OldEventStore {
  constructor(
    private readonly collection: Collection<CommitDocument>,
    readonly source: string,
    /** Where it is, for the report. */
    readonly label: string,
    /** The publication time given to commits the old store shows published without a time. */
    private readonly migratedAt: Date = new Date(),
  ) {}

  async read(visit: (e: AuditedEvent, published: boolean) => void): Promise<void> {
    for await (const doc of this.documents()) {
      for (const e of this.convert(doc, eventsFromDocument)) visit({ ...e, source: e.source || this.source }, doc.publishedAt !== null);
    }
  }

  count(): Promise<number> {
    return this.collection.countDocuments({});
  }

  /**
   * The commits in stream and version order, `size` at a time. Published unless the document says
   * unpublished (`publishedAt: null`): those go to the new store's outbox and the relay sends them.
   */
  async *commits(size: number): AsyncIterable<Commit[]> {
    let batch: Commit[] = [];
    for await (const doc of this.documents()) {
      const commit = this.convert(doc, commitFromDocument);
      batch.push({
        ...commit,
        publishedAt: doc.publishedAt === null ? null : (doc.publishedAt ?? this.migratedAt),
        events: commit.events.map((e) => ({ ...e, source: e.source || this.source })),
      });
      if (batch.length >= size) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  private documents(): AsyncIterable<CommitDocument> {
    return this.collection.find({}).sort({ streamId: 1, firstVersion: 1 });
  }

  /** A document that is not a commit document fails the run naming it (never skipped). */
  private convert<T>(doc: CommitDocument, conversion: (d: CommitDocument) => T): T {
    try {
      if (!Array.isArray(doc.events) || typeof doc.streamId !== 'string') throw new Error('not a commit document (streamId, events)');
      return conversion(doc);
    } catch (err) {
      throw new Error(`${this.label}: document ${String(doc._id)}: ${(err as Error).message}`, { cause: err });
    }
  }
}
