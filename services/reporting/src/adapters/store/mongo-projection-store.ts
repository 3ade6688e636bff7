// One version of the dossier projection in MongoDB / FerretDB, laid out so that the work per
// consumed event does not depend on how many dossiers there are:
//  - dossiers_vN_<k>: one document per dossier, `_id` = dossier id, spread over DOSSIER_SHARDS
//    collections by a hash of the id — FerretDB answers even an `_id` filter by scanning its
//    collection, so a write scans one shard, not every dossier; the queries merge the shards: the fields the queries filter and
//    sort on at the top level, the whole view and the kept events each as one deflated BSON blob (both in one blob when a rebuild wrote the document) (FerretDB's
//    cost per document grows with its number of fields: a view with its timeline and ten kept
//    events is hundreds of them, the blobs two), the linked pickups in `_pickups` (absent when none), and `_rev`, the
//    write count. An event = one read (often served from the projector's cache) + one write, both
//    by `_id`.
//  - pickups_vN: one small document per postal pickup stream (its dossier, or its events until
//    the dossier is known).
//  - dossier_codes_vN: `_id` = dossier code -> dossier id, so the citizen's lookup reads two
//    documents by `_id` instead of filtering the dossiers on a field.
//  - writes_vN: one tiny document per accepted write over a stored document, `_id` =
//    "<dossier or pickup>#<revision>". FerretDB checks a filter and writes in two steps, so a
//    replaceOne conditional on `_rev` is not atomic there (two instances both "match" and one
//    write is lost); a unique `_id` insert is. A writer replacing a document first claims the
//    revision it writes by inserting its `_id`: the loser of a race gets a duplicate key and reads
//    again. A first revision needs no claim: it is itself an insert of the document's `_id`.
//    Inserts only, never filtered; dropped with the version.
// A rebuild fills an empty version with insertMany only.
import {
  Binary,
  BSON,
  MongoBulkWriteError,
  MongoServerError,
  type Collection,
  type Db,
  type Document,
  type Filter,
  type WriteError,
} from 'mongodb';
import { randomUUID } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { BoundedCache } from '@onestop/runtime';
import type { DossierView } from '../../domain/dossier-view';
import type { Changes, DossierRecord, PickupRecord, ProjectionStore, SavedChanges, StoredEvent, ViewFilter } from '../../application/ports';
import { mergeSorted } from './sorted-merge';

/** The view's fields the queries filter or sort on, kept at the top level of the document. */
type QueriedFields = Pick<DossierView, 'dossierCode' | 'unitCode' | 'agencyCode' | 'receivedAt' | 'endedAt' | 'dueAt' | 'lastRecordedAt'>;
/** `_pickups` is left out when empty (most dossiers): FerretDB 1.24 inserts a document with an array markedly slower. */
/**
 * A live write stores the view and the events as two blobs; a rebuild stores both in `both`
 * (see packBoth). A reader takes `view` / `events` where present, else `both`.
 */
type DossierDoc = QueriedFields & { _id: string; _rev: number; _pickups?: string[]; view?: Binary; events?: Binary; both?: Binary };
type PickupDoc = { _id: string; _rev: number; dossierId: string | null; events: Binary };
type CodeDoc = { _id: string; dossierId: string };
/** `by`: the claim's own random token, so the writer that took it can tell it from another's. */
type ClaimDoc = { _id: string; at: Date; by?: string };

/** Collections the dossiers of a version are spread over (by a hash of the dossier id). */
export const DOSSIER_SHARDS = 16;

export const collectionNames = (version: number) => ({
  dossiers: Array.from({ length: DOSSIER_SHARDS }, (_, k) => `dossiers_v${version}_${k}`),
  pickups: `pickups_v${version}`,
  codes: `dossier_codes_v${version}`,
  writes: `writes_v${version}`,
});

/** Collections of the layout before one document per dossier; dropped with their version. */
const legacyCollectionNames = (version: number) => [`dossier_views_v${version}`, `dossier_events_v${version}`, `pickup_links_v${version}`];

