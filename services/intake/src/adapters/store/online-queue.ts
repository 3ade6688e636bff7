// The desk's queue of online submissions waiting for reception: a small read model built from
// the desk's own events (see adapters/kafka/online-queue-projector.ts). Idempotent: each document
// keeps the stream version it reflects and ignores older or equal ones.
import type { Collection, Db } from 'mongodb';
import type { DossierQueue } from '../../application/ports';

interface QueueDoc {
  _id: string;
  unitCode: string;
  submittedAt: Date;
  waiting: boolean;
  version: number;
}

function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: number })?.code === 11000;
}

export class OnlineQueueStore implements DossierQueue {
  private readonly docs: Collection<QueueDoc>;

  constructor(db: Db) {
    this.docs = db.collection<QueueDoc>('online_queue');
  }

  async ensureIndexes(): Promise<void> {
    await this.docs.createIndex({ unitCode: 1, waiting: 1, submittedAt: 1, _id: 1 });
  }

  /** Records the dossier's queue state as of stream `version`; older news is ignored. */
  async record(dossierId: string, version: number, change: { unitCode?: string; submittedAt?: Date; waiting: boolean }): Promise<void> {
    try {
      await this.docs.updateOne({ _id: dossierId, version: { $lt: version } }, { $set: { ...change, version } }, { upsert: true });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err; // a newer version is already recorded
    }
  }

  /** True for a token this store issued as `next` (a client's garbage is refused, not ignored). */
  static isPageToken(token: string): boolean {
    if (token.length > 512 || !/^[\w-]+$/.test(token)) return false;
    const [ms, id, ...rest] = Buffer.from(token, 'base64url').toString().split('|');
    return rest.length === 0 && /^\d{1,15}$/.test(ms ?? '') && /^[\w.:-]{1,128}$/.test(id ?? '');
  }

  async onlineWaiting(unitCodes: readonly string[], limit: number, after?: string): Promise<{ dossierIds: string[]; next?: string }> {
    // one query over the units (a successor's desk: its own and its predecessors')
    const filter: Record<string, unknown> = { unitCode: unitCodes.length === 1 ? unitCodes[0] : { $in: [...unitCodes] }, waiting: true };
    if (after) {
      const [ms, id] = Buffer.from(after, 'base64url').toString().split('|');
      const at = new Date(Number(ms));
      filter.$or = [{ submittedAt: { $gt: at } }, { submittedAt: at, _id: { $gt: id } }];
    }
    const page = await this.docs
      .find(filter)
      .sort({ submittedAt: 1, _id: 1 })
      .limit(limit + 1)
      .toArray();
    const more = page.length > limit;
    const rows = page.slice(0, limit);
    const last = rows[rows.length - 1];
    return {
      dossierIds: rows.map((r) => r._id),
      next: more && last ? Buffer.from(`${last.submittedAt.getTime()}|${last._id}`).toString('base64url') : undefined,
    };
  }
}
