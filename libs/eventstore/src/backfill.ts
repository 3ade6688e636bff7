import type { Collection, Db, OptionalUnlessRequiredId } from 'mongodb';
import type { CommitDocument } from './documents';
import { isDuplicateKeyError, upsertById } from './mongo-util';
import type { Outbox } from './outbox';
import { createCollection, pointerDocuments, type CommitPointers } from './pointers';

/** `<collection>_meta`: `{ _id: 'pointers', version }` once every commit has its pointers. */
interface MetaDocument {
  _id: string;
  version: number;
  completedAt: Date;
}

const POINTERS_VERSION = 1;
const BATCH = 500;

/**
 * Gives commits stored before the pointer collections existed their request and reservation
 * pointers, scope hints and (while unpublished) outbox entries, so that an upgraded store still
 * answers duplicates and publishes what was pending. One scan of the commits, done once per
 * collection (recorded in `<collection>_meta`); pointers are inserted in batches (checked by the
 * `_id` index, no query per pointer), and only one that exists already is overwritten one by one.
 * Idempotent, and safe beside running appends: a pointer set from a commit is right by
 * definition, and an outbox entry restored for a commit published meanwhile is dropped by the
 * next relay pass (after at most one resend).
 */
export async function backfillPointers(
  db: Db,
  commits: Collection<CommitDocument>,
  pointers: CommitPointers,
  outbox: Outbox,
): Promise<void> {
  const meta = db.collection<MetaDocument>(`${commits.collectionName}_meta`);
  await createCollection(db, meta.collectionName);
  if ((await meta.findOne({ _id: 'pointers' }))?.version === POINTERS_VERSION) return;
  const hints = new Map<string, number>();
  let batch: CommitDocument[] = [];
  for await (const c of commits.find({}, { projection: { events: 0, result: 0 } })) {
    if (c.reservedScope != null && c.reservedSeq != null) {
      hints.set(c.reservedScope, Math.max(hints.get(c.reservedScope) ?? 0, c.reservedSeq));
    }
    batch.push(c);
    if (batch.length >= BATCH) {
      await backfillBatch(batch, commits, pointers, outbox);
      batch = [];
    }
  }
  await backfillBatch(batch, commits, pointers, outbox);
  for (const [scope, seq] of hints) await pointers.raiseHint(scope, seq);
  // Two instances starting on an empty store both get here: the upsert race is settled by upsertById.
  await upsertById(meta, 'pointers', { $set: { version: POINTERS_VERSION, completedAt: new Date() } });
}

async function backfillBatch(
  batch: CommitDocument[],
  commits: Collection<CommitDocument>,
  pointers: CommitPointers,
  outbox: Outbox,
): Promise<void> {
  const { requests, reservations } = pointerDocuments(batch);
  if (!(await insertAll(pointers.requests, requests))) for (const c of batch) await pointers.repointRequest(c);
  if (!(await insertAll(pointers.reservations, reservations))) for (const c of batch) await pointers.repointReservation(c);
  for (const c of batch) {
    if (c.publishedAt != null) continue;
    const whole = await commits.findOne({ _id: c._id });
    if (whole) await outbox.add(whole, true, 'backfill');
  }
}

/** Inserts the documents; false if some existed already (then nothing is known about the others). */
async function insertAll<T extends { _id: string }>(collection: Collection<T>, docs: T[]): Promise<boolean> {
  if (docs.length === 0) return true;
  try {
    await collection.insertMany(docs as OptionalUnlessRequiredId<T>[], { ordered: false });
    return true;
  } catch (err) {
    const writeErrors = (err as { writeErrors?: unknown[] }).writeErrors;
    if (isDuplicateKeyError(err) || (Array.isArray(writeErrors) && writeErrors.every(isDuplicateKeyError))) return false;
    throw err;
  }
}