/** Every collection name of a projection version, this layout's or the previous one's. */
export const VERSIONED_COLLECTION = /^(?:dossiers|pickups|dossier_codes|writes|dossier_views|dossier_events|pickup_links)_v(\d+)(?:_\d+)?$/;

/** FNV-1a over the id's UTF-16 code units: a stable spread over the shards. */
function shardOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return (h >>> 0) % DOSSIER_SHARDS;
}

const DUPLICATE_KEY = 11000;
const INSERT_BATCH = 500;
/**
 * Calls in flight at once per unit written and per rebuild. Kept low on purpose: FerretDB 1.24
 * was seen to stop answering altogether (even ping) under many concurrent requests on a shared
 * instance (its PostgreSQL pool exhausted), and a live instance runs several units at once.
 */
const WRITES_AT_ONCE = 2;
const BUILD_INSERTS_AT_ONCE = 2;
/**
 * A claimed revision whose document never followed for this long belongs to a writer that died
 * between its two steps: the next writer claims the revision after it instead.
 */
const ABANDONED_CLAIM_MS = 60_000;
/** Claims of this process whose write failed, remembered to be taken up again (see `orphaned`). */
const ORPHANED_CLAIMS_KEPT = 10_000;
const isDuplicate = (err: unknown) => err instanceof MongoServerError && err.code === DUPLICATE_KEY;
/** Reading only the view (a rebuilt document has it in `both`). */
const VIEW_ONLY = { view: 1, both: 1 } as const;
const EVENTS_ONLY = { events: 1, both: 1 } as const;

/**
 * Binary subtype (user-defined range) of a blob stored deflated. FerretDB's cost per document
 * grows with its bytes (measured: 9 KB documents insert at about a quarter of the rate of 0.3 KB
 * ones, and an `_id` filter detoasts every row it scans), and a dossier's BSON shrinks about 3.5×
 * (its events repeat their field names, ids and topics), for ~0.1 ms of CPU. Blobs of subtype 0
 * (written before) are read as they are.
 */
export const DEFLATED = 0x80;
const blob = (value: Document) => new Binary(deflateRawSync(BSON.serialize(value), { level: 1 }), DEFLATED);
/**
 * Binary subtype of a rebuilt dossier's one blob: deflate(BSON(view) ++ BSON({ events })). One
 * deflate per dossier instead of two, and one Binary field instead of two: measured on 2,000 of
 * the replay's dossiers, encoding took 0.26 instead of ~0.35 ms of CPU a dossier and FerretDB
 * inserted 1,500–2,260 instead of 780–1,770 documents/s. A view is read without decoding the
 * events (the first BSON document's length is its first four bytes).
 */
export const DEFLATED_VIEW_AND_EVENTS = 0x81;
const packBoth = (view: DossierView, events: readonly StoredEvent[]) =>
  new Binary(deflateRawSync(Buffer.concat([BSON.serialize(view), BSON.serialize({ events })]), { level: 1 }), DEFLATED_VIEW_AND_EVENTS);
function unpackBoth(b: Binary): { bytes: Buffer; viewLength: number } {
  const bytes = inflateRawSync(b.buffer.subarray(0, b.length()));
  return { bytes, viewLength: bytes.readInt32LE(0) };
}
function unblob(b: Binary): Document {
  const bytes = b.buffer.subarray(0, b.length());
  return BSON.deserialize(b.sub_type === DEFLATED ? inflateRawSync(bytes) : bytes, { promoteBuffers: true });
}

function queriedFields(v: DossierView): QueriedFields {
  return {
    dossierCode: v.dossierCode,
    unitCode: v.unitCode,
    agencyCode: v.agencyCode,
    receivedAt: v.receivedAt,
    endedAt: v.endedAt,
    dueAt: v.dueAt,
    lastRecordedAt: v.lastRecordedAt,
  };
}

const eventsBlob = (events: readonly StoredEvent[]) => blob({ events });
const eventsOfBlob = (b: Binary): StoredEvent[] =>
  (unblob(b).events as StoredEvent[]).map((e) => ({ ...e, data: Uint8Array.from(e.data) }));
