import type { Collection, Db, Filter, OptionalUnlessRequiredId } from 'mongodb';
import type { CommitDocument } from './documents';
import { isDuplicateKeyError, upsertById } from './mongo-util';
import type { Reservation } from './types';

/** `<collection>_requests`: where the commit made with a client request id is (by `_id`). */
export interface RequestPointer {
  /** The client request id. */
  _id: string;
  commitId: string;
}

/**
 * `<collection>_reservations`, three kinds told apart by the `_id` prefix (so no reservation key
 * can collide with another kind):
 * - `key:<reservation key>` → the commit claiming that key;
 * - `seq:<scope>#<seq>` → the commit claiming that position of the scope's sequence;
 * - `scope:<scope>` → `seq`, a high-water hint of the scope (see maxSeq).
 */
export interface ReservationPointer {
  _id: string;
  commitId?: string;
  key?: string;
  scope?: string;
  seq?: number;
}

/** What a pointer says: the commit it leads to if that commit holds the key, and whether a pointer exists at all. */
export interface PointerLookup {
  holder: CommitDocument | null;
  pointed: boolean;
}

const keyId = (key: string) => `key:${key}`;
const seqId = (scope: string, seq: number) => `seq:${scope}#${seq}`;
const scopeId = (scope: string) => `scope:${scope}`;

/**
 * Lookups by `_id` that stand in for the commit collection's secondary indexes on FerretDB (which
 * reads and decodes every document for any filter but `_id`). A pointer is written before its commit is inserted and is only
 * a lead: it is followed to the commit by `_id` and believed only if the commit says the same
 * (a pointer of an append that failed, or one overwritten by a competing append, reads as "not
 * found"). The unique indexes on the commits stay the source of truth: when one rejects an
 * append, the store finds the holder by index and points the pointer at it (repoint*).
 */
export class CommitPointers {
  readonly requests: Collection<RequestPointer>;
  readonly reservations: Collection<ReservationPointer>;

  constructor(
    private readonly db: Db,
    collectionName: string,
    private readonly commits: Collection<CommitDocument>,
  ) {
    this.requests = db.collection<RequestPointer>(`${collectionName}_requests`);
    this.reservations = db.collection<ReservationPointer>(`${collectionName}_reservations`);
  }

  /** The commit made with this request id, as far as the pointer knows. */
  async request(requestId: string): Promise<PointerLookup> {
    const p = await this.requests.findOne({ _id: requestId });
    return { pointed: p !== null, holder: p ? await this.follow(p.commitId, (c) => c.requestId === requestId) : null };
  }

  /** The commit claiming this reservation key, as far as the pointer knows. */
  async reservationKey(key: string): Promise<PointerLookup> {
    const p = await this.reservations.findOne({ _id: keyId(key) });
    const holds = (c: CommitDocument) => c.reservedScope != null && c.reservedKey === key;
    return { pointed: p !== null, holder: p?.commitId ? await this.follow(p.commitId, holds) : null };
  }

  async byRequest(requestId: string): Promise<CommitDocument | null> {
    return (await this.request(requestId)).holder;
  }

  async byReservationKey(key: string): Promise<CommitDocument | null> {
    return (await this.reservationKey(key)).holder;
  }

  /**
   * Tentatively points the request id at a commit about to be inserted: an insert (checked by
   * the `_id` index, no query) unless a pointer is known to exist. True when it overwrote one.
   */
  pointRequest(requestId: string, commitId: string, exists: boolean): Promise<boolean> {
    return writePointer(this.requests, requestId, { commitId }, exists);
  }

  /** Tentatively points the reservation key and the scope's seq at a commit about to be inserted; true when it overwrote a pointer. */
  async pointReservation(r: Reservation, commitId: string, keyExists: boolean): Promise<boolean> {
    const overwrote = await Promise.all([
      writePointer(this.reservations, keyId(r.key), { commitId, scope: r.scope, seq: r.seq }, keyExists),
      writePointer(this.reservations, seqId(r.scope, r.seq), { commitId, key: r.key }, false),
    ]);
    return overwrote.includes(true);
  }

  /**
   * After a successful insert whose pointers overwrote others (a competing append of the same
   * request id or reservation key was around): makes sure the pointers lead to this commit, which
   * now holds the keys by the unique indexes. A pointer freshly inserted is not checked (a query
   * per append is what this design saves): a competitor overwriting it later fails on the unique
   * index and repoints it to the holder — unless its insert failed first for another reason (a
   * three-way race), and then the pointer reads "not found" until the request is retried, whose
   * insert the unique index rejects and whose explanation repoints it.
   */
  async confirm(doc: CommitDocument): Promise<void> {
    const checks: Promise<void>[] = [];
    if (doc.requestId != null) checks.push(confirmPointer(this.requests, doc.requestId, doc._id, { commitId: doc._id }));
    if (doc.reservedScope != null && doc.reservedSeq != null) {
      const r = { commitId: doc._id, scope: doc.reservedScope, seq: doc.reservedSeq };
      checks.push(confirmPointer(this.reservations, keyId(doc.reservedKey), doc._id, r));
      checks.push(confirmPointer(this.reservations, seqId(r.scope, r.seq), doc._id, { commitId: doc._id, key: doc.reservedKey }));
    }
    await Promise.all(checks);
  }

