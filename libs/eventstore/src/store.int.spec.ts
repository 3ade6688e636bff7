import { randomBytes, randomUUID } from 'node:crypto';
import { Binary, MongoClient, type Db } from 'mongodb';
import {
  ConcurrencyError,
  DuplicateRequestError,
  EventStoreArgumentError,
  ReservationTakenError,
} from './errors';
import { MongoEventStore } from './store';
import type { EventToAppend, RecordedEvent } from './types';
import { verifyChain } from './verify';

const MONGO_URL = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017/';
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let client: MongoClient;
let db: Db;
let store: MongoEventStore;
let now = new Date('2026-03-02T01:00:00.000Z');

const ev = (type: string, ...bytes: number[]): EventToAppend => ({ type, data: new Uint8Array(bytes) });
const newStream = () => `dossier-${randomUUID()}`;

beforeAll(async () => {
  client = await MongoClient.connect(MONGO_URL);
  db = client.db(`t_eventstore_${randomBytes(4).toString('hex')}`);
  store = new MongoEventStore(db, { source: 'onestop.test', clock: () => now });
  await store.ensureIndexes();
});

afterAll(async () => {
  await db.dropDatabase();
  await client.close();
});

describe('append and read', () => {
  it('stores a commit with versions, hash chain and metadata, and reads it back as appended', async () => {
    const streamId = newStream();
    const actor = { officerId: 'off-1', role: 'desk_officer', unitCode: 'H40.11' };
    const appended = await store.append(streamId, [ev('onestop.intake.v1.DossierReceived', 1, 2), { ...ev('t.Second', 3), id: 'given-id' }], {
      expectedVersion: 'no_stream',
      metadata: { correlationId: 'corr-1', actor },
      requestId: 'req-a1',
      result: { dossierCode: 'H40.11-260302-0001' },
    });
    expect(appended).toMatchObject({ commitId: `${streamId}:1`, firstVersion: 1, lastVersion: 2, requestId: 'req-a1', publishedAt: null });
    const [first, second] = appended.events;
    expect(first.id).toMatch(UUID_V4);
    expect(second.id).toBe('given-id');
    expect(first).toMatchObject({ streamId, version: 1, prevHash: '', source: 'onestop.test', recordedAt: now });
    expect(first.metadata).toEqual({ correlationId: 'corr-1', actor, requestId: 'req-a1' });
    expect(second.prevHash).toBe(first.hash);

    const read = await store.readStream(streamId);
    expect(read).toEqual(appended.events);
    expect(read[0].data).toEqual(new Uint8Array([1, 2]));
    expect(Buffer.isBuffer(read[0].data)).toBe(false);
    expect(verifyChain(read)).toEqual([]);
    expect(await store.streamVersion(streamId)).toBe(2);
  });

  it('stores the documented document shape', async () => {
    const streamId = newStream();
    await store.append(streamId, [ev('t.A', 5)], { expectedVersion: 0 });
    const doc = await db.collection('events').findOne({ _id: `${streamId}:1` as never });
    expect(doc).toMatchObject({
      streamId,
      firstVersion: 1,
      lastVersion: 1,
      source: 'onestop.test',
      requestId: null,
      requestKey: `${streamId}:1`,
      reservedKey: `${streamId}:1`,
      reservedScope: null,
      reservedSeq: null,
      publishedAt: null,
    });
    expect(doc!.events[0].data).toBeInstanceOf(Binary);
    expect(doc).not.toHaveProperty('result');
  });

  it('continues the chain across commits and reads from a version or as of a time', async () => {
    const streamId = newStream();
    now = new Date('2026-03-02T01:00:00.000Z');
    await store.append(streamId, [ev('t.A'), ev('t.B')], { expectedVersion: 0 });
    now = new Date('2026-03-02T02:00:00.000Z');
    const third = await store.append(streamId, [ev('t.C')], { expectedVersion: 2 });
    expect(third.events[0].version).toBe(3);

    const all = await store.readStream(streamId);
    expect(third.events[0].prevHash).toBe(all[1].hash);
    expect(verifyChain(all)).toEqual([]);
    expect((await store.readStream(streamId, { fromVersion: 2 })).map((e) => e.version)).toEqual([2, 3]);
    expect((await store.readStream(streamId, { upTo: new Date('2026-03-02T01:59:59.999Z') })).map((e) => e.type)).toEqual(['t.A', 't.B']);
    expect(await store.readStream(newStream())).toEqual([]);
  });

  it('lets an audit recompute every chain of the store and detect a payload altered in the database', async () => {
    const streamId = newStream();
    await store.append(streamId, [ev('t.A', 1), ev('t.B', 2)], { expectedVersion: 0 });
    const everything: RecordedEvent[] = [];
    for await (const e of store.readAll()) everything.push(e);
    expect(verifyChain(everything)).toEqual([]);
    const ids = await store.listStreamIds();
    expect(ids).toContain(streamId);
    expect(ids).toEqual([...ids].sort());
    expect([...new Set(everything.map((e) => e.streamId))]).toEqual(ids);

    await db.collection('events').updateOne({ _id: `${streamId}:1` as never }, { $set: { 'events.1.data': new Binary(Buffer.from([9])) } });
    expect(verifyChain(await store.readStream(streamId))).toEqual([expect.objectContaining({ streamId, version: 2, kind: 'altered' })]);
  });
});

