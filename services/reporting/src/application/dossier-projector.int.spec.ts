import { randomUUID } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';
import { DossierProjector } from './dossier-projector';
import type { StoredEvent } from './ports';
import { ProjectionBuilder } from './projection-builder';
import { MongoProjectionStore } from '../adapters/store/mongo-projection-store';
import { dossierReceived, incoming, SOURCES } from '../testing/events.spec';

jest.setTimeout(120_000);

const T = (iso: string) => new Date(iso);
const stored = (e: ReturnType<typeof incoming>): StoredEvent => ({ ...e, dossierId: null, topic: 't', partition: 0, offset: '0' });
const step = (d: string, v: number) =>
  stored(
    incoming(
      SOURCES.processing,
      'onestop.processing.v1.StepCompleted',
      d,
      v,
      { dossierId: d, status: 4, stepCode: `s${v}`, completedBy: 'cv01', completedAt: T(`2020-03-0${2 + (v % 7)}T0${v % 9}:00:00Z`) },
      T(`2020-03-0${2 + (v % 7)}T0${v % 9}:00:00Z`),
    ),
  );

describe('two projector instances writing the same dossiers (FerretDB / MongoDB)', () => {
  let mongo: MongoClient;
  let db: Db;

  beforeAll(async () => {
    mongo = await new MongoClient(process.env.MONGO_URL as string).connect();
    db = mongo.db(`t_rep_proj_${randomUUID().slice(0, 8)}`);
  });

  afterAll(async () => {
    await db?.dropDatabase().catch(() => undefined);
    await mongo?.close();
  });

  it('loses no event when both apply events of one dossier at once, and a redelivery changes nothing', async () => {
    const a = new DossierProjector(new MongoProjectionStore(db, 1));
    const b = new DossierProjector(new MongoProjectionStore(db, 1));
    const d = randomUUID();
    const received = stored(
      incoming(SOURCES.intake, 'onestop.intake.v1.DossierReceived', d, 1, dossierReceived(d), T('2020-03-02T01:00:00Z')),
    );
    const steps = Array.from({ length: 12 }, (_, i) => step(d, i + 1));
    await Promise.all([a.project(received), ...steps.map((e, i) => (i % 2 === 0 ? a : b).project(e))]);
    const store = new MongoProjectionStore(db, 1);
    const record = await store.loadDossier(d);
    expect(record?.events).toHaveLength(13);
    expect(record?.view.timeline).toHaveLength(13);
    expect(record?.view.dossierCode).toBe('H40-200302-0001');
    await b.project(steps[3]);
    await a.project({ ...received, offset: '7' });
    expect((await store.loadDossier(d))?.revision).toBe(record?.revision);
  });

  it('takes a receipt as a new dossier without reading it, yet keeps what a rebuild or an earlier event stored', async () => {
    const store = new MongoProjectionStore(db, 3);
    const receipt = (d: string) =>
      stored(incoming(SOURCES.intake, 'onestop.intake.v1.DossierReceived', d, 1, dossierReceived(d), T('2020-03-02T01:00:00Z')));
    // A rebuilt dossier (revision 1, inserted without a claim), then its receipt delivered again.
    const rebuilt = randomUUID();
    const builder = new ProjectionBuilder();
    for (const e of [receipt(rebuilt), step(rebuilt, 1), step(rebuilt, 2)]) builder.add(e);
    const built = builder.records();
    await store.insertBuilt(built.dossiers, built.pickups);
    await new DossierProjector(store).project({ ...receipt(rebuilt), offset: '9' });
    expect((await store.loadDossier(rebuilt))?.revision).toBe(1);
    expect((await store.loadDossier(rebuilt))?.events).toHaveLength(3);
    await new DossierProjector(store).project(step(rebuilt, 3));
    expect((await store.loadDossier(rebuilt))?.events).toHaveLength(4);
    // Steps stored first (by another instance), the receipt after them.
    const late = randomUUID();
    await new DossierProjector(store).projectBatch([step(late, 1), step(late, 2)]);
    await new DossierProjector(store).projectBatch([receipt(late)]);
    const record = await store.loadDossier(late);
    expect(record?.events).toHaveLength(3);
    expect(record?.view.dossierCode).toBe('H40-200302-0001');
    // A receipt of a dossier not stored anywhere: written without a read.
    const fresh = randomUUID();
    await new DossierProjector(store).project(receipt(fresh));
    expect(await store.loadDossier(fresh)).toMatchObject({ revision: 1 });
    // A first revision is an insert of the document itself: no claim is written for it, one is
    // for the write over it.
    const claims = db.collection('writes_v3');
    expect(await claims.countDocuments({ _id: `d:${fresh}#1` } as object)).toBe(0);
    await new DossierProjector(store).project(step(fresh, 1));
    expect(await claims.countDocuments({ _id: `d:${fresh}#2` } as object)).toBe(1);
  });

  it('takes back its own claim when the store went away between the claim and the document, and no other writer does', async () => {
    // The store fails the first replacement of a dossier after its claim went in, as FerretDB does
    // when PostgreSQL restarts under it: the claim is stored, the document is not.
    let failNext = true;
    const failing = new Proxy(db, {
      get(target, prop, receiver) {
        if (prop !== 'collection') return Reflect.get(target, prop, receiver) as unknown;
        return (name: string) => {
          const collection = target.collection(name);
          if (!name.startsWith('dossiers_v4_')) return collection;
          return new Proxy(collection, {
            get(c, p, r) {
              const real = Reflect.get(c, p, r) as unknown;
              if (p !== 'bulkWrite' || typeof real !== 'function') return real;
              // insertMany goes through bulkWrite too: only the replacements fail
              return (ops: object[], ...rest: unknown[]) => {
                if (!failNext || !ops.some((op) => 'replaceOne' in op)) return (real as (...a: unknown[]) => unknown).call(c, ops, ...rest);
                failNext = false;
                return Promise.reject(new Error('connection closed (the store restarted)'));
              };
            },
          });
        };
      },
    });
    const a = new DossierProjector(new MongoProjectionStore(failing, 4));
    const b = new DossierProjector(new MongoProjectionStore(db, 4));
    const d = randomUUID();
    await a.project(
      stored(incoming(SOURCES.intake, 'onestop.intake.v1.DossierReceived', d, 1, dossierReceived(d), T('2020-03-02T01:00:00Z'))),
    );
    await expect(a.project(step(d, 1))).rejects.toThrow('connection closed');
    expect(await db.collection('writes_v4').countDocuments({ _id: `d:${d}#2` } as object)).toBe(1);
    // Another writer meets the claim and waits for it (until it counts as abandoned) …
    await expect(b.project(step(d, 2))).rejects.toThrow('records kept changing meanwhile');
    // … while the writer that took it, retrying, writes over it at once.
    await a.project(step(d, 1));
    const store = new MongoProjectionStore(db, 4);
    expect(await store.loadDossier(d)).toMatchObject({ revision: 2, events: [expect.anything(), expect.anything()] });
    await b.project(step(d, 2));
    expect(await store.loadDossier(d)).toMatchObject({ revision: 3 });
    expect((await store.loadDossier(d))?.events).toHaveLength(3);
  });

  it("ties a pickup's events to its dossier when the pickup and the receipt are projected at once", async () => {
    const store = new MongoProjectionStore(db, 1);
    for (let round = 0; round < 5; round++) {
      const a = new DossierProjector(new MongoProjectionStore(db, 1));
      const b = new DossierProjector(new MongoProjectionStore(db, 1));
      const d = randomUUID();
      const pk = `pk-${randomUUID()}`;
      const requested = stored(
        incoming(
          SOURCES.postal,
          'onestop.postal.v1.PickupRequested',
          pk,
          1,
          { shipmentId: pk, requestedAt: T('2020-03-01T01:00:00Z') },
          T('2020-03-01T01:00:00Z'),
        ),
      );
      const collected = stored(
        incoming(
          SOURCES.postal,
          'onestop.postal.v1.DossierCollected',
          pk,
          2,
          { shipmentId: pk, sealed: true, collectedBy: 'bd01', collectedAt: T('2020-03-01T05:00:00Z') },
          T('2020-03-01T05:00:00Z'),
        ),
      );
      const received = stored(
        incoming(
          SOURCES.intake,
          'onestop.intake.v1.DossierReceived',
          d,
          1,
          dossierReceived(d, {
            channel: 3,
            postalHandover: { pickupId: pk, waybillNumber: 'WB1', handedOverAt: T('2020-03-02T00:50:00Z') },
          }),
          T('2020-03-02T01:00:00Z'),
        ),
      );
      await Promise.all([a.project(requested).then(() => a.project(collected)), b.project(received)]);
      const record = await store.loadDossier(d);
      expect(record?.events.map((e) => e.id).sort()).toEqual([requested.id, collected.id, received.id].sort());
      expect(record?.pickups).toEqual([pk]);
      expect(await store.loadPickup(pk)).toMatchObject({ dossierId: d, events: [] });
    }
    expect((await store.findViewByCode('H40-200302-0001'))?.dossierCode).toBe('H40-200302-0001');
  });

  it('applies units (Kafka batches) from two instances at once: each dossier written once a unit, no event lost or kept twice', async () => {
    const a = new DossierProjector(new MongoProjectionStore(db, 2));
    const b = new DossierProjector(new MongoProjectionStore(db, 2));
    const ds = Array.from({ length: 6 }, () => randomUUID());
    const received = ds.map((d) =>
      stored(incoming(SOURCES.intake, 'onestop.intake.v1.DossierReceived', d, 1, dossierReceived(d), T('2020-03-02T01:00:00Z'))),
    );
    const steps = ds.map((d) => Array.from({ length: 8 }, (_, i) => step(d, i + 1)));
    // a: every receipt and the odd steps, b: the even steps, each in units of interleaved dossiers;
    // a redelivered event inside a unit and a whole unit delivered twice change nothing.
    const unitsA = [received, ...[0, 2, 4, 6].map((i) => steps.map((s) => s[i]))];
    const unitsB = [1, 3, 5, 7].map((i) => steps.map((s) => s[i]));
    unitsB[1] = [...unitsB[1], steps[0][1]];
    await Promise.all([
      (async () => {
        for (const u of unitsA) await a.projectBatch(u);
      })(),
      (async () => {
        for (const u of [...unitsB, unitsB[2]]) await b.projectBatch(u);
      })(),
    ]);
    const store = new MongoProjectionStore(db, 2);
    for (const d of ds) {
      const record = await store.loadDossier(d);
      expect(record?.events).toHaveLength(9);
      expect(record?.view.timeline).toHaveLength(9);
    }
    expect(await store.findViewByCode('H40-200302-0001')).not.toBeNull();
  });
});
