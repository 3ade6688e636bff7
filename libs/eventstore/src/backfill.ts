import type { Collection, Db } from 'mongodb';
import type { CommitDocument } from './documents';
import { mapLimit } from './mongo-util';
import type { Outbox } from './outbox';
import { createCollection, type CommitPointers } from './pointers';

/** `<collection>_meta`: `{ _id: 'pointers', version }` once every commit has its pointers. */
interface MetaDocument {
  _id: string;
  version: number;
  completedAt: Date;
}

const POINTERS_VERSION = 1;
const PARALLEL_WRITES = 8;

/**
 * Gives commits stored before the pointer collections existed their request and reservation
 * pointers, scope hints and (while unpublished) outbox entries, so that an upgraded store still
 * answers duplicates and publishes what was pending. One scan of the commits, done once per
 * collection (recorded in `<collection>_meta`); idempotent, and safe beside running appends: a
 * pointer set from a commit is right by definition, and an outbox entry restored for a commit
 * that got published meanwhile is dropped by the next relay pass.
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
  const flush = async () => {
    await mapLimit(batch, PARALLEL_WRITES, (c) => backfillCommit(c, pointers, outbox));
    batch = [];
  };
  for await (const c of commits.find({}, { projection: { events: 0, result: 0 } })) {
    if (c.reservedScope != null && c.reservedSeq != null) {
      hints.set(c.reservedScope, Math.max(hints.get(c.reservedScope) ?? 0, c.reservedSeq));
    }
    batch.push(c);
    if (batch.length >= 500) await flush();
  }
  await flush();
  for (const [scope, seq] of hints) await pointers.raiseHint(scope, seq);
  await meta.updateOne(
    { _id: 'pointers' },
    { $set: { version: POINTERS_VERSION, completedAt: new Date() } },
    { upsert: true },
  );
}

async function backfillCommit(c: CommitDocument, pointers: CommitPointers, outbox: Outbox): Promise<void> {
  await pointers.repointRequest(c);
  await pointers.repointReservation(c);
  if (c.publishedAt == null) await outbox.add(c, 'backfill');
}
