import type { Collection, Db, Filter } from 'mongodb';
import { buildCommitDocument, toCommit, toRecordedEvents, type CommitDocument, type StreamHead } from './documents';
import {
  ConcurrencyError,
  DuplicateRequestError,
  EventStoreArgumentError,
  ReservationTakenError,
  UnidentifiedConflictError,
} from './errors';
import type { OutboxStore } from './relay';
import type { AppendOptions, AppendResult, Commit, EventToAppend, ExpectedVersion, RecordedEvent } from './types';
import { assertStreamId, requiredText, validateAppend, type ValidAppend } from './validation';

export interface MongoEventStoreOptions {
  /** The producing service, stored on every commit and sent as ce_source (e.g. 'onestop.intake'). */
  source: string;
  /** Defaults to 'events'. */
  collectionName?: string;
  clock?: () => Date;
}

export interface ReadStreamOptions {
  /** Only events with version >= fromVersion (default 1). */
  fromVersion?: number;
  /** As-of read: the stream's events recorded at or before this instant (a prefix of the stream). */
  upTo?: Date;
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
 * unique indexes (no transactions needed), hash-chained events, and the commits double as the
 * outbox read by OutboxRelay.
 */
export class MongoEventStore implements OutboxStore {
  readonly collection: Collection<CommitDocument>;
  private readonly source: string;
  private readonly clock: () => Date;

  constructor(db: Db, options: MongoEventStoreOptions) {
    if (typeof options?.source !== 'string' || options.source.trim() === '') {
      throw new EventStoreArgumentError('options.source', "must name the producing service, e.g. 'onestop.intake'");
    }
    this.source = options.source;
    this.clock = options.clock ?? (() => new Date());
    this.collection = db.collection<CommitDocument>(options.collectionName ?? 'events');
  }

  /**
   * Creates the indexes append() relies on. Idempotent. One createIndexes command per index:
   * FerretDB 1.24.2 panics (and drops the connection) on a createIndexes command listing several
   * indexes when some of them already exist. `events.id` is indexed but NOT unique: FerretDB 1.24
   * accepts a unique index on an array field yet does not enforce it across documents (checked
   * against 1.24.2), and MongoDB never enforces it within one document; event ids are random
   * UUIDs (duplicates inside one append are rejected) and consumers dedupe by id.
   */
  async ensureIndexes(): Promise<void> {
    for (const { key, name, unique } of COMMIT_INDEXES) {
      await this.collection.createIndex(key, unique ? { name, unique } : { name });
    }
  }

