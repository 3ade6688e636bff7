import { performance } from 'node:perf_hooks';
import type { Collection, Db } from 'mongodb';
import { backfillPointers } from './backfill';
import { buildCommitDocument, commitId, toCommit, toRecordedEvents, type CommitDocument } from './documents';
import { duplicateOf, explainConflict, type ConflictContext } from './conflicts';
import { ConcurrencyError, EventStoreArgumentError, ReservationTakenError } from './errors';
import { isDuplicateKeyError, mapLimit } from './mongo-util';
import { Outbox } from './outbox';
import { CommitPointers, type PointerLookup } from './pointers';
import type { OutboxStore } from './relay';
import { StreamReader } from './stream-reader';
import type { AppendOptions, AppendResult, Commit, EventStore, EventToAppend, ExpectedVersion, ReadStreamOptions, RecordedEvent } from './types';
import { assertStreamId, requiredText, validateAppend, type ValidAppend } from './validation';

export interface MongoEventStoreOptions {
  /** The producing service, stored on every commit and sent as ce_source (e.g. 'onestop.intake'). */
  source: string;
  /** Defaults to 'events'. */
  collectionName?: string;
  clock?: () => Date;
  /** Streams whose head (last version and hash) this process remembers, least recently used out (default 10 000; 0 = none). */
  streamCacheSize?: number;
  /**
   * How long an outbox entry may wait for its commit before the relay drops it as an append that
   * failed or died before its insert (default 60 000 ms).
   */
  outboxGraceMs?: number;
}

const COMMIT_INDEXES: { key: Record<string, 1>; name: string; unique: boolean }[] = [
  { key: { requestKey: 1 }, name: 'requestKey_unique', unique: true },
  { key: { reservedKey: 1 }, name: 'reservedKey_unique', unique: true },
  { key: { streamId: 1, firstVersion: 1 }, name: 'streamId_firstVersion', unique: false },
  { key: { publishedAt: 1 }, name: 'publishedAt', unique: false },
  { key: { reservedScope: 1, reservedSeq: 1 }, name: 'reservedScope_reservedSeq', unique: false },
  { key: { 'events.id': 1 }, name: 'eventId', unique: false },
];

/** How often an append with expectedVersion 'any' re-reads the stream after losing a race. */
const MAX_ANY_ATTEMPTS = 20;

/**
 * Event store on MongoDB / FerretDB: one document per commit, append = one insert guarded by
 * unique indexes (no transactions needed), hash-chained events, and an outbox read by OutboxRelay.
 *
 * Every hot path reads by `_id` only, because FerretDB 1.24 (SQLite) uses an index for nothing
 * else: streams are walked commit by commit (`${streamId}:${firstVersion}`), and request ids,
 * reservation keys, scope sequences and pending commits go through small pointer collections
 * (`<collection>_requests`, `_reservations`, `_outbox`). The secondary indexes stay for MongoDB
 * and the rare paths, and the unique ones still decide exactly-once; see pointers.ts and outbox.ts.
 */
export class MongoEventStore implements EventStore, OutboxStore {
  readonly collection: Collection<CommitDocument>;
  private readonly source: string;
  private readonly clock: () => Date;
  private readonly streams: StreamReader;
  private readonly pointers: CommitPointers;
  private readonly outbox: Outbox;
  private readonly conflicts: ConflictContext;

  constructor(
    private readonly db: Db,
    options: MongoEventStoreOptions,
  ) {
    if (typeof options?.source !== 'string' || options.source.trim() === '') {
      throw new EventStoreArgumentError('options.source', "must name the producing service, e.g. 'onestop.intake'");
    }
    this.source = options.source;
    this.clock = options.clock ?? (() => new Date());
    const name = options.collectionName ?? 'events';
    this.collection = db.collection<CommitDocument>(name);
    this.streams = new StreamReader(this.collection, nonNegativeInteger(options.streamCacheSize ?? 10_000, 'options.streamCacheSize'));
    this.pointers = new CommitPointers(db, name, this.collection);
    this.outbox = new Outbox(db, name, this.collection, nonNegativeInteger(options.outboxGraceMs ?? 60_000, 'options.outboxGraceMs'));
    this.conflicts = { commits: this.collection, pointers: this.pointers, head: (id) => this.streams.head(id) };
  }

