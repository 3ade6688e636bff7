import { randomBytes, randomUUID } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';
import { buildCommitDocument, type CommitDocument } from './documents';
import { DuplicateRequestError, ReservationTakenError } from './errors';
import { OutboxRelay } from './relay';
import { MongoEventStore, type MongoEventStoreOptions } from './store';
import type { AppendOptions, EventToAppend, RecordedEvent } from './types';
import { validateAppend } from './validation';

const MONGO_URL = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017/';

let client: MongoClient;
let db: Db;
let store: MongoEventStore;
const now = new Date('2026-03-02T01:00:00.000Z');

const ev = (type: string, ...bytes: number[]): EventToAppend => ({ type, data: new Uint8Array(bytes) });
const newStream = () => `dossier-${randomUUID()}`;
const newScope = () => `H40.11-${randomUUID()}`;
const open = (options: Partial<MongoEventStoreOptions> = {}) => new MongoEventStore(db, { source: 'onestop.test', clock: () => now, ...options });

/** A commit written straight into the collection, as another process or an older version of the store would leave it: no pointers. */
async function insertBare(collection: string, streamId: string, options: AppendOptions, published = true): Promise<CommitDocument> {
  const doc = buildCommitDocument(validateAppend(streamId, [ev('t.Bare')], options), { version: 0, hash: '' }, 'onestop.test', now);
  if (published) doc.publishedAt = now;
  await db.collection<CommitDocument>(collection).insertOne(doc);
  return doc;
}

const outboxOf = (commitId: string, collection = 'events') => db.collection(`${collection}_outbox`).countDocuments({ commitId });

/** Claims the next free seq of the scope the way the intake desk does: max + 1, then on while taken. */
async function claimNext(s: MongoEventStore, scope: string, streamId: string): Promise<number> {
  for (let seq = (await s.maxReservedSeq(scope)) + 1; ; seq++) {
    try {
      await s.append(streamId, [ev('t.Received')], { expectedVersion: 'no_stream', reservation: { key: `${scope}-${seq}`, scope, seq } });
      return seq;
    } catch (err) {
      if (!(err instanceof ReservationTakenError)) throw err;
    }
  }
}

beforeAll(async () => {
  client = await MongoClient.connect(MONGO_URL);
  db = client.db(`t_eventstore_ptr_${randomBytes(4).toString('hex')}`);
  store = open();
  await store.ensureIndexes();
});

afterAll(async () => {
  await db.dropDatabase();
  await client.close();
});

describe('pointers written before an insert that fails', () => {
  it('leave no visible request, reservation or outbox effect when the reservation is held by a commit the pointers did not know', async () => {
    const scope = newScope();
    const key = `${scope}-0001`;
    const holder = await insertBare('events', newStream(), { expectedVersion: 0, reservation: { key, scope, seq: 1 } });
    const streamId = newStream();
    const requestId = `req-${randomUUID()}`;

    const err = await store.append(streamId, [ev('t.A')], { expectedVersion: 0, requestId, reservation: { key, scope, seq: 1 } }).catch((e) => e);

    expect(err).toBeInstanceOf(ReservationTakenError);
    expect(await db.collection('events_requests').findOne({ _id: requestId as never })).toMatchObject({ commitId: `${streamId}:1` });
    expect(await outboxOf(`${streamId}:1`)).toBe(1); // the tentative entry is there ...
    expect(await store.findByRequestId(requestId)).toBeNull(); // ... yet nothing of the failed append shows
    expect(await store.readStream(streamId)).toEqual([]);
    expect((await store.pendingCommits(10_000)).map((c) => c.commitId)).not.toContain(`${streamId}:1`);
    expect(await store.findByReservation(key)).toMatchObject({ commitId: holder._id }); // pointed at the real holder
    expect(await store.maxReservedSeq(scope)).toBe(1);
  });

  it('leave no visible effect when the request id is held by a commit the pointers did not know, and answer its result', async () => {
    const scope = newScope();
    const requestId = `req-${randomUUID()}`;
    const holder = await insertBare('events', newStream(), { expectedVersion: 0, requestId, result: { code: 'first' } });
    const streamId = newStream();
    const key = `${scope}-0001`;

    const err = await store.append(streamId, [ev('t.A')], { expectedVersion: 0, requestId, reservation: { key, scope, seq: 1 } }).catch((e) => e);

    expect(err).toBeInstanceOf(DuplicateRequestError);
    expect(err).toMatchObject({ commitId: holder._id, result: { code: 'first' } });
    expect(await db.collection('events_reservations').findOne({ _id: `key:${key}` as never })).toMatchObject({ commitId: `${streamId}:1` });
    expect(await store.findByReservation(key)).toBeNull();
    expect(await store.maxReservedSeq(scope)).toBe(0);
    expect((await store.pendingCommits(10_000)).map((c) => c.commitId)).not.toContain(`${streamId}:1`);
    expect(await store.findByRequestId(requestId)).toMatchObject({ commitId: holder._id, result: { code: 'first' } });
  });

  it('leave an outbox entry the relay drops once it has waited the grace period for its commit', async () => {
    const requestId = `req-${randomUUID()}`;
    await insertBare('events', newStream(), { expectedVersion: 0, requestId });
    const streamId = newStream();
    await expect(store.append(streamId, [ev('t.A')], { expectedVersion: 0, requestId })).rejects.toBeInstanceOf(DuplicateRequestError);
    expect(await outboxOf(`${streamId}:1`)).toBe(1);

    const impatient = open({ outboxGraceMs: 0 });
    await impatient.pendingCommits(10_000);
    expect(await outboxOf(`${streamId}:1`)).toBe(0);
  });
});

