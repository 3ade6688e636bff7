// Durable work on the document store, within FerretDB's limits (no transactions; updates are
// read-modify-write): an item is inserted once with _id = `${kind}:${shipmentId}` (the claim that
// makes replays harmless), and a runner takes a lease by inserting a lease document (_id = item
// id). Only the lease holder updates the item, so no two writers race on it. An expired lease
// (its runner died) is removed by a delete that names its expiry, then taken by a new insert.
import type { Collection, Db } from 'mongodb';
import type { WorkItem, WorkKind, WorkQueue } from '../../application/ports';
import { isDuplicateKey } from './mongo-errors';

interface WorkDoc {
  _id: string;
  kind: WorkKind;
  shipmentId: string;
  sourceEventId: string;
  state: 'pending' | 'done' | 'failed';
  attempts: number;
  dueAt: Date;
  createdAt: Date;
  lastError: string;
  finishedAt: Date | null;
  note: string;
}

interface LeaseDoc {
  _id: string;
  until: Date;
}

export class MongoWorkQueue implements WorkQueue {
  private readonly items: Collection<WorkDoc>;
  private readonly leases: Collection<LeaseDoc>;

  constructor(db: Db) {
    this.items = db.collection<WorkDoc>('work');
    this.leases = db.collection<LeaseDoc>('work_leases');
  }

  async ensureIndexes(): Promise<void> {
    await this.items.createIndex({ state: 1, dueAt: 1 }, { name: 'state_dueAt' });
    await this.items.createIndex({ shipmentId: 1 }, { name: 'shipmentId' });
  }

  async enqueue(kind: WorkKind, shipmentId: string, sourceEventId: string, dueAt: Date): Promise<boolean> {
    try {
      await this.items.insertOne({
        _id: `${kind}:${shipmentId}`,
        kind,
        shipmentId,
        sourceEventId,
        state: 'pending',
        attempts: 0,
        dueAt,
        createdAt: dueAt,
        lastError: '',
        finishedAt: null,
        note: '',
      });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  async due(now: Date, limit: number): Promise<WorkItem[]> {
    const docs = await this.items
      .find({ state: 'pending', dueAt: { $lte: now } })
      .sort({ dueAt: 1 })
      .limit(limit)
      .toArray();
    return docs.map(toItem);
  }

  async lease(id: string, now: Date, leaseMs: number): Promise<boolean> {
    const until = new Date(now.getTime() + leaseMs);
    if (!(await this.tryInsertLease(id, until))) {
      const held = await this.leases.findOne({ _id: id });
      if (held && held.until.getTime() > now.getTime()) return false;
      if (held) await this.leases.deleteOne({ _id: id, until: held.until });
      if (!(await this.tryInsertLease(id, until))) return false;
    }
    // Another runner may have finished the item between our read of due work and this lease.
    if ((await this.items.findOne({ _id: id }, { projection: { state: 1 } }))?.state === 'pending') return true;
    await this.leases.deleteOne({ _id: id, until });
    return false;
  }

  async finish(id: string, now: Date, outcome: 'done' | 'failed', note: string): Promise<void> {
    await this.items.updateOne({ _id: id }, { $set: { state: outcome, finishedAt: now, note } });
    await this.leases.deleteOne({ _id: id });
  }

  async retryLater(id: string, attempts: number, dueAt: Date, lastError: string): Promise<void> {
    await this.items.updateOne({ _id: id }, { $set: { attempts, dueAt, lastError } });
    await this.leases.deleteOne({ _id: id });
  }

  private async tryInsertLease(id: string, until: Date): Promise<boolean> {
    try {
      await this.leases.insertOne({ _id: id, until });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }
}

function toItem(d: WorkDoc): WorkItem {
  return { id: d._id, kind: d.kind, shipmentId: d.shipmentId, sourceEventId: d.sourceEventId, attempts: d.attempts, dueAt: d.dueAt };
}
