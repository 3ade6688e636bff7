// Moving each service's history from the former document store into PostgreSQL, provably: the
// old stores' chains are checked and their digest taken before anything is written (a broken
// chain refuses the migration, naming stream and version); the commits are copied as recorded,
// in stream and version order, idempotently; then the new stores' digest — the one `verify`
// prints — must equal the old one.
import type { Commit } from '@onestop/eventstore';
import { auditStores, type HistoryProblem, type StoreAudit, type StoresAudit } from './verify-history';

/** The former store of one service: audited like any store, and read commit by commit. */
export interface OldEventStore extends StoreAudit {
  count(): Promise<number>;
  /** The commits in stream and version order, at most `size` at a time. */
  commits(size: number): AsyncIterable<Commit[]>;
}

/** The PostgreSQL store of one service. */
export interface NewEventStore extends StoreAudit {
  /** Creates the schema and tables if missing. */
  prepare(): Promise<void>;
  /** Writes the commits not yet there; counts what was written. */
  import(commits: Commit[]): Promise<{ commits: number; events: number }>;
}

export interface MigrationPair {
  service: string;
  from: OldEventStore;
  to: NewEventStore;
}

export interface ServiceMigration {
  service: string;
  commitsRead: number;
  eventsRead: number;
  commitsWritten: number;
  eventsWritten: number;
  /** Commits copied as unpublished (the old store had not published them): the relay sends them. */
  unpublished: number;
}

export type MigrationReport =
  | { outcome: 'refused'; before: StoresAudit; problems: HistoryProblem[] }
  | { outcome: 'checked'; before: StoresAudit }
  | { outcome: 'migrated'; before: StoresAudit; after: StoresAudit; services: ServiceMigration[]; equal: boolean };

export interface MigrationOptions {
  /** Events recorded after this instant are left out of both digests (default: the start). */
  until: Date;
  batchSize: number;
  /** Check and take the old digest only; write nothing. */
  dryRun?: boolean;
  progress?: (line: string) => void;
}

export async function migrateEvents(pairs: readonly MigrationPair[], o: MigrationOptions): Promise<MigrationReport> {
  const progress = o.progress ?? (() => undefined);
  progress(`migrate-events: reading and checking ${pairs.map((p) => p.from.label).join(', ')}…`);
  const before = await auditStores(
    pairs.map((p) => p.from),
    o.until,
  );
  if (before.digest === null) return { outcome: 'refused', before, problems: before.problems };
  if (o.dryRun) return { outcome: 'checked', before };

  const services: ServiceMigration[] = [];
  for (const { service, from, to } of pairs) {
    await to.prepare();
    const total = await from.count();
    const done: ServiceMigration = { service, commitsRead: 0, eventsRead: 0, commitsWritten: 0, eventsWritten: 0, unpublished: 0 };
    for await (const batch of from.commits(o.batchSize)) {
      const written = await to.import(batch);
      done.commitsRead += batch.length;
      done.eventsRead += batch.reduce((n, c) => n + c.events.length, 0);
      done.commitsWritten += written.commits;
      done.eventsWritten += written.events;
      done.unpublished += batch.filter((c) => c.publishedAt === null).length;
      progress(
        `migrate-events: ${service} ${done.commitsRead}/${total} commits read, ${done.commitsWritten} written (${done.eventsWritten} events)`,
      );
    }
    services.push(done);
  }
  progress(`migrate-events: reading and checking ${pairs.map((p) => p.to.label).join(', ')}…`);
  const after = await auditStores(
    pairs.map((p) => p.to),
    o.until,
  );
  return { outcome: 'migrated', before, after, services, equal: after.digest !== null && after.digest === before.digest };
}