  /**
   * Creates the indexes and collections append() relies on, and gives commits stored before the
   * pointer collections existed their pointers (once). Idempotent. One createIndexes command per
   * index: FerretDB 1.24.2 panics (and drops the connection) on a createIndexes command listing
   * several indexes when some of them already exist. `events.id` is indexed but NOT unique:
   * FerretDB 1.24 accepts a unique index on an array field yet does not enforce it across
   * documents (checked against 1.24.2), and MongoDB never enforces it within one document; event
   * ids are random UUIDs (duplicates inside one append are rejected) and consumers dedupe by id.
   */
  async ensureIndexes(): Promise<void> {
    for (const { key, name, unique } of COMMIT_INDEXES) {
      await this.collection.createIndex(key, unique ? { name, unique } : { name });
    }
    await this.pointers.ensureCollections();
    await this.outbox.ensureCollection();
    await backfillPointers(this.db, this.collection, this.pointers, this.outbox);
  }

  /**
   * Appends events to a stream as one atomic commit. Throws ConcurrencyError,
   * DuplicateRequestError, ReservationTakenError or EventStoreArgumentError.
   *
   * Order: the pointers (request, reservation, outbox entry) are written first, tentatively, then
   * the commit is inserted; a pointer without its commit reads as "not found" and an outbox entry
   * without its commit is never published. A crash after the insert leaves everything needed.
   */
  async append(streamId: string, events: EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    const valid = validateAppend(streamId, events, options);
    for (let attempt = 1; ; attempt++) {
      const expectsEmpty = valid.expectedVersion === 0 || valid.expectedVersion === 'no_stream';
      const head = attempt === 1 ? this.streams.headForAppend(valid.streamId, expectsEmpty) : this.streams.head(valid.streamId);
      const [current, prior] = await Promise.all([head, this.priorClaims(valid)]);
      if (prior.request?.holder) throw duplicateOf(prior.request.holder, valid.requestId);
      if (!versionMatches(valid.expectedVersion, current.version)) {
        throw new ConcurrencyError(valid.streamId, valid.expectedVersion, current.version);
      }
      if (prior.reservation?.holder && valid.reservation) throw new ReservationTakenError(valid.reservation.key, valid.reservation.scope);
      const doc = buildCommitDocument(valid, current, this.source, this.now());
      const started = performance.now();
      const written = await this.pointAt(valid, doc, prior);
      try {
        await this.collection.insertOne(doc, { ignoreUndefined: true });
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
        await explainConflict(this.conflicts, valid, doc, err);
        if (attempt >= MAX_ANY_ATTEMPTS) {
          throw new ConcurrencyError(valid.streamId, valid.expectedVersion, (await this.streams.head(valid.streamId)).version);
        }
        continue;
      }
      await this.afterInsert(doc, written, started);
      return toCommit(doc);
    }
  }

