// One version of the dossier projection in MongoDB / FerretDB. Writes are single-document inserts
// guarded by unique indexes (the kept events, the links) and whole-document replaces of a view,
// which the projector re-derives from the kept events — never $inc, never a multi-document update.
import { Binary, MongoServerError, type Collection, type Db, type Document, type Filter } from 'mongodb';
import type { DossierView } from '../../domain/dossier-view';
import type { PickupLink } from '../../application/translate/translate';
import type { ProjectionStore, StoredEvent, ViewFilter } from '../../application/ports';

type EventDoc = Omit<StoredEvent, 'id' | 'data'> & { _id: string; data: Binary };
type ViewDoc = DossierView & { _id: string };
type LinkDoc = { _id: string; dossierId: string };

export const collectionNames = (version: number) => ({
  views: `dossier_views_v${version}`,
  events: `dossier_events_v${version}`,
  links: `pickup_links_v${version}`,
});

const DUPLICATE_KEY = 11000;
const isDuplicate = (err: unknown) => err instanceof MongoServerError && err.code === DUPLICATE_KEY;

/** Views are kept without undefined fields; mongodb drops them anyway. */
function toViewDoc(view: DossierView): ViewDoc {
  return { _id: view.dossierId, ...view };
}

function fromViewDoc(doc: ViewDoc | null): DossierView | null {
  if (!doc) return null;
  const { _id: _ignored, ...view } = doc;
  return view;
}

function bytesOf(data: Binary | Uint8Array): Uint8Array {
  return Uint8Array.from(data instanceof Binary ? data.buffer.subarray(0, data.length()) : data);
}

function fromEventDoc(doc: EventDoc): StoredEvent {
  const { _id, data, ...rest } = doc;
  return { ...rest, id: _id, data: bytesOf(data) };
}

export class MongoProjectionStore implements ProjectionStore {
  private readonly events: Collection<EventDoc>;
  private readonly viewsCollection: Collection<ViewDoc>;
  private readonly links: Collection<LinkDoc>;

  constructor(
    private readonly db: Db,
    readonly version: number,
  ) {
    const names = collectionNames(version);
    this.events = db.collection<EventDoc>(names.events);
    this.viewsCollection = db.collection<ViewDoc>(names.views);
    this.links = db.collection<LinkDoc>(names.links);
  }

  async ensureIndexes(): Promise<void> {
    // One createIndex per call: FerretDB 1.24 fails a multi-index call when some already exist.
    await this.events.createIndex({ source: 1, streamId: 1, streamVersion: 1 }, { name: 'stream_position', unique: true });
    await this.events.createIndex({ dossierId: 1, recordedAt: 1 }, { name: 'dossier_recordedAt' });
    await this.events.createIndex({ streamId: 1 }, { name: 'streamId' });
    await this.links.createIndex({ dossierId: 1 }, { name: 'dossierId' });
    await this.viewsCollection.createIndex({ dossierCode: 1 }, { name: 'dossierCode' });
    await this.viewsCollection.createIndex({ unitCode: 1, endedAt: 1, dueAt: 1 }, { name: 'unit_open_due' });
    await this.viewsCollection.createIndex({ agencyCode: 1, endedAt: 1, dueAt: 1 }, { name: 'agency_open_due' });
    await this.viewsCollection.createIndex({ receivedAt: 1 }, { name: 'receivedAt' });
  }

  async recordEvent(e: StoredEvent): Promise<boolean> {
    const { id, data, ...rest } = e;
    try {
      await this.events.insertOne({ ...rest, _id: id, data: new Binary(data) });
      return true;
    } catch (err) {
      if (isDuplicate(err)) return false;
      throw err;
    }
  }

  async recordLink(link: PickupLink): Promise<void> {
    try {
      await this.links.insertOne({ _id: link.pickupId, dossierId: link.dossierId });
    } catch (err) {
      if (!isDuplicate(err)) throw err;
    }
  }

  async dossiersOfPickup(pickupId: string): Promise<string[]> {
    const link = await this.links.findOne({ _id: pickupId });
    return link ? [link.dossierId] : [];
  }

  async pickupsOfDossier(dossierId: string): Promise<string[]> {
    const links = await this.links.find({ dossierId }).sort({ _id: 1 }).toArray();
    return links.map((l) => l._id);
  }