function eventsOf(doc: Pick<DossierDoc, 'events' | 'both'>): StoredEvent[] {
  if (doc.events) return eventsOfBlob(doc.events);
  if (!doc.both) return [];
  const { bytes, viewLength } = unpackBoth(doc.both);
  const events = BSON.deserialize(bytes.subarray(viewLength), { promoteBuffers: true }).events as StoredEvent[];
  return events.map((e) => ({ ...e, data: Uint8Array.from(e.data) }));
}
function viewOf(doc: Pick<DossierDoc, 'view' | 'both'>): DossierView {
  if (doc.view) return unblob(doc.view) as DossierView;
  const { bytes, viewLength } = unpackBoth(doc.both as Binary);
  return BSON.deserialize(bytes.subarray(0, viewLength), { promoteBuffers: true }) as DossierView;
}

function toDossierDoc(r: DossierRecord): DossierDoc {
  return {
    _id: r.dossierId,
    _rev: r.revision,
    ...queriedFields(r.view),
    ...(r.pickups.length > 0 ? { _pickups: r.pickups } : {}),
    view: blob(r.view),
    events: eventsBlob(r.events),
  };
}

/** A rebuilt dossier: the view and the events in one blob. */
function toBuiltDossierDoc(r: DossierRecord): DossierDoc {
  return {
    _id: r.dossierId,
    _rev: r.revision,
    ...queriedFields(r.view),
    ...(r.pickups.length > 0 ? { _pickups: r.pickups } : {}),
    both: packBoth(r.view, r.events),
  };
}

function fromDossierDoc(doc: DossierDoc): DossierRecord {
  return { dossierId: doc._id, revision: doc._rev, events: eventsOf(doc), pickups: doc._pickups ?? [], view: viewOf(doc) };
}

const toPickupDoc = (p: PickupRecord): PickupDoc => ({
  _id: p.pickupId,
  _rev: p.revision,
  dossierId: p.dossierId,
  events: eventsBlob(p.events),
});
const fromPickupDoc = (d: PickupDoc): PickupRecord => ({
  pickupId: d._id,
  revision: d._rev,
  dossierId: d.dossierId,
  events: eventsOfBlob(d.events),
});

export class MongoProjectionStore implements ProjectionStore {
  private readonly shards: Collection<DossierDoc>[];
  private readonly pickups: Collection<PickupDoc>;
  private readonly codes: Collection<CodeDoc>;
  private readonly writes: Collection<ClaimDoc>;
  /**
   * Claims this store took (or may have taken: the reply of an insert can be lost) in a call to
   * saveChanged that then failed — the store went away between a claim and its document, as when
   * PostgreSQL restarts under FerretDB — by claim id, with their tokens. The retry of that unit
   * meets its own claim: without this it would count as another writer's until abandoned, and the
   * dossier's events would wait a minute (seen: a clean-clone fault run took 51 s instead of ~2 s to
   * show its probe in reporting after a PostgreSQL restart). One writer takes a claim back once.
   */
  private readonly orphaned = new BoundedCache<string>(ORPHANED_CLAIMS_KEPT);

  constructor(
    private readonly db: Db,
    readonly version: number,
  ) {
    const names = collectionNames(version);
    this.shards = names.dossiers.map((name) => db.collection<DossierDoc>(name));
    this.pickups = db.collection<PickupDoc>(names.pickups);
    this.codes = db.collection<CodeDoc>(names.codes);
    this.writes = db.collection<ClaimDoc>(names.writes);
  }

