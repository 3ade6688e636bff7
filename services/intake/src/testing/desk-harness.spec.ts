// The desk's application layer on the real event store (PostgreSQL) and online queue (FerretDB /
// MongoDB), for the integration tests (not a test itself: no tier in the name). One schema and
// one database per test file, dropped after.
import { randomBytes, randomUUID } from 'node:crypto';
import { type Db, MongoClient } from 'mongodb';
import { Pool } from 'pg';
import { type Rejection, RejectionError } from '@onestop/commands';
import {
  type AppendOptions,
  type AppendResult,
  ConcurrencyError,
  type EventStore,
  type EventToAppend,
  type NumberedAppend,
  type NumberedAppendOptions,
  PostgresEventStore,
  type ReadStreamOptions,
  type RecordedEvent,
} from '@onestop/eventstore';
import { Desk, type SubmitCommand } from '../application/desk';
import type { CommandMeta, DossierStreams } from '../application/ports';
import { buildDesk, EVENT_SOURCE } from '../service';
import { applicant, C, completeDocuments, R, reference, todaysReference, vn } from './fixtures.spec';

export interface DeskHarness {
  db: Db;
  store: PostgresEventStore;
  streams: DossierStreams;
  /** The desk's clock: set `clock.now` to move time. */
  clock: { now: Date };
  desk: Desk;
  /** A desk on another store (e.g. a LoadBarrier over this one) with the same clock. */
  deskOn(store: EventStore): Desk;
  /** Number of commits stored in the database (every append is one commit row). */
  commits(): Promise<number>;
  close(): Promise<void>;
}

/** A desk on the 2020 district's map (default), or on the map in force at each act (`todaysMap`). */
export async function openDesk(area: string, options: { todaysMap?: boolean } = {}): Promise<DeskHarness> {
  const client = await MongoClient.connect(process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017/');
  const name = `t_intake_${area.toLowerCase().replace(/[^a-z0-9_]/g, '_')}_${randomBytes(4).toString('hex')}`;
  const db = client.db(name);
  const pool = new Pool({ connectionString: process.env.PG_URL ?? 'postgres://onestop:onestop@127.0.0.1:5432/onestop', max: 8 });
  const clock = { now: vn('2026-03-04 09:00') };
  const store = new PostgresEventStore(pool, { schema: name, source: EVENT_SOURCE, clock: () => clock.now });
  await store.ensureSchema();
  const ref = options.todaysMap ? todaysReference : reference;
  const { streams, desk, deskOn } = await buildDesk({ db, store, reference: ref, clock: () => clock.now });
  return {
    db,
    store,
    streams,
    clock,
    desk,
    deskOn,
    commits: async () => (await pool.query(`SELECT count(*)::int AS n FROM ${name}.commits`)).rows[0].n,
    close: async () => {
      await db.dropDatabase();
      await client.close();
      await pool.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
      await pool.end();
    },
  };
}

export function meta(requestId: string, officerId = 'desk01', role = 'desk_officer', unitCode = 'TRUCNINH'): CommandMeta {
  return { requestId, actor: { officerId, role, unitCode }, correlationId: `corr-${requestId}` };
}

export function counterSubmission(over: Partial<SubmitCommand> = {}): SubmitCommand {
  const procedureCode = over.procedureCode ?? 'TCKH-01';
  return {
    channel: C.CHANNEL_COUNTER,
    unitCode: 'TRUCNINH',
    procedureCode,
    applicant: applicant(),
    resultDelivery: R.RESULT_DELIVERY_COUNTER,
    ...over,
    documents: over.documents ?? completeDocuments(procedureCode),
  };
}

/** A unique request id for this run (request ids are global in the store). */
export const rid = (label: string) => `${label}-${randomUUID().slice(0, 8)}`;

/** The event types of a dossier's stream, in order. */
export async function eventTypes(streams: DossierStreams, dossierId: string): Promise<string[]> {
  return (await streams.load(dossierId)).events.map((e) => e.type);
}

/**
 * An event store whose next `parties` reads of one stream all return before any of them goes on,
 * so that concurrent commands decide on the same version and all but one must retry. Appends that
 * lost to a concurrent one are counted.
 */
export class LoadBarrier implements EventStore {
  conflicts = 0;
  private waiting: (() => void)[] = [];

  constructor(
    private readonly inner: EventStore,
    private parties: number,
  ) {}

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    const events = await this.inner.readStream(streamId, options);
    if (this.parties > 0) {
      await new Promise<void>((resolve) => {
        this.waiting.push(resolve);
        if (this.waiting.length >= this.parties) {
          this.parties = 0;
          for (const go of this.waiting) go();
        }
      });
    }
    return events;
  }

  async append(streamId: string, events: EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    try {
      return await this.inner.append(streamId, events, options);
    } catch (err) {
      if (err instanceof ConcurrencyError) this.conflicts++;
      throw err;
    }
  }

  async appendNumbered(streamId: string, numbered: NumberedAppend, options: NumberedAppendOptions): Promise<AppendResult | null> {
    try {
      return await this.inner.appendNumbered(streamId, numbered, options);
    } catch (err) {
      if (err instanceof ConcurrencyError) this.conflicts++;
      throw err;
    }
  }

  streamVersion = (id: string) => this.inner.streamVersion(id);
  findByRequestId = (id: string) => this.inner.findByRequestId(id);
  findByReservation = (key: string) => this.inner.findByReservation(key);
  maxReservedSeq = (scope: string) => this.inner.maxReservedSeq(scope);
  listStreamIds = () => this.inner.listStreamIds();
  readAll = () => this.inner.readAll();
}

/** The error a refused use case throws: its rejection, as the domain says it. */
export const refusal = (kind: Exclude<Rejection['kind'], 'invalid'>, message: string) => new RejectionError({ kind, message });

/** Matches a refusal of this kind (whatever its message). */
export const refusedAs = (kind: Rejection['kind']) => ({ rejection: expect.objectContaining({ kind }) });