  /** The stream's events in version order; [] for an unknown stream. */
  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    assertStreamId(streamId);
    const fromVersion = options.fromVersion ?? 1;
    if (!Number.isSafeInteger(fromVersion) || fromVersion < 1) {
      throw new EventStoreArgumentError('options.fromVersion', 'must be an integer >= 1');
    }
    if (options.upTo !== undefined && !(options.upTo instanceof Date && !Number.isNaN(options.upTo.getTime()))) {
      throw new EventStoreArgumentError('options.upTo', 'must be a valid Date');
    }
    const docs = await this.streams.read(streamId, fromVersion, options.upTo);
    const out: RecordedEvent[] = [];
    for (const e of docs.flatMap(toRecordedEvents)) {
      if (options.upTo && e.recordedAt.getTime() > options.upTo.getTime()) break;
      if (e.version >= fromVersion) out.push(e);
    }
    return out;
  }

  /** The version of the stream's last event; 0 for an empty stream. */
  async streamVersion(streamId: string): Promise<number> {
    assertStreamId(streamId);
    return (await this.streams.head(streamId)).version;
  }

  /** The commit made with this client request id, or null. */
  async findByRequestId(requestId: string): Promise<Commit | null> {
    requiredText(requestId, 'requestId');
    const doc = await this.pointers.byRequest(requestId);
    return doc ? toCommit(doc) : null;
  }

  /** The commit that claimed this reservation key (e.g. the dossier with this code), or null. */
  async findByReservation(key: string): Promise<Commit | null> {
    requiredText(key, 'key');
    const doc = await this.pointers.byReservationKey(key);
    return doc ? toCommit(doc) : null;
  }

  /**
   * The highest reservation seq claimed in the scope; 0 if none. Reads a per-scope high-water
   * hint and probes upward from it by `_id` (see CommitPointers.maxSeq): the hint is only a
   * starting point, the answer is what the commits hold.
   */
  async maxReservedSeq(scope: string): Promise<number> {
    requiredText(scope, 'scope');
    return this.pointers.maxSeq(scope);
  }

  /** Every stream id, in ascending order (an aggregation over all commits: for audits). */
  async listStreamIds(): Promise<string[]> {
    const rows = await this.collection
      .aggregate<{ _id: string }>([{ $group: { _id: '$streamId' } }, { $sort: { _id: 1 } }])
      .toArray();
    return rows.map((r) => r._id);
  }

  /**
   * Every event of every stream, ordered by stream id then version (for audits). One pass over
   * the commit ids, then the commits by `_id`; unlike readStream it also yields commits that
   * follow a missing one, so an audit sees a stream cut in the middle as it is.
   */
  async *readAll(): AsyncIterable<RecordedEvent> {
    const starts = new Map<string, number[]>();
    for await (const c of this.collection.find({}, { projection: { streamId: 1, firstVersion: 1 } })) {
      const list = starts.get(c.streamId);
      if (list) list.push(c.firstVersion);
      else starts.set(c.streamId, [c.firstVersion]);
    }
    for (const streamId of [...starts.keys()].sort()) {
      const versions = (starts.get(streamId) ?? []).sort((a, b) => a - b);
      const docs = await mapLimit(versions, 16, (v) => this.collection.findOne({ _id: commitId(streamId, v) }));
      for (const doc of docs) if (doc) yield* toRecordedEvents(doc);
    }
  }

  /** Outbox: unpublished commits ordered by stream then version, skipping the given streams. */
  async pendingCommits(limit: number, excludeStreamIds: readonly string[] = []): Promise<Commit[]> {
    return (await this.outbox.pending(limit, excludeStreamIds)).map(toCommit);
  }

  /** Outbox: records that the broker acknowledged the commit's events. */
  async markPublished(commitId: string, at: Date): Promise<void> {
    await this.outbox.markPublished(commitId, at);
  }

  /** What the pointers already say about the request id and reservation key (holders verified). */
  private async priorClaims(a: ValidAppend): Promise<PriorClaims> {
    const [request, reservation] = await Promise.all([
      a.requestId === null ? null : this.pointers.request(a.requestId),
      a.reservation === null ? null : this.pointers.reservationKey(a.reservation.key),
    ]);
    return { request, reservation };
  }

  /** Writes the tentative pointers and the outbox entry of a commit about to be inserted. */
  private async pointAt(a: ValidAppend, doc: CommitDocument, prior: PriorClaims): Promise<WrittenAhead> {
    const [request, reservation, entryId] = await Promise.all([
      a.requestId === null ? false : this.pointers.pointRequest(a.requestId, doc._id, prior.request?.pointed ?? false),
      a.reservation === null ? false : this.pointers.pointReservation(a.reservation, doc._id, prior.reservation?.pointed ?? false),
      this.outbox.add(doc),
    ]);
    return { overwrotePointers: request || reservation, entryId };
  }

  /**
   * After the insert: remembers the head, confirms the outbox entry (else the relay checks the
   * commit collection for it) and any pointer that overwrote another, raises the scope's hint
   * (all best effort: the commit is stored and holds its keys whatever happens to them), and, if
   * the append took so long that the relay may have dropped its outbox entry as abandoned, writes
   * a fresh confirmed one.
   */
  private async afterInsert(doc: CommitDocument, written: WrittenAhead, started: number): Promise<void> {
    this.streams.appended(doc);
    const scope = doc.reservedScope;
    await Promise.all([
      this.outbox.confirm(written.entryId).catch(() => undefined),
      written.overwrotePointers ? this.pointers.confirm(doc).catch(() => undefined) : undefined,
      scope === null || doc.reservedSeq === null ? undefined : this.pointers.raiseHint(scope, doc.reservedSeq),
    ]);
    if (performance.now() - started > this.outbox.graceMs / 2) await this.outbox.add(doc, true);
  }

  private now(): Date {
    const t = this.clock();
    if (!(t instanceof Date) || Number.isNaN(t.getTime())) throw new Error('event store clock returned an invalid Date');
    return t;
  }
}

interface PriorClaims {
  request: PointerLookup | null;
  reservation: PointerLookup | null;
}

/** What an append wrote before its insert. */
interface WrittenAhead {
  overwrotePointers: boolean;
  entryId: string;
}

function versionMatches(expected: ExpectedVersion, actual: number): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === 0;
  return expected === actual;
}

function nonNegativeInteger(v: number, field: string): number {
  if (!Number.isSafeInteger(v) || v < 0) throw new EventStoreArgumentError(field, 'must be an integer >= 0');
  return v;
}