  /** The indexes the view queries use on MongoDB (FerretDB keeps them but scans regardless). */
  async ensureIndexes(): Promise<void> {
    // FerretDB 1.24 answers every filter and sort by a scan: there its secondary indexes would
    // only cost (each createIndex ~0.15 s on a filled shard, 80 of them after a rebuild, and
    // every write maintaining five expression indexes). They are made on MongoDB only.
    if (await isFerretDb(this.db)) return;
    for (const shard of this.shards) {
      await shard.createIndex({ unitCode: 1, endedAt: 1, dueAt: 1 }, { name: 'unit_open_due' });
      await shard.createIndex({ agencyCode: 1, endedAt: 1, dueAt: 1 }, { name: 'agency_open_due' });
      await shard.createIndex({ receivedAt: 1 }, { name: 'receivedAt' });
      await shard.createIndex({ endedAt: 1 }, { name: 'endedAt' });
      await shard.createIndex({ lastRecordedAt: 1 }, { name: 'lastRecordedAt' });
    }
  }

  private dossiers(dossierId: string): Collection<DossierDoc> {
    return this.shards[shardOf(dossierId)];
  }

  async loadDossier(dossierId: string): Promise<DossierRecord | null> {
    const doc = await this.dossiers(dossierId).findOne({ _id: dossierId });
    return doc ? fromDossierDoc(doc) : null;
  }

  async loadPickup(pickupId: string): Promise<PickupRecord | null> {
    const doc = await this.pickups.findOne({ _id: pickupId });
    return doc ? fromPickupDoc(doc) : null;
  }

  async saveChanged(changes: Changes): Promise<SavedChanges> {
    /** Every claim this call tries to take, by id, with its token. */
    const mine = new Map<string, string>();
    try {
      return await this.saveClaiming(changes, mine);
    } catch (err) {
      for (const [id, token] of mine) this.orphaned.set(id, token);
      throw err;
    }
  }

  private async saveClaiming({ dossiers, pickups, codes }: Changes, mine: Map<string, string>): Promise<SavedChanges> {
    const saved: SavedChanges = { dossiers: [], pickups: [], conflicts: { dossiers: [], pickups: [] } };
    const dossierRevisions = await this.claimAll(
      dossiers.map((c) => ({ key: `d:${c.record.dossierId}`, readRevision: c.readRevision })),
      mine,
    );
    const byShard = this.shards.map(() => [] as DossierRecord[]);
    dossiers.forEach((c, i) => {
      const revision = dossierRevisions[i];
      if (revision === null) saved.conflicts.dossiers.push(c.record.dossierId);
      else byShard[shardOf(c.record.dossierId)].push({ ...c.record, revision });
    });
    const refused = new Set<string>();
    // The codes (idempotent, each naming its dossier: one met before its document reads as not
    // yet known) go with the documents: a unit of receipts only is one round of calls.
    await inParallel(WRITES_AT_ONCE, [
      ...(codes.length > 0
        ? [
            async () => {
              await insertIgnoringDuplicates(
                this.codes,
                codes.map(([code, dossierId]) => ({ _id: code, dossierId })),
              );
            },
          ]
        : []),
      ...byShard.map((records, k) => async () => {
        for (const id of await writeAll(this.shards[k], records.map(toDossierDoc))) refused.add(id);
      }),
    ]);
    saved.dossiers = byShard.flat().filter((r) => !refused.has(r.dossierId));
    saved.conflicts.dossiers.push(...refused);
    // A pickup is emptied only once the dossiers holding its events are written.
    if (saved.conflicts.dossiers.length > 0 || pickups.length === 0) return saved;
    const pickupRevisions = await this.claimAll(
      pickups.map((c) => ({ key: `p:${c.record.pickupId}`, readRevision: c.readRevision })),
      mine,
    );
    const writing: PickupRecord[] = [];
    pickups.forEach((c, i) => {
      const revision = pickupRevisions[i];
      if (revision === null) saved.conflicts.pickups.push(c.record.pickupId);
      else writing.push({ ...c.record, revision });
    });
    const refusedPickups = new Set(await writeAll(this.pickups, writing.map(toPickupDoc)));
    saved.pickups = writing.filter((p) => !refusedPickups.has(p.pickupId));
    saved.conflicts.pickups.push(...refusedPickups);
    return saved;
  }