describe('expected version', () => {
  it('rejects a stale expected version with ConcurrencyError carrying expected and actual', async () => {
    const streamId = newStream();
    await store.append(streamId, [ev('t.A')], { expectedVersion: 'no_stream' });
    const err = await store.append(streamId, [ev('t.B')], { expectedVersion: 'no_stream' }).catch((e) => e);
    expect(err).toBeInstanceOf(ConcurrencyError);
    expect(err).toMatchObject({ streamId, expected: 'no_stream', actual: 1 });
    await expect(store.append(streamId, [ev('t.B')], { expectedVersion: 3 })).rejects.toMatchObject({ expected: 3, actual: 1 });
  });

  it('lets exactly one of several concurrent appends at the same version win; the others get ConcurrencyError', async () => {
    const streamId = newStream();
    await store.append(streamId, [ev('t.A')], { expectedVersion: 0 });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => store.append(streamId, [ev('t.Racer', i), ev('t.Racer2', i)], { expectedVersion: 1 })),
    );
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(7);
    for (const l of lost) {
      expect(l.reason).toBeInstanceOf(ConcurrencyError);
      expect(l.reason).toMatchObject({ expected: 1, actual: 3 });
    }
    const read = await store.readStream(streamId);
    expect(read.map((e) => e.version)).toEqual([1, 2, 3]);
    expect(verifyChain(read)).toEqual([]);
  });

  it("appends every concurrent 'any' append, each after the other, keeping one chain", async () => {
    const streamId = newStream();
    await Promise.all(Array.from({ length: 6 }, (_, i) => store.append(streamId, [ev('t.Any', i)], { expectedVersion: 'any' })));
    const read = await store.readStream(streamId);
    expect(read.map((e) => e.version)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(read.map((e) => e.data[0]).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(verifyChain(read)).toEqual([]);
  });
});

