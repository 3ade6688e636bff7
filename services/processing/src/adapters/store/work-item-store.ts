// The work queues' read model: one document per case in processing's own database, written from
// processing's own case states. A write carries the case version and never replaces a newer one.
import { isDuplicateKey } from './duplicate-key';
import type { Collection, Db, Filter } from 'mongodb';
import type { WorkItemStore, WorkItemView, WorkQueueQuery } from '../../application/ports';

type WorkItemDocument = Omit<WorkItemView, 'dossierId'> & { _id: string };

const CLOCK_RUNS = ['in_progress', 'awaiting_payment'];

/** The filter of each queue; `now` decides due soon and overdue at query time. */
function queueFilter(q: WorkQueueQuery): Filter<WorkItemDocument> {
  const carried = q.carried?.agencyCodes.length && q.carried.unitCodes.length ? q.carried : undefined;
  // A successor's queue: its own cases, and its predecessors' by (agency, unit) — two index lookups.
  const base: Filter<WorkItemDocument> = carried
    ? { $or: [{ agencyCode: q.agencyCode }, { agencyCode: { $in: carried.agencyCodes }, unitCode: { $in: carried.unitCodes } }] }
    : { agencyCode: q.agencyCode };
  if (q.officerId) base.assigneeId = q.officerId;
  switch (q.queue) {
    case 'new':
      return { ...base, phase: 'in_progress', assigneeId: '' };
    case 'in_progress':
      return q.officerId ? { ...base, phase: 'in_progress' } : { ...base, phase: 'in_progress', assigneeId: { $ne: '' } };
    case 'due_soon':
      return { ...base, phase: { $in: CLOCK_RUNS }, dueSoonAt: { $lte: q.now }, dueAt: { $gt: q.now } } as Filter<WorkItemDocument>;
    case 'overdue':
      return { ...base, phase: { $in: CLOCK_RUNS }, dueAt: { $lte: q.now } } as Filter<WorkItemDocument>;
    case 'awaiting_citizen':
      return { ...base, phase: 'awaiting_supplement' };
    case 'awaiting_payment':
      return { ...base, phase: 'awaiting_payment' };
    case 'awaiting_agency':
      return { ...base, awaitingAgency: true, phase: { $in: ['in_progress', 'awaiting_supplement', 'awaiting_payment'] } };
  }
}

export class MongoWorkItemStore implements WorkItemStore {
  readonly collection: Collection<WorkItemDocument>;

  constructor(db: Db, collectionName = 'work_items') {
    this.collection = db.collection<WorkItemDocument>(collectionName);
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ agencyCode: 1, phase: 1, dueAt: 1 }, { name: 'agency_phase_dueAt' });
    await this.collection.createIndex({ assigneeId: 1, phase: 1 }, { name: 'assignee_phase' });
    await this.collection.createIndex({ agencyCode: 1, unitCode: 1, phase: 1 }, { name: 'agency_unit_phase' });
  }

  async save(view: WorkItemView): Promise<void> {
    const { dossierId, ...fields } = view;
    const set: Record<string, unknown> = {};
    const unset: Record<string, ''> = {};
    for (const [key, value] of Object.entries(fields)) {
      if (value === undefined) unset[key] = '';
      else set[key] = value;
    }
    const update = Object.keys(unset).length ? { $set: set, $unset: unset } : { $set: set };
    try {
      // Matches only an older version; when a newer one is stored the upsert's insert collides
      // on _id, which means there is nothing to do.
      await this.collection.updateOne({ _id: dossierId, version: { $lt: view.version } }, update, { upsert: true });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }

  async list(q: WorkQueueQuery): Promise<WorkItemView[]> {
    const docs = await this.collection.find(queueFilter(q)).sort({ dueAt: 1, _id: 1 }).skip(q.offset).limit(q.limit).toArray();
    return docs.map(({ _id, ...rest }) => ({ dossierId: _id, ...rest }));
  }

  async withoutUnit(limit: number): Promise<string[]> {
    const docs = await this.collection
      .find({ unitCode: { $exists: false } }, { projection: { _id: 1 } })
      .limit(limit)
      .toArray();
    return docs.map((d) => d._id);
  }

  async setUnit(dossierId: string, unitCode: string): Promise<void> {
    await this.collection.updateOne({ _id: dossierId, unitCode: { $exists: false } }, { $set: { unitCode } });
  }

  async get(dossierId: string): Promise<WorkItemView | undefined> {
    const doc = await this.collection.findOne({ _id: dossierId });
    if (!doc) return undefined;
    const { _id, ...rest } = doc;
    return { dossierId: _id, ...rest };
  }
}