  /**
   * The revision each record is written at, or null where another writer holds it. A record over
   * no stored document (readRevision 0) is written at revision 1 without a claim: writeAll inserts
   * it, and an insert is atomic on `_id` (a duplicate is the conflict). A record over a stored one
   * claims the revision after it: one insertMany for all, a claim already taken tried again alone
   * (it may be abandoned).
   */
  private async claimAll(claims: readonly { key: string; readRevision: number }[], mine: Map<string, string>): Promise<(number | null)[]> {
    const over = claims.filter((c) => c.readRevision > 0);
    const at = new Date();
    const docs = over.map((c) => this.newClaim(`${c.key}#${c.readRevision + 1}`, at, mine));
    const taken = await insertIgnoringDuplicates(this.writes, docs);
    const revisions = await settled(
      over.map(async (c, i) => (!taken.has(i) ? c.readRevision + 1 : this.claim(c.key, c.readRevision, mine))),
    );
    let next = 0;
    return claims.map((c) => (c.readRevision > 0 ? revisions[next++] : 1));
  }

  /** A claim document with a token of its own, noted in `mine` before it is sent. */
  private newClaim(id: string, at: Date, mine: Map<string, string>): ClaimDoc {
    const by = randomUUID();
    mine.set(id, by);
    return { _id: id, at, by };
  }

  /**
   * Claims the revision after `readRevision` for `key`; null when another writer holds it. A
   * claim this store took in a call that failed is its own to take back. Past an abandoned claim
   * (its writer died before writing), claims the next one.
   */
  private async claim(key: string, readRevision: number, mine: Map<string, string>): Promise<number | null> {
    for (let revision = readRevision + 1; ; revision++) {
      const id = `${key}#${revision}`;
      if (await this.insertNew(this.writes, this.newClaim(id, new Date(), mine))) return revision;
      const held = await this.writes.findOne({ _id: id });
      const orphan = this.orphaned.get(id);
      if (held?.by !== undefined && held.by === orphan) {
        this.orphaned.delete(id);
        mine.set(id, orphan);
        return (await this.storedRevision(key)) === readRevision ? revision : null;
      }
      if (!held || Date.now() - held.at.getTime() < ABANDONED_CLAIM_MS) return null;
      if ((await this.storedRevision(key)) !== readRevision) return null;
    }
  }

  private async storedRevision(key: string): Promise<number> {
    const id = key.slice(2);
    const doc = key.startsWith('d:')
      ? await this.dossiers(id).findOne({ _id: id }, { projection: { _rev: 1 } })
      : await this.pickups.findOne({ _id: id }, { projection: { _rev: 1 } });
    return doc?._rev ?? 0;
  }

  private async insertNew<T extends Document & { _id: string }>(collection: Collection<T>, doc: T): Promise<boolean> {
    try {
      await collection.insertOne(doc as Parameters<Collection<T>['insertOne']>[0]);
      return true;
    } catch (err) {
      if (isDuplicate(err)) return false;
      throw err;
    }
  }

  async insertBuilt(dossiers: readonly DossierRecord[], pickups: readonly PickupRecord[]): Promise<void> {
    const codes = new Map<string, string>();
    for (const d of dossiers) if (d.view.dossierCode && !codes.has(d.view.dossierCode)) codes.set(d.view.dossierCode, d.dossierId);
    const byShard = this.shards.map(() => [] as DossierRecord[]);
    for (const d of dossiers) byShard[shardOf(d.dossierId)].push(d);
    // Two insertMany calls in flight, over every slice of every collection (a worker never idles
    // while the other still has a collection's slices to send): the document store works on one
    // while the next is encoded and sent.
    await inParallel(BUILD_INSERTS_AT_ONCE, [
      ...byShard.flatMap((records, k) => slices(this.shards[k], records, toBuiltDossierDoc)),
      ...slices(this.pickups, pickups, toPickupDoc),
      ...slices(
        this.codes,
        [...codes].map(([code, dossierId]) => ({ _id: code, dossierId })),
        (c) => c,
      ),
    ]);
    // No claims for these first revisions: a live writer reads them before writing, so it claims
    // the revision after them.
  }