describe('idempotency by request id', () => {
  it('answers a retried request with DuplicateRequestError carrying the first events and result', async () => {
    const streamId = newStream();
    const first = await store.append(streamId, [ev('t.Received', 1)], {
      expectedVersion: 'no_stream',
      requestId: 'req-dup-1',
      result: { dossierCode: 'H40-0001', fee: 0 },
    });
    const err = await store
      .append(streamId, [ev('t.Received', 1)], { expectedVersion: 'no_stream', requestId: 'req-dup-1', result: { dossierCode: 'H40-0002' } })
      .catch((e) => e);
    expect(err).toBeInstanceOf(DuplicateRequestError);
    expect(err).toMatchObject({ requestId: 'req-dup-1', streamId, commitId: first.commitId, result: { dossierCode: 'H40-0001', fee: 0 } });
    expect(err.events).toEqual(first.events);
    expect(await store.readStream(streamId)).toHaveLength(1);
    expect(await store.findByRequestId('req-dup-1')).toMatchObject({ commitId: first.commitId, result: { dossierCode: 'H40-0001', fee: 0 } });
    expect(await store.findByRequestId('req-never-used')).toBeNull();
  });

  it('detects a reused request id on another stream through the unique index', async () => {
    await store.append(newStream(), [ev('t.A')], { expectedVersion: 0, requestId: 'req-dup-2', result: 'first' });
    const other = newStream();
    const err = await store.append(other, [ev('t.A')], { expectedVersion: 0, requestId: 'req-dup-2' }).catch((e) => e);
    expect(err).toBeInstanceOf(DuplicateRequestError);
    expect(err.result).toBe('first');
    expect(await store.readStream(other)).toEqual([]);
  });

  it('gives DuplicateRequestError (not a concurrency error) to the loser of two concurrent identical requests', async () => {
    const streamId = newStream();
    const outcomes = await Promise.allSettled(
      [1, 2].map(() => store.append(streamId, [ev('t.A')], { expectedVersion: 0, requestId: `req-race-${streamId}`, result: 42 })),
    );
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(lost).toHaveLength(1);
    expect(lost[0].reason).toBeInstanceOf(DuplicateRequestError);
    expect(lost[0].reason.result).toBe(42);
  });
});

describe('reservations', () => {
  it('refuses a reservation key another commit holds and reports the highest seq of a scope', async () => {
    const scope = `H40.11-${randomUUID()}`;
    expect(await store.maxReservedSeq(scope)).toBe(0);
    await store.append(newStream(), [ev('t.A')], { expectedVersion: 0, reservation: { key: `${scope}-0001`, scope, seq: 1 } });
    await store.append(newStream(), [ev('t.A')], { expectedVersion: 0, reservation: { key: `${scope}-0002`, scope, seq: 2 } });
    expect(await store.maxReservedSeq(scope)).toBe(2);

    const loser = newStream();
    const err = await store
      .append(loser, [ev('t.A'), ev('t.B')], { expectedVersion: 0, reservation: { key: `${scope}-0002`, scope, seq: 2 } })
      .catch((e) => e);
    expect(err).toBeInstanceOf(ReservationTakenError);
    expect(err).toMatchObject({ key: `${scope}-0002`, scope });
    expect(await store.readStream(loser)).toEqual([]);
  });

  it('returns the reservation with the commit and finds the commit by its reservation key', async () => {
    const scope = `S-${randomUUID()}`;
    const c = await store.append(newStream(), [ev('t.A')], { expectedVersion: 0, reservation: { key: `${scope}-7`, scope, seq: 7 } });
    expect(c.reservation).toEqual({ key: `${scope}-7`, scope, seq: 7 });
    expect(await store.findByReservation(`${scope}-7`)).toMatchObject({ commitId: c.commitId, streamId: c.streamId });
    expect(await store.findByReservation(`${scope}-8`)).toBeNull();
    expect(await store.findByReservation(c.commitId)).toBeNull(); // a commit without reservation holds its own id
  });
});