describe('a pointer leading to a commit that does not hold its key', () => {
  it('reads as not found, for request ids, reservation keys and scope positions alike', async () => {
    const scope = newScope();
    const other = await store.append(newStream(), [ev('t.A')], { expectedVersion: 0, requestId: `req-${randomUUID()}`, reservation: { key: `${scope}-1`, scope, seq: 1 } });
    const requestId = `req-${randomUUID()}`;
    await db.collection('events_requests').insertOne({ _id: requestId as never, commitId: other.commitId });
    await db.collection('events_reservations').insertMany([
      { _id: `key:${scope}-2` as never, commitId: other.commitId, scope, seq: 2 },
      { _id: `seq:${scope}#2` as never, commitId: other.commitId, key: `${scope}-2` },
    ]);
    expect(await store.findByRequestId(requestId)).toBeNull();
    expect(await store.findByReservation(`${scope}-2`)).toBeNull();
    expect(await store.maxReservedSeq(scope)).toBe(1);
  });

  it('is what the losers of a race at one stream version leave, and none of them is found by its request id', async () => {
    const streamId = newStream();
    await store.append(streamId, [ev('t.A')], { expectedVersion: 0 });
    const ids = Array.from({ length: 8 }, () => `req-${randomUUID()}`);
    const outcomes = await Promise.allSettled(ids.map((requestId) => open().append(streamId, [ev('t.B')], { expectedVersion: 1, requestId })));
    const winners = ids.filter((_, i) => outcomes[i].status === 'fulfilled');
    expect(winners).toHaveLength(1);
    for (const requestId of ids) {
      const found = await store.findByRequestId(requestId);
      expect(found === null ? 'none' : found.requestId).toBe(winners.includes(requestId) ? requestId : 'none');
    }
  });
});

describe('a crash after the insert', () => {
  it('before its outbox entry was confirmed and the scope hint raised: a new process still publishes the commit and answers the retried request', async () => {
    const scope = newScope();
    const streamId = newStream();
    const requestId = `req-${randomUUID()}`;
    const first = await store.append(streamId, [ev('t.Received', 1)], {
      expectedVersion: 'no_stream',
      requestId,
      result: { code: `${scope}-0001` },
      reservation: { key: `${scope}-0001`, scope, seq: 1 },
    });
    // the steps after the insert never ran
    await db.collection('events_reservations').deleteOne({ _id: `scope:${scope}` as never });
    await db.collection('events_outbox').updateMany({ commitId: first.commitId }, { $set: { committed: false } });

    const restarted = open();
    const sent: RecordedEvent[] = [];
    await new OutboxRelay(restarted, { publish: async (events) => void sent.push(...events) }).publishPending();
    expect(sent.filter((e) => e.streamId === streamId)).toEqual(first.events);
    expect(await outboxOf(first.commitId)).toBe(0);

    const retry = await restarted
      .append(streamId, [ev('t.Received', 1)], { expectedVersion: 'no_stream', requestId, reservation: { key: `${scope}-0001`, scope, seq: 1 } })
      .catch((e) => e);
    expect(retry).toBeInstanceOf(DuplicateRequestError);
    expect(retry).toMatchObject({ commitId: first.commitId, result: { code: `${scope}-0001` } });
    expect(await restarted.maxReservedSeq(scope)).toBe(1);
    expect(await restarted.findByReservation(`${scope}-0001`)).toMatchObject({ commitId: first.commitId });
  });

  it('of the relay between marking a commit published and dropping its entry: one resend at most, then the entry is gone', async () => {
    const streamId = newStream();
    const c = await store.append(streamId, [ev('t.A')], { expectedVersion: 0 });
    await db.collection('events').updateOne({ _id: c.commitId as never }, { $set: { publishedAt: now } }); // marked, then the crash
    expect(await outboxOf(c.commitId)).toBe(1);

    const sent: string[] = [];
    const relay = new OutboxRelay(open(), { publish: async (events) => void sent.push(...events.map((e) => e.streamId)) });
    await relay.publishPending();
    await relay.publishPending();
    expect(sent.filter((s) => s === streamId).length).toBeLessThanOrEqual(1);
    expect(await outboxOf(c.commitId)).toBe(0);
  });

  it('of an append that lost its stream version: its unconfirmed entry never publishes the loser\'s events', async () => {
    const streamId = newStream();
    const winner = await store.append(streamId, [ev('t.Winner')], { expectedVersion: 0 });
    const loser = buildCommitDocument(validateAppend(streamId, [ev('t.Loser')], { expectedVersion: 0 }), { version: 0, hash: '' }, 'onestop.test', now);
    await db.collection('events_outbox').insertOne({
      _id: `${loser._id}@lost` as never, commitId: loser._id, streamId, firstVersion: 1, recordedAt: now, commit: loser, committed: false,
    });

    const sent: RecordedEvent[] = [];
    await new OutboxRelay(open(), { publish: async (events) => void sent.push(...events) }).publishPending();
    expect(sent.filter((e) => e.streamId === streamId)).toEqual(winner.events);
    expect(await outboxOf(winner.commitId)).toBe(0);
  });
});

