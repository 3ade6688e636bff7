// Durable deadline timers: one document per deadline alert, `_id` = the timer id
// (`${dossierId}:${kind}:${dueAt ISO}`). Scheduling is an insert that a duplicate key turns into
// a no-op, so every path may schedule the same alert; settling only ever moves a pending timer.
import { isDuplicateKey } from './duplicate-key';
import type { Collection, Db } from 'mongodb';
import type { DeadlineTimer, PendingTimerCount, TimerOutcome, TimerStore } from '../../application/ports';

const KINDS = [
  { alert: 'due_soon', deadline: 'dossier' },
  { alert: 'overdue', deadline: 'dossier' },
  { alert: 'due_soon', deadline: 'step' },
  { alert: 'overdue', deadline: 'step' },
] as const;

interface TimerDocument {
  _id: string;
  dossierId: string;
  kind: DeadlineTimer['kind'];
  alert: DeadlineTimer['alert'];
  deadline: DeadlineTimer['deadline'];
  stepCode: string;
  dueAt: Date;
  fireAt: Date;
  state: 'pending' | TimerOutcome;
  scheduledAt: Date;
  settledAt: Date | null;
  note: string;
}

export class MongoTimerStore implements TimerStore {
  readonly collection: Collection<TimerDocument>;

  constructor(
    db: Db,
    private readonly clock: () => Date = () => new Date(),
    collectionName = 'timers',
  ) {
    this.collection = db.collection<TimerDocument>(collectionName);
  }

  /** One by one: FerretDB 1.24 panics on a multi-index createIndexes when some exist. */
  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ state: 1, fireAt: 1 }, { name: 'state_fireAt' });
    await this.collection.createIndex({ dossierId: 1 }, { name: 'dossierId' });
  }

  async schedule(timers: DeadlineTimer[]): Promise<void> {
    const scheduledAt = this.clock();
    // One insert per timer: an unordered insertMany is not honoured by every backend, and a
    // duplicate must not stop the others.
    for (const t of timers) {
      try {
        await this.collection.insertOne({
          _id: t.id,
          dossierId: t.dossierId,
          kind: t.kind,
          alert: t.alert,
          deadline: t.deadline,
          stepCode: t.stepCode,
          dueAt: t.dueAt,
          fireAt: t.fireAt,
          state: 'pending',
          scheduledAt,
          settledAt: null,
          note: '',
        });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    }
  }

  async due(now: Date, limit: number): Promise<DeadlineTimer[]> {
    const docs = await this.collection
      .find({ state: 'pending', fireAt: { $lte: now } })
      .sort({ fireAt: 1, _id: 1 })
      .limit(limit)
      .toArray();
    return docs.map((d) => ({
      id: d._id,
      dossierId: d.dossierId,
      kind: d.kind,
      alert: d.alert,
      deadline: d.deadline,
      stepCode: d.stepCode,
      dueAt: d.dueAt,
      fireAt: d.fireAt,
    }));
  }

  /** Pending timers of each kind, and how many of them are past their fire time (counts on the state_fireAt index). */
  async countPending(now: Date): Promise<PendingTimerCount[]> {
    return Promise.all(
      KINDS.map(async (k) => ({
        ...k,
        pending: await this.collection.countDocuments({ state: 'pending', alert: k.alert, deadline: k.deadline }),
        late: await this.collection.countDocuments({ state: 'pending', fireAt: { $lte: now }, alert: k.alert, deadline: k.deadline }),
      })),
    );
  }

  async settle(id: string, outcome: TimerOutcome, at: Date, note: string): Promise<void> {
    await this.collection.updateOne({ _id: id, state: 'pending' }, { $set: { state: outcome, settledAt: at, note } });
  }
}
