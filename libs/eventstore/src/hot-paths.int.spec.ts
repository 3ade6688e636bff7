import { randomBytes, randomUUID } from 'node:crypto';
import { MongoClient, type CommandStartedEvent, type Db, type Document } from 'mongodb';
import { ConcurrencyError } from './errors';
import { OutboxRelay } from './relay';
import { MongoEventStore } from './store';
import type { EventToAppend } from './types';
import { verifyChain } from './verify';

const MONGO_URL = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017/';
const dbName = `t_eventstore_hot_${randomBytes(4).toString('hex')}`;

let client: MongoClient;
let db: Db;
let store: MongoEventStore;

const ev = (type: string, ...bytes: number[]): EventToAppend => ({ type, data: new Uint8Array(bytes) });
const newStream = () => `dossier-${randomUUID()}`;

beforeAll(async () => {
  client = await MongoClient.connect(MONGO_URL);
  db = client.db(dbName);
  store = new MongoEventStore(db, { source: 'onestop.test' });
  await store.ensureIndexes();
});

afterAll(async () => {
  await db.dropDatabase();
  await client.close();
});

/** The filters a command applies (find, update, delete, findAndModify, count, distinct), or null for a pipeline. */
function filtersOf(e: CommandStartedEvent): Document[] | null {
  const c = e.command;
  switch (e.commandName) {
    case 'find':
    case 'count':
    case 'distinct':
      return [c.filter ?? c.query ?? {}];
    case 'findAndModify':
      return [c.query ?? {}];
    case 'update':
      return (c.updates as Document[]).map((u) => u.q);
    case 'delete':
      return (c.deletes as Document[]).map((d) => d.q);
    case 'aggregate':
      return null;
    default:
      return [];
  }
}

/** A filter FerretDB 1.24 answers from its primary key: exactly `{ _id: <string> }`. */
const byIdOnly = (f: Document) => Object.keys(f).length === 1 && typeof f._id === 'string';

/** Runs `work` on a store over a monitored connection and returns the commands it sent. */
async function commandsOf(work: (s: MongoEventStore) => Promise<void>): Promise<CommandStartedEvent[]> {
  const monitored = await MongoClient.connect(MONGO_URL, { monitorCommands: true });
  const seen: CommandStartedEvent[] = [];
  monitored.on('commandStarted', (e) => seen.push(e));
  try {
    await work(new MongoEventStore(monitored.db(dbName), { source: 'onestop.test' }));
  } finally {
    await monitored.close();
  }
  return seen.filter((e) => e.databaseName === dbName);
}

describe('hot paths on FerretDB', () => {
  it('load, append, findByRequestId, findByReservation, maxReservedSeq and the relay query commits and pointers by _id only', async () => {
    const streamId = newStream();
    const scope = `H40.11-${randomUUID()}`;
    await store.append(streamId, [ev('t.Received')], { expectedVersion: 0, requestId: `req-${randomUUID()}`, reservation: { key: `${scope}-1`, scope, seq: 1 } });
    await store.append(streamId, [ev('t.Assigned'), ev('t.Noted')], { expectedVersion: 1 });
    const requestId = `req-${randomUUID()}`;

    const commands = await commandsOf(async (s) => {
      const events = await s.readStream(streamId); // a cold process: walks the stream
      const other = newStream();
      const seq = (await s.maxReservedSeq(scope)) + 1;
      await s.append(other, [ev('t.Received')], { expectedVersion: 'no_stream', requestId: `req-${randomUUID()}`, reservation: { key: `${scope}-${seq}`, scope, seq } });
      await s.findByRequestId(requestId);
      await s.append(streamId, [ev('t.Decided')], { expectedVersion: events.length, requestId, result: { ok: true } });
      expect(await s.findByRequestId(requestId)).not.toBeNull();
      expect(await s.findByReservation(`${scope}-${seq}`)).toMatchObject({ streamId: other });
      expect(await s.maxReservedSeq(scope)).toBe(2);
      await s.readStream(streamId); // a warm process: fetches the known commits at once
      await new OutboxRelay(s, { publish: async () => undefined }).publishPending();
    });

    const onIndexedCollections = commands.filter((e) => ['events', 'events_requests', 'events_reservations'].includes(e.command[e.commandName]));
    const offending = onIndexedCollections
      .filter((e) => { const f = filtersOf(e); return f === null || !f.every(byIdOnly); })
      .map((e) => `${e.commandName} ${e.command[e.commandName]} ${JSON.stringify(filtersOf(e))}`);
    expect(offending).toEqual([]);
    const finds = onIndexedCollections.filter((e) => e.commandName === 'find').map((e) => e.command.find);
    expect(new Set(finds)).toEqual(new Set(['events', 'events_requests', 'events_reservations']));
    expect(commands.some((e) => e.commandName === 'insert' && e.command.insert === 'events')).toBe(true);
  });
});