describe('maxReservedSeq', () => {
  it('is the highest held seq whether the hint lags, is missing, or a failed claim left a pointer above it', async () => {
    const scope = newScope();
    for (let i = 0; i < 5; i++) await claimNext(store, scope, newStream());
    const hints = db.collection('events_reservations');
    expect(await hints.findOne({ _id: `scope:${scope}` as never })).toMatchObject({ seq: 5 });
    expect(await store.maxReservedSeq(scope)).toBe(5);

    await hints.updateOne({ _id: `scope:${scope}` as never }, { $set: { seq: 2 } });
    expect(await store.maxReservedSeq(scope)).toBe(5);
    await hints.deleteOne({ _id: `scope:${scope}` as never });
    expect(await store.maxReservedSeq(scope)).toBe(5);

    const requestId = `req-${randomUUID()}`;
    await insertBare('events', newStream(), { expectedVersion: 0, requestId });
    const failed = store.append(newStream(), [ev('t.A')], { expectedVersion: 0, requestId, reservation: { key: `${scope}-6`, scope, seq: 6 } });
    await expect(failed).rejects.toBeInstanceOf(DuplicateRequestError);
    expect(await hints.findOne({ _id: `seq:${scope}#6` as never })).not.toBeNull();
    expect(await store.maxReservedSeq(scope)).toBe(5);
    expect(await claimNext(store, scope, newStream())).toBe(6);
    expect(await store.maxReservedSeq(scope)).toBe(6);
  });

  it('lets 30 concurrent claims of the next seq in one scope end with 1..30, no gap, no duplicate', async () => {
    const scope = newScope();
    const processes = [store, open(), open()];
    const streams = Array.from({ length: 30 }, newStream);
    const seqs = await Promise.all(streams.map((s, i) => claimNext(processes[i % processes.length], scope, s)));

    expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(await open().maxReservedSeq(scope)).toBe(30);
    for (const [i, s] of streams.entries()) {
      expect(await store.findByReservation(`${scope}-${seqs[i]}`)).toMatchObject({ streamId: s, reservation: { scope, seq: seqs[i] } });
    }
  });
});

describe('a collection written before the pointers existed', () => {
  it('gets its pointers from ensureIndexes: duplicates answered, codes found, sequence continued, pending commits published', async () => {
    const collectionName = `legacy_${randomBytes(3).toString('hex')}`;
    const scope = newScope();
    const requestId = `req-${randomUUID()}`;
    const answered = await insertBare(collectionName, newStream(), { expectedVersion: 0, requestId, result: 'first' });
    const coded = await insertBare(collectionName, newStream(), { expectedVersion: 0, reservation: { key: `${scope}-3`, scope, seq: 3 } });
    const pending = await insertBare(collectionName, newStream(), { expectedVersion: 0 }, false);

    // an earlier, interrupted backfill left a pointer that leads nowhere
    await db.collection(`${collectionName}_requests`).insertOne({ _id: requestId as never, commitId: 'nowhere:1' });
    const upgraded = open({ collectionName });
    await upgraded.ensureIndexes();

    await expect(upgraded.append(newStream(), [ev('t.A')], { expectedVersion: 0, requestId })).rejects.toMatchObject({ result: 'first' });
    expect(await upgraded.findByRequestId(requestId)).toMatchObject({ commitId: answered._id });
    expect(await upgraded.findByReservation(`${scope}-3`)).toMatchObject({ commitId: coded._id });
    expect(await upgraded.maxReservedSeq(scope)).toBe(3);
    expect(await claimNext(upgraded, scope, newStream())).toBe(4);
    expect((await upgraded.pendingCommits(100)).map((c) => c.commitId)).toContain(pending._id);
    expect((await upgraded.pendingCommits(100)).map((c) => c.commitId)).not.toContain(answered._id);
    expect(await db.collection(`${collectionName}_meta`).findOne({ _id: 'pointers' as never })).toMatchObject({ version: 1 });
  });
});
