// Migrating the former MongoDB store's commit documents (on the real document store, FerretDB)
// into the PostgreSQL tables (real PostgreSQL): everything kept, in order, idempotent.
import { randomBytes, randomUUID } from 'node:crypto';
import { MongoClient, type Collection } from 'mongodb';
import { toCommit, toDocument, type CommitDocument } from '../documents';
import { computeEventHash } from '../hash';
import type { Commit, RecordedEvent } from '../types';
import { verifyChain } from '../verify';
import { importCommits } from './import';
import { testSchema } from './pg-test-support.spec';
import type { PostgresEventStore } from './store';

const MONGO_URL = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017/';
const t = testSchema('import');
const mongo = new MongoClient(MONGO_URL);
const dbName = `t_es_import_${randomBytes(4).toString('hex')}`;
let old: Collection<CommitDocument>;
let store: PostgresEventStore;

const actor = { officerId: 'desk01', role: 'desk_officer', unitCode: 'H40' };

/** Commits of one stream as the former store recorded them: chained, with its clock's times. */
function history(streamId: string, sizes: number[], extra: (i: number) => Partial<Commit> = () => ({})): Commit[] {
  let prevHash = '';
  let version = 0;
  return sizes.map((n, i) => {
    const recordedAt = new Date(Date.UTC(2025, 10, 3, 2, i, 0, 123));
    const metadata = { correlationId: `corr-${streamId}`, requestId: `req-${streamId}-${i}`, actor };
    const events = Array.from({ length: n }, (): RecordedEvent => {
      version++;
      const e = {
        id: randomUUID(),
        streamId,
        version,
        type: 'onestop.test.v1.Happened',
        data: new Uint8Array([version, i, 255]),
        recordedAt,
        metadata,
        prevHash,
        source: 'onestop.intake',
      };
      const hash = computeEventHash(e);
      prevHash = hash;
      return { ...e, hash };
    });
    return {
      commitId: `${streamId}:${events[0].version}`,
      streamId,
      firstVersion: events[0].version,
      lastVersion: version,
      events,
      recordedAt,
      requestId: `req-${streamId}-${i}`,
      result: { answer: i, at: recordedAt },
      reservation: null,
      publishedAt: new Date(recordedAt.getTime() + 1000),
      ...extra(i),
    };
  });
}

async function stored(): Promise<{ event: RecordedEvent; published: boolean; commitId: string }[]> {
  const all = [];
  for await (const s of store.readStoredEvents({ by: 'position' })) all.push(s);
  return all;
}

beforeAll(async () => {
  await mongo.connect();
  old = mongo.db(dbName).collection<CommitDocument>('events');
  store = await t.store('onestop.intake');
});

afterAll(async () => {
  await mongo
    .db(dbName)
    .dropDatabase()
    .catch(() => undefined);
  await mongo.close();
  await t.drop();
});

describe("importing the former store's commits", () => {
  it('keeps ids, versions, times, metadata, hashes, answers, reservations and publication, in stream and version order; a rerun writes nothing', async () => {
    const a = history('dossier-a', [2, 1], (i) =>
      i === 0 ? { reservation: { key: 'H40-251103-0007', scope: 'H40-20251103', seq: 7 } } : {},
    );
    const b = history('dossier-b', [1, 3, 1], (i) => (i === 2 ? { publishedAt: null } : {}));
    // The old collection holds them in no particular order, as documents.
    await old.insertMany([...b, ...a].reverse().map(toDocument));
    const commits = (await old.find({}).sort({ streamId: 1, firstVersion: 1 }).toArray()).map(toCommit);
    expect(commits.map((c) => c.commitId)).toEqual(['dossier-a:1', 'dossier-a:3', 'dossier-b:1', 'dossier-b:2', 'dossier-b:5']);

    expect(await importCommits(t.pool, t.schema, commits.slice(0, 2))).toEqual({ commits: 2, events: 3 });
    expect(await importCommits(t.pool, t.schema, commits)).toEqual({ commits: 3, events: 5 });
    expect(await importCommits(t.pool, t.schema, commits)).toEqual({ commits: 0, events: 0 });

    const rows = await stored();
    const expected = [...a, ...b].flatMap((c) => c.events);
    expect(rows.map((r) => r.event)).toEqual(expected);
    expect(rows.map((r) => r.event.id)).toEqual(expected.map((e) => e.id)); // positions follow stream and version
    expect(verifyChain(rows.map((r) => r.event))).toEqual([]);
    expect(rows.filter((r) => !r.published).map((r) => r.commitId)).toEqual(['dossier-b:5']);

    // The commit rows answer what the store is asked after the migration.
    const first = await store.findByRequestId('req-dossier-a-0');
    expect(first).toMatchObject({
      commitId: 'dossier-a:1',
      result: { answer: 0, at: a[0].recordedAt },
      publishedAt: a[0].publishedAt,
      events: a[0].events,
    });
    expect((await store.findByReservation('H40-251103-0007'))?.commitId).toBe('dossier-a:1');
    expect(await store.maxReservedSeq('H40-20251103')).toBe(7);
    // Only the commit the old store had not published is left to the relay.
    expect(await store.outbox.pendingStreams(10)).toEqual(['dossier-b']);
    // New appends continue the migrated chains.
    const next = await store.append('dossier-a', [{ type: 'onestop.test.v1.Next', data: new Uint8Array([1]) }], { expectedVersion: 3 });
    expect(next.events[0].prevHash).toBe(a[1].events[0].hash);
  });

  it('refuses a commit whose events do not fill its versions, naming it', async () => {
    const [c] = history('dossier-c', [2]);
    await expect(importCommits(t.pool, t.schema, [{ ...c, events: c.events.slice(0, 1) }])).rejects.toThrow(
      'commits[0].events: commit dossier-c:1 spans versions 1..2 but holds 1 event(s)',
    );
    await expect(importCommits(t.pool, 'Bad;schema', [c])).rejects.toThrow('schema');
    expect(await store.streamVersion('dossier-c')).toBe(0);
  });
});