  private dossierFilter(dossierId: string, pickupIds: readonly string[]): Filter<EventDoc> {
    if (pickupIds.length === 0) return { dossierId };
    return { $or: [{ dossierId }, { streamId: { $in: [...pickupIds] } }] };
  }

  async eventsOfDossier(dossierId: string, pickupIds: readonly string[], upTo?: Date): Promise<StoredEvent[]> {
    const docs = await this.events.find(this.dossierFilter(dossierId, pickupIds)).toArray();
    return docs.map(fromEventDoc).filter((e) => !upTo || e.recordedAt.getTime() <= upTo.getTime());
  }

  countEventsOfDossier(dossierId: string, pickupIds: readonly string[]): Promise<number> {
    return this.events.countDocuments(this.dossierFilter(dossierId, pickupIds));
  }

  async *eventsByDossierUpTo(upTo: Date): AsyncIterable<StoredEvent[]> {
    const cursor = this.events
      .find({ dossierId: { $ne: null }, recordedAt: { $lte: upTo } } as Filter<EventDoc>)
      .sort({ dossierId: 1, recordedAt: 1 });
    let group: StoredEvent[] = [];
    for await (const doc of cursor) {
      const e = fromEventDoc(doc);
      if (group.length > 0 && group[0].dossierId !== e.dossierId) {
        yield group;
        group = [];
      }
      group.push(e);
    }
    if (group.length > 0) yield group;
  }

  async saveView(view: DossierView): Promise<void> {
    await this.viewsCollection.replaceOne({ _id: view.dossierId }, toViewDoc(view), { upsert: true });
  }

  async getView(dossierId: string): Promise<DossierView | null> {
    return fromViewDoc(await this.viewsCollection.findOne({ _id: dossierId }));
  }

  async findViewByCode(dossierCode: string): Promise<DossierView | null> {
    return fromViewDoc(await this.viewsCollection.findOne({ dossierCode }));
  }

  async *views(filter: ViewFilter = {}, sort: 'dossierId' | 'dueAt' | 'receivedAt' = 'dossierId', limit = 0): AsyncIterable<DossierView> {
    const order: Record<string, 1> = sort === 'dossierId' ? { _id: 1 } : { [sort]: 1, _id: 1 };
    const cursor = this.viewsCollection.find(viewQuery(filter) as Filter<ViewDoc>).sort(order).limit(limit);
    for await (const doc of cursor) yield fromViewDoc(doc) as DossierView;
  }

  async hasEventsBeyond(dossierId: string, ends: ReadonlyMap<string, ReadonlyMap<number, bigint>>): Promise<boolean> {
    const pickups = await this.pickupsOfDossier(dossierId);
    const docs = await this.events
      .find(this.dossierFilter(dossierId, pickups), { projection: { topic: 1, partition: 1, offset: 1 } })
      .toArray();
    return docs.some((d) => {
      const end = ends.get(d.topic)?.get(d.partition);
      return end === undefined || BigInt(d.offset) >= end;
    });
  }

  async drop(): Promise<void> {
    const existing = new Set((await this.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
    for (const name of Object.values(collectionNames(this.version))) {
      if (existing.has(name)) await this.db.dropCollection(name);
    }
  }
}

function viewQuery(f: ViewFilter): Document {
  const and: Document[] = [];
  if (f.unitCode) and.push({ unitCode: f.unitCode });
  if (f.agencyCode) and.push({ agencyCode: f.agencyCode });
  if (f.open || f.dueBefore) and.push({ receivedAt: { $ne: null } }, { endedAt: null });
  if (f.dueBefore) and.push({ dueAt: { $lt: f.dueBefore } });
  if (f.receivedFrom) and.push({ receivedAt: { $gte: f.receivedFrom } });
  if (f.receivedTo) and.push({ receivedAt: { $lt: f.receivedTo } });
  if (f.relevantSince) {
    and.push({ $or: [{ endedAt: null }, { endedAt: { $gte: f.relevantSince } }, { lastRecordedAt: { $gte: f.relevantSince } }] });
  }
  return and.length === 0 ? {} : { $and: and };
}