describe('atomic multi-event append', () => {
  it('stores all events of a commit in one document or none of them', async () => {
    const streamId = newStream();
    await store.append(streamId, [ev('t.A')], { expectedVersion: 0 });
    const outcomes = await Promise.allSettled([
      store.append(streamId, [ev('t.X1'), ev('t.X2'), ev('t.X3')], { expectedVersion: 1 }),
      store.append(streamId, [ev('t.Y1'), ev('t.Y2'), ev('t.Y3')], { expectedVersion: 1 }),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const types = (await store.readStream(streamId)).map((e) => e.type);
    expect([
      ['t.A', 't.X1', 't.X2', 't.X3'],
      ['t.A', 't.Y1', 't.Y2', 't.Y3'],
    ]).toContainEqual(types);
    expect(await db.collection('events').countDocuments({ streamId })).toBe(2);
  });
});

describe('outbox queries', () => {
  it('lists pending commits by stream then version, skipping excluded streams, until marked published', async () => {
    const [a, b] = [newStream(), newStream()].sort();
    await store.append(b, [ev('t.A')], { expectedVersion: 0 });
    await store.append(a, [ev('t.A')], { expectedVersion: 0 });
    await store.append(a, [ev('t.B')], { expectedVersion: 1 });
    const mine = (cs: { streamId: string; commitId: string }[]) => cs.filter((c) => c.streamId === a || c.streamId === b).map((c) => c.commitId);

    expect(mine(await store.pendingCommits(10_000))).toEqual([`${a}:1`, `${a}:2`, `${b}:1`]);
    expect(mine(await store.pendingCommits(10_000, [a]))).toEqual([`${b}:1`]);

    const firstMark = new Date('2026-03-02T03:00:00.000Z');
    await store.markPublished(`${a}:1`, firstMark);
    await store.markPublished(`${a}:1`, new Date('2026-03-02T04:00:00.000Z'));
    expect(mine(await store.pendingCommits(10_000))).toEqual([`${a}:2`, `${b}:1`]);
    expect((await store.findByRequestId(`${a}:1`))).toBeNull();
    const doc = await db.collection('events').findOne({ _id: `${a}:1` as never });
    expect(doc?.publishedAt).toEqual(firstMark);
  });
});

describe('argument validation', () => {
  it.each([
    ['empty events', () => store.append(newStream(), [], { expectedVersion: 0 }), 'events'],
    ['bad stream id', () => store.append('has space', [ev('t.A')], { expectedVersion: 0 }), 'streamId'],
    ['empty stream id', () => store.append('', [ev('t.A')], { expectedVersion: 0 }), 'streamId'],
    ['missing type', () => store.append(newStream(), [{ type: '', data: new Uint8Array() }], { expectedVersion: 0 }), 'events[0].type'],
    ['data not bytes', () => store.append(newStream(), [{ type: 't', data: 'x' as never }], { expectedVersion: 0 }), 'events[0].data'],
    ['duplicate ids', () => store.append(newStream(), [{ ...ev('t'), id: 'x' }, { ...ev('t'), id: 'x' }], { expectedVersion: 0 }), 'events[1].id'],
    ['negative version', () => store.append(newStream(), [ev('t')], { expectedVersion: -1 }), 'options.expectedVersion'],
    ['no options', () => store.append(newStream(), [ev('t')], undefined as never), 'options'],
    ['blank request id', () => store.append(newStream(), [ev('t')], { expectedVersion: 0, requestId: ' ' }), 'options.requestId'],
    ['bad actor', () => store.append(newStream(), [ev('t')], { expectedVersion: 0, metadata: { actor: { officerId: 'o' } as never } }), 'options.metadata.actor.role'],
    ['bad seq', () => store.append(newStream(), [ev('t')], { expectedVersion: 0, reservation: { key: 'k', scope: 's', seq: 0 } }), 'options.reservation.seq'],
    ['bad fromVersion', () => store.readStream(newStream(), { fromVersion: 0 }), 'options.fromVersion'],
  ])('rejects %s naming the field', async (_case, call, field) => {
    const err = await call().catch((e) => e);
    expect(err).toBeInstanceOf(EventStoreArgumentError);
    expect(err.field).toBe(field);
  });

  it('requires a source', () => {
    expect(() => new MongoEventStore(db, { source: '' })).toThrow('options.source');
  });
});

describe('indexes', () => {
  it('creates the unique and lookup indexes, idempotently', async () => {
    await store.ensureIndexes();
    const indexes = await db.collection('events').indexes();
    const byName = Object.fromEntries(indexes.map((i) => [i.name, i]));
    expect(byName.requestKey_unique).toMatchObject({ key: { requestKey: 1 }, unique: true });
    expect(byName.reservedKey_unique).toMatchObject({ key: { reservedKey: 1 }, unique: true });
    expect(byName.streamId_firstVersion.key).toEqual({ streamId: 1, firstVersion: 1 });
    expect(byName.publishedAt.key).toEqual({ publishedAt: 1 });
    expect(byName.reservedScope_reservedSeq.key).toEqual({ reservedScope: 1, reservedSeq: 1 });
    expect(byName.eventId.key).toEqual({ 'events.id': 1 });
    expect(byName.eventId.unique).toBeFalsy();
  });
});