  async eventsOfDossier(dossierId: string, upTo?: Date): Promise<StoredEvent[]> {
    const doc = await this.dossiers(dossierId).findOne({ _id: dossierId }, { projection: EVENTS_ONLY });
    const events = doc ? eventsOf(doc) : [];
    return upTo ? events.filter((e) => e.recordedAt.getTime() <= upTo.getTime()) : events;
  }

  async *eventsByDossierUpTo(upTo: Date): AsyncIterable<StoredEvent[]> {
    const cursors = this.shards.map((shard) => shard.find({}, { projection: EVENTS_ONLY }).sort({ _id: 1 }));
    for await (const doc of mergeSorted(cursors, (d) => [d._id])) {
      const events = eventsOf(doc).filter((e) => e.recordedAt.getTime() <= upTo.getTime());
      if (events.length > 0) yield events;
    }
  }

  async saveView(view: DossierView): Promise<void> {
    await this.dossiers(view.dossierId).updateOne({ _id: view.dossierId }, { $set: { ...queriedFields(view), view: blob(view) } });
  }

  async getView(dossierId: string): Promise<DossierView | null> {
    const doc = await this.dossiers(dossierId).findOne({ _id: dossierId }, { projection: VIEW_ONLY });
    return doc ? viewOf(doc) : null;
  }

  async findViewByCode(dossierCode: string): Promise<DossierView | null> {
    const code = await this.codes.findOne({ _id: dossierCode });
    return code ? this.getView(code.dossierId) : null;
  }

  async *views(filter: ViewFilter = {}, sort: 'dossierId' | 'dueAt' | 'receivedAt' = 'dossierId', limit = 0): AsyncIterable<DossierView> {
    const order: Record<string, 1> = sort === 'dossierId' ? { _id: 1 } : { [sort]: 1, _id: 1 };
    const projection = { ...VIEW_ONLY, _id: 1, ...(sort === 'dossierId' ? {} : { [sort]: 1 }) };
    const cursors = this.shards.map((shard) =>
      shard
        .find(viewQuery(filter) as Filter<DossierDoc>, { projection })
        .sort(order)
        .limit(limit),
    );
    const keys = (d: DossierDoc) => (sort === 'dossierId' ? [d._id] : [d[sort], d._id]);
    for await (const doc of mergeSorted(cursors, keys, limit)) yield viewOf(doc);
  }

  async hasEventsBeyond(dossierId: string, ends: ReadonlyMap<string, ReadonlyMap<number, bigint>>): Promise<boolean> {
    const events = await this.eventsOfDossier(dossierId);
    return events.some((e) => {
      const end = ends.get(e.topic)?.get(e.partition);
      return end === undefined || BigInt(e.offset) >= end;
    });
  }

