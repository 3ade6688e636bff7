// The projection's versions in MongoDB / FerretDB: `projection_state` holds one document naming
// the live version and its consumer group (the switch is one write of that document), and
// `projection_instances` one heartbeat document per running reporting instance.
import { MongoServerError, type Collection, type Db } from 'mongodb';
import type { InstanceBeat, ProjectionCatalog, ProjectionPointer, ProjectionStore } from '../../application/ports';
import { MongoProjectionStore, VERSIONED_COLLECTION } from './mongo-projection-store';

const POINTER_ID = 'dossiers';
const INITIAL: ProjectionPointer = { live: 1, liveGroup: 'reporting.dossiers.v1', building: null };

type PointerDoc = ProjectionPointer & { _id: string };
type InstanceDoc = { _id: string; version: number; seenAt: Date };

export class MongoProjectionCatalog implements ProjectionCatalog {
  private readonly state: Collection<PointerDoc>;
  private readonly instances: Collection<InstanceDoc>;

  constructor(private readonly db: Db) {
    this.state = db.collection<PointerDoc>('projection_state');
    this.instances = db.collection<InstanceDoc>('projection_instances');
  }

  store(version: number): ProjectionStore {
    return new MongoProjectionStore(this.db, version);
  }

  async pointer(): Promise<ProjectionPointer> {
    const doc = await this.state.findOne({ _id: POINTER_ID });
    if (doc) return { live: doc.live, liveGroup: doc.liveGroup, building: doc.building ?? null };
    // First start: insert the initial pointer; a concurrent first start inserting too is fine.
    await this.state.insertOne({ _id: POINTER_ID, ...INITIAL }).catch((err: unknown) => {
      if (!(err instanceof MongoServerError && err.code === 11000)) throw err;
    });
    return this.pointer();
  }

  async versions(): Promise<number[]> {
    const names = (await this.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    const versions = names.map((n) => VERSIONED_COLLECTION.exec(n)).filter((m) => m !== null);
    return [...new Set(versions.map((m) => Number(m[1])))].sort((a, b) => a - b);
  }

  async startBuilding(version: number, group: string, at: Date): Promise<void> {
    await this.pointer();
    await this.state.updateOne({ _id: POINTER_ID }, { $set: { building: { version, group, startedAt: at } } });
  }

  async switchLive(version: number, group: string): Promise<void> {
    await this.state.updateOne({ _id: POINTER_ID }, { $set: { live: version, liveGroup: group, building: null } });
  }

  async abandonBuilding(): Promise<void> {
    await this.state.updateOne({ _id: POINTER_ID }, { $set: { building: null } });
  }

  async heartbeat(instanceId: string, version: number, at: Date): Promise<void> {
    await this.instances.replaceOne({ _id: instanceId }, { version, seenAt: at }, { upsert: true });
  }

  async instancesSeenSince(since: Date): Promise<InstanceBeat[]> {
    const docs = await this.instances.find({ seenAt: { $gte: since } }).toArray();
    return docs.map((d) => ({ instanceId: d._id, version: d.version, seenAt: d.seenAt }));
  }

  async forgetInstance(instanceId: string): Promise<void> {
    await this.instances.deleteOne({ _id: instanceId });
  }
}