describe('the stream head cache', () => {
  it('is at worst behind: a stale head costs probes, never a wrong version or chain', async () => {
    const streamId = newStream();
    const a = new MongoEventStore(db, { source: 'onestop.test' });
    const b = new MongoEventStore(db, { source: 'onestop.test' });
    await a.append(streamId, [ev('t.A')], { expectedVersion: 0 });
    expect(await a.readStream(streamId)).toHaveLength(1);
    await b.append(streamId, [ev('t.B'), ev('t.C')], { expectedVersion: 1 });
    await b.append(streamId, [ev('t.D')], { expectedVersion: 3 });

    await expect(a.append(streamId, [ev('t.X')], { expectedVersion: 1 })).rejects.toMatchObject({ expected: 1, actual: 4 });
    expect(await a.streamVersion(streamId)).toBe(4);
    const read = await a.readStream(streamId);
    expect(read.map((e) => e.type)).toEqual(['t.A', 't.B', 't.C', 't.D']);
    const next = await a.append(streamId, [ev('t.E')], { expectedVersion: 4 });
    expect(next.events[0].prevHash).toBe(read[3].hash);
    expect(verifyChain(await b.readStream(streamId))).toEqual([]);
    expect((await a.readStream(streamId, { fromVersion: 3 })).map((e) => e.version)).toEqual([3, 4, 5]);
  });

  it('forgets a head whose last commit vanished (a database restored from an older backup) instead of leaving a gap', async () => {
    const streamId = newStream();
    const s = new MongoEventStore(db, { source: 'onestop.test' });
    const [first] = (await s.append(streamId, [ev('t.A')], { expectedVersion: 0 })).events;
    await s.append(streamId, [ev('t.B')], { expectedVersion: 1 });
    await s.append(streamId, [ev('t.C')], { expectedVersion: 2 });
    await db.collection('events').deleteMany({ _id: { $in: [`${streamId}:2`, `${streamId}:3`] as never[] } });

    expect((await s.readStream(streamId)).map((e) => e.type)).toEqual(['t.A']); // a command's load, then its append
    const next = await s.append(streamId, [ev('t.D')], { expectedVersion: 'any' });
    expect(next.firstVersion).toBe(2);
    expect(next.events[0].prevHash).toBe(first.hash);
    expect((await s.readStream(streamId)).map((e) => e.type)).toEqual(['t.A', 't.D']);
  });

  it('gives the same answers when it can hold only one stream, or none', async () => {
    for (const streamCacheSize of [0, 1]) {
      const s = new MongoEventStore(db, { source: 'onestop.test', streamCacheSize });
      const [x, y] = [newStream(), newStream()];
      for (let v = 0; v < 3; v++) {
        await s.append(x, [ev('t.X', v)], { expectedVersion: v });
        await s.append(y, [ev('t.Y', v), ev('t.Y2', v)], { expectedVersion: 2 * v });
      }
      expect((await s.readStream(x)).map((e) => e.version)).toEqual([1, 2, 3]);
      expect(verifyChain(await s.readStream(y))).toEqual([]);
      expect(await s.streamVersion(y)).toBe(6);
      await expect(s.append(x, [ev('t.X')], { expectedVersion: 2 })).rejects.toBeInstanceOf(ConcurrencyError);
    }
  });
});