  /** Points the request id at the commit that holds it by the unique index. */
  async repointRequest(holder: CommitDocument): Promise<void> {
    if (holder.requestId != null) await this.pointRequest(holder.requestId, holder._id, true);
  }

  /** Points the reservation key and seq at the commit that holds them by the unique index. */
  async repointReservation(holder: CommitDocument): Promise<void> {
    if (holder.reservedScope == null || holder.reservedSeq == null) return;
    await this.pointReservation({ key: holder.reservedKey, scope: holder.reservedScope, seq: holder.reservedSeq }, holder._id, true);
  }

  /**
   * The highest seq of the scope held by a commit. Starts from the scope's high-water hint and
   * probes `seq:<scope>#<n>` upward by `_id` until a position nobody tried; a position whose
   * pointer does not lead to a commit holding it (an append that failed) does not count but does
   * not stop the probe. The hint is only a starting point: it is raised after each successful
   * claim without a transaction, so it may lag (a lost update) but is never above a held seq.
   * Exact for sequences claimed one after another (max + 1, then the next while taken); a seq
   * claimed beyond a position nobody tried is found only once the hint reaches it.
   */
  async maxSeq(scope: string): Promise<number> {
    const hint = await this.reservations.findOne({ _id: scopeId(scope) });
    let best = typeof hint?.seq === 'number' ? hint.seq : 0;
    for (let seq = best + 1; ; seq++) {
      const p = await this.reservations.findOne({ _id: seqId(scope, seq) });
      if (!p?.commitId) return best;
      if (await this.follow(p.commitId, (c) => c.reservedScope === scope && c.reservedSeq === seq)) best = seq;
    }
  }

  /** Raises the scope's high-water hint after a successful claim (best effort: it is only a hint). */
  async raiseHint(scope: string, seq: number): Promise<void> {
    try {
      await upsertById(this.reservations, scopeId(scope), { $max: { seq } });
    } catch {
      // A lost hint only makes the next maxSeq probe a little further.
    }
  }

  /** Creates the pointer collections (no indexes needed: every lookup is by `_id`). */
  async ensureCollections(): Promise<void> {
    for (const name of [this.requests.collectionName, this.reservations.collectionName]) await createCollection(this.db, name);
  }

  private async follow(id: string, holds: (c: CommitDocument) => boolean): Promise<CommitDocument | null> {
    const commit = await this.commits.findOne({ _id: id });
    return commit && holds(commit) ? commit : null;
  }
}

/** The pointers of stored commits (for the backfill of a collection written before pointers existed). */
export function pointerDocuments(commits: CommitDocument[]): { requests: RequestPointer[]; reservations: ReservationPointer[] } {
  const requests: RequestPointer[] = [];
  const reservations: ReservationPointer[] = [];
  for (const c of commits) {
    if (c.requestId != null) requests.push({ _id: c.requestId, commitId: c._id });
    if (c.reservedScope == null || c.reservedSeq == null) continue;
    reservations.push({ _id: keyId(c.reservedKey), commitId: c._id, scope: c.reservedScope, seq: c.reservedSeq });
    reservations.push({ _id: seqId(c.reservedScope, c.reservedSeq), commitId: c._id, key: c.reservedKey });
  }
  return { requests, reservations };
}

/** Inserts a pointer (the `_id` index checks it, no query) or, when one exists, overwrites it; true when it overwrote. */
async function writePointer<T extends { _id: string }>(
  collection: Collection<T>,
  id: string,
  fields: Partial<T>,
  exists: boolean,
): Promise<boolean> {
  if (!exists) {
    try {
      await collection.insertOne({ _id: id, ...fields } as OptionalUnlessRequiredId<T>);
      return false;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
  }
  await upsertById(collection, id, { $set: fields });
  return true;
}

async function confirmPointer<T extends { _id: string; commitId?: string }>(
  collection: Collection<T>,
  id: string,
  commitId: string,
  fields: Partial<T>,
): Promise<void> {
  const p = await collection.findOne({ _id: id } as Filter<T>);
  if (p?.commitId !== commitId) await upsertById(collection, id, { $set: fields });
}

/** Creates a collection unless it exists (code 48 NamespaceExists, or a concurrent creation). */
export async function createCollection(db: Db, name: string): Promise<void> {
  try {
    await db.createCollection(name);
  } catch (err) {
    const code = (err as { code?: unknown } | null)?.code;
    if (code !== 48 && !isDuplicateKeyError(err)) throw err;
  }
}
