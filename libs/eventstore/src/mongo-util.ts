import type { Collection, Document, Filter } from 'mongodb';

/** True for MongoDB's (and FerretDB's) duplicate-key error codes. */
export function isDuplicateKeyError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 11000 || code === 11001;
}

/**
 * Upserts fields onto the document with this `_id`. The filter is `_id` alone, which FerretDB 1.24
 * answers from its primary key instead of scanning. Two concurrent upserts of a missing document
 * can both try to insert; the loser's duplicate-key error is retried as a plain update.
 */
export async function upsertById<T extends { _id: string }>(
  collection: Collection<T>,
  id: string,
  update: Document,
): Promise<void> {
  const filter = { _id: id } as Filter<T>;
  try {
    await collection.updateOne(filter, update, { upsert: true });
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    await collection.updateOne(filter, update);
  }
}

/** Maps items with at most `width` calls in flight, keeping the input order. */
export async function mapLimit<T, R>(items: readonly T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return out;
}