  /**
   * Appends events to a stream as one atomic commit. Throws ConcurrencyError,
   * DuplicateRequestError, ReservationTakenError or EventStoreArgumentError.
   */
  async append(streamId: string, events: EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    const valid = validateAppend(streamId, events, options);
    for (let attempt = 1; ; attempt++) {
      const head = await this.head(valid.streamId);
      if (!versionMatches(valid.expectedVersion, head.version)) {
        await this.throwIfDuplicateRequest(valid.requestId);
        throw new ConcurrencyError(valid.streamId, valid.expectedVersion, head.version);
      }
      const doc = buildCommitDocument(valid, head, this.source, this.now());
      try {
        await this.collection.insertOne(doc, { ignoreUndefined: true });
        return toCommit(doc);
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
        await this.explainConflict(valid, doc, err);
        if (attempt >= MAX_ANY_ATTEMPTS) {
          throw new ConcurrencyError(valid.streamId, valid.expectedVersion, (await this.head(valid.streamId)).version);
        }
      }
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
    const docs = await this.collection
      .find({ streamId, lastVersion: { $gte: fromVersion } })
      .sort({ firstVersion: 1 })
      .toArray();
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
    return (await this.head(streamId)).version;
  }

  /** The commit made with this client request id, or null. */
  async findByRequestId(requestId: string): Promise<Commit | null> {
    requiredText(requestId, 'requestId');
    const doc = await this.collection.findOne({ requestKey: requestId, requestId });
    return doc ? toCommit(doc) : null;
  }

  /** The commit that claimed this reservation key (e.g. the dossier with this code), or null. */
  async findByReservation(key: string): Promise<Commit | null> {
    requiredText(key, 'key');
    const doc = await this.collection.findOne({ reservedKey: key, reservedScope: { $ne: null } });
    return doc ? toCommit(doc) : null;
  }

  /** The highest reservation seq claimed in the scope; 0 if none. */
  async maxReservedSeq(scope: string): Promise<number> {
    requiredText(scope, 'scope');
    const doc = await this.collection.findOne(
      { reservedScope: scope },
      { sort: { reservedSeq: -1 }, projection: { reservedSeq: 1 } },
    );
    return doc?.reservedSeq ?? 0;
  }

  /** Every stream id, in ascending order. */
  async listStreamIds(): Promise<string[]> {
    const rows = await this.collection
      .aggregate<{ _id: string }>([{ $group: { _id: '$streamId' } }, { $sort: { _id: 1 } }])
      .toArray();
    return rows.map((r) => r._id);
  }

  /** Every event of every stream, ordered by stream id then version (for audits). */
  async *readAll(): AsyncIterable<RecordedEvent> {
    for (const streamId of await this.listStreamIds()) {
      yield* await this.readStream(streamId);
    }
  }

  /** Outbox: unpublished commits ordered by stream then version, skipping the given streams. */
  async pendingCommits(limit: number, excludeStreamIds: readonly string[] = []): Promise<Commit[]> {
    const filter: Filter<CommitDocument> = { publishedAt: null };
    if (excludeStreamIds.length > 0) filter.streamId = { $nin: [...excludeStreamIds] };
    const docs = await this.collection.find(filter).sort({ streamId: 1, firstVersion: 1 }).limit(limit).toArray();
    return docs.map(toCommit);
  }

  /** Outbox: records that the broker acknowledged the commit's events. */
  async markPublished(commitId: string, at: Date): Promise<void> {
    await this.collection.updateOne({ _id: commitId, publishedAt: null }, { $set: { publishedAt: at } });
  }

  private async head(streamId: string): Promise<StreamHead> {
    const last = await this.collection.findOne({ streamId }, { sort: { firstVersion: -1 } });
    if (!last) return { version: 0, hash: '' };
    return { version: last.lastVersion, hash: last.events[last.events.length - 1].hash };
  }

  private async throwIfDuplicateRequest(requestId: string | null): Promise<void> {
    if (requestId === null) return;
    const prior = await this.collection.findOne({ requestKey: requestId });
    if (prior) {
      const c = toCommit(prior);
      throw new DuplicateRequestError(requestId, c.streamId, c.commitId, c.events, c.result);
    }
  }

  /**
   * A unique index rejected the insert. FerretDB's error does not name the index, so ask the
   * collection which constraint holds the conflicting value, in this order: request id (a retry
   * of an answered request), commit id (another writer took this stream version), reservation.
   * Returns only when an 'any' append should re-read the stream and try again.
   */
  private async explainConflict(a: ValidAppend, doc: CommitDocument, err: unknown): Promise<void> {
    await this.throwIfDuplicateRequest(a.requestId);
    if (await this.collection.findOne({ _id: doc._id }, { projection: { _id: 1 } })) {
      if (a.expectedVersion === 'any') return;
      throw new ConcurrencyError(a.streamId, a.expectedVersion, (await this.head(a.streamId)).version);
    }
    if (a.reservation && (await this.collection.findOne({ reservedKey: a.reservation.key }, { projection: { _id: 1 } }))) {
      throw new ReservationTakenError(a.reservation.key, a.reservation.scope);
    }
    throw new UnidentifiedConflictError(doc._id, err);
  }

  private now(): Date {
    const t = this.clock();
    if (!(t instanceof Date) || Number.isNaN(t.getTime())) throw new Error('event store clock returned an invalid Date');
    return t;
  }
}

function versionMatches(expected: ExpectedVersion, actual: number): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === 0;
  return expected === actual;
}

function isDuplicateKeyError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 11000 || code === 11001;
}