  async drop(): Promise<void> {
    const existing = new Set((await this.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
    const names = collectionNames(this.version);
    for (const name of [
      ...names.dossiers,
      names.pickups,
      names.codes,
      names.writes,
      `dossiers_v${this.version}`,
      ...legacyCollectionNames(this.version),
    ]) {
      if (existing.has(name)) await this.db.dropCollection(name);
    }
  }
}

/** Whether the server is FerretDB, which names its own version in buildInfo. */
async function isFerretDb(db: Db): Promise<boolean> {
  const info = await db.admin().command({ buildInfo: 1 });
  return 'ferretdbVersion' in info;
}

/**
 * insertMany, unordered; the indexes of the documents refused as duplicates (an `_id` already
 * there). Any other failure throws.
 */
async function insertIgnoringDuplicates<T extends Document>(collection: Collection<T>, docs: T[]): Promise<Set<number>> {
  const duplicates = new Set<number>();
  if (docs.length === 0) return duplicates;
  try {
    await collection.insertMany(docs as unknown as Parameters<Collection<T>['insertMany']>[0], { ordered: false });
  } catch (err) {
    if (!(err instanceof MongoBulkWriteError)) throw err;
    const errors: WriteError[] = ([] as WriteError[]).concat(err.writeErrors);
    for (const e of errors) {
      if (e.code !== DUPLICATE_KEY) throw err;
      duplicates.add(e.index);
    }
    if (errors.length === 0) throw err;
  }
  return duplicates;
}

/**
 * Writes whole documents by `_id`: first revisions with one insertMany (atomic on `_id`, no
 * look-up), the rest (claimed) with one bulkWrite of replacements. Returns the ids of first
 * revisions that met a document after all — another writer's first revision, one a rebuild
 * inserted, or one the writer guessed absent without reading: not written, the caller reads again.
 */
async function writeAll<T extends Document & { _id: string; _rev: number }>(collection: Collection<T>, docs: T[]): Promise<string[]> {
  if (docs.length === 0) return [];
  const fresh = docs.filter((d) => d._rev === 1);
  const refused = await insertIgnoringDuplicates(collection, fresh);
  const replacing = docs.filter((d) => d._rev !== 1);
  if (replacing.length > 0) {
    await collection.bulkWrite(
      replacing.map((d) => ({ replaceOne: { filter: { _id: d._id } as Filter<T>, replacement: d, upsert: true } })),
      { ordered: false },
    );
  }
  return fresh.filter((_, i) => refused.has(i)).map((d) => d._id);
}

/**
 * Runs the tasks, at most `limit` at once. After a failure no further task starts, and the first
 * error is thrown only once the tasks under way have ended: a caller that then treats the call as
 * failed (saveChanged hands its claims back) has no write of it still in flight.
 */
async function inParallel(limit: number, tasks: readonly (() => Promise<void>)[]): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < tasks.length) {
      try {
        await tasks[next++]();
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await settled(Array.from({ length: Math.min(limit, tasks.length) }, worker));
}

/** Promise.all that waits for every promise to settle before throwing the first error. */
async function settled<T>(promises: readonly Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(promises);
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
  return results.map((r) => (r as PromiseFulfilledResult<T>).value);
}

/** One insertMany task per slice, unordered (the server may write a slice in any order); each slice encoded just before it is sent. */
function slices<R, T extends Document>(collection: Collection<T>, records: readonly R[], toDoc: (r: R) => T): (() => Promise<void>)[] {
  const tasks: (() => Promise<void>)[] = [];
  for (let i = 0; i < records.length; i += INSERT_BATCH) {
    const slice = records.slice(i, i + INSERT_BATCH);
    tasks.push(async () => {
      try {
        await collection.insertMany(slice.map(toDoc) as unknown as Parameters<Collection<T>['insertMany']>[0], { ordered: false });
      } catch (err) {
        // A rebuild inserts into an empty version: a duplicate means a concurrent writer, not ours to hide.
        if (err instanceof MongoBulkWriteError)
          throw new Error(`bulk insert into ${collection.collectionName} failed: ${err.message}`, { cause: err });
        throw err;
      }
    });
  }
  return tasks;
}

function viewQuery(f: ViewFilter): Document {
  const and: Document[] = [];
  if (f.unitCode) and.push({ unitCode: f.unitCode });
  if (f.unitCodes) and.push({ unitCode: { $in: [...f.unitCodes] } });
  if (f.agencyCode && f.carried)
    and.push({
      $or: [{ agencyCode: f.agencyCode }, { agencyCode: { $in: [...f.carried.agencyCodes] }, unitCode: { $in: [...f.carried.unitCodes] } }],
    });
  else if (f.agencyCode) and.push({ agencyCode: f.agencyCode });
  if (f.open || f.dueBefore) and.push({ receivedAt: { $ne: null } }, { endedAt: null });
  if (f.dueBefore) and.push({ dueAt: { $lt: f.dueBefore } });
  if (f.receivedFrom) and.push({ receivedAt: { $gte: f.receivedFrom } });
  if (f.receivedTo) and.push({ receivedAt: { $lt: f.receivedTo } });
  if (f.relevantSince) {
    and.push({ $or: [{ endedAt: null }, { endedAt: { $gte: f.relevantSince } }, { lastRecordedAt: { $gte: f.relevantSince } }] });
  }
  return and.length === 0 ? {} : { $and: and };
}
