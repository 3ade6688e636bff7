// `ops migrate-events` end to end on the real FerretDB (old commit documents) and PostgreSQL (the
// new event stores): digests before and after equal, a rerun changes nothing, a broken chain is
// refused before anything is written, and a new store holding more than the old fails the proof.
import { randomBytes, randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { Pool } from 'pg';
import { PostgresEventStore, type CommitDocument } from '@onestop/eventstore';
import { historyDigest } from '../application/verify-history';
import { oldCommits } from '../testing/old-event-store.spec';
import { runCli } from './main';
import type { CliOutput } from './output';

jest.setTimeout(120_000);

const MONGO_URL = (process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017/').replace(/\/?$/, '/');
const PG_URL = process.env.PG_URL ?? 'postgres://onestop:onestop@127.0.0.1:5432/onestop';
const run = randomBytes(4).toString('hex');
const mongo = new MongoClient(MONGO_URL);
const pg = new Pool({ connectionString: PG_URL, max: 2 });
const databases: string[] = [];
const schemas: string[] = [];
const SOURCES = { intake: 'onestop.intake', processing: 'onestop.processing', postal: 'onestop.postal-delivery' } as const;
type Service = keyof typeof SOURCES;

/** A fresh old database and new schema per service; the --from/--to options naming them. */
function places(label: string, services: Service[]) {
  const args: string[] = [];
  const at = {} as Record<Service, { db: string; schema: string }>;
  for (const s of services) {
    const db = `t_mig_${label}_${s}_${run}`;
    const schema = `t_mig_${label}_${s}_${run}`;
    databases.push(db);
    schemas.push(schema);
    at[s] = { db, schema };
    args.push('--service', s, '--from', `${s}=${MONGO_URL}${db}#events`, '--to', `${s}=${PG_URL}#${schema}`);
  }
  return { args, at };
}

async function cli(...argv: string[]) {
  const io = { stdout: '', stderr: '', progress: [] as string[] };
  const out: CliOutput = {
    out: (t) => void (io.stdout += t),
    err: (t) => void (io.stderr += t),
    progress: (t) => void io.progress.push(t),
    progressDone: () => undefined,
  };
  const code = await runCli(['migrate-events', ...argv], out, { ...process.env, MONGO_URL, PG_URL });
  return { code, ...io };
}

const digestIn = (stdout: string, when: 'before' | 'after') => new RegExp(`digest ${when} +([0-9a-f]{64})`).exec(stdout)?.[1];

beforeAll(async () => {
  await mongo.connect();
});

afterAll(async () => {
  for (const db of databases)
    await mongo
      .db(db)
      .dropDatabase()
      .catch(() => undefined);
  await mongo.close();
  for (const s of schemas) await pg.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`).catch(() => undefined);
  await pg.end();
});

describe('migrate-events', () => {
  it("copies every service's history, proves it with equal digests, and changes nothing on a rerun", async () => {
    const { args, at } = places('ok', ['intake', 'processing', 'postal']);
    const history: Record<Service, CommitDocument[]> = {
      intake: [...oldCommits(SOURCES.intake, `d-${randomUUID()}`, [2, 1, 1]), ...oldCommits(SOURCES.intake, `d-${randomUUID()}`, [1])],
      processing: oldCommits(SOURCES.processing, `d-${randomUUID()}`, [1, 3]),
      postal: oldCommits(SOURCES.postal, `pickup-${randomUUID()}`, [1, 1]),
    };
    history.postal[1].publishedAt = null; // the old relay had not sent it yet
    for (const s of Object.keys(history) as Service[])
      await mongo
        .db(at[s].db)
        .collection<CommitDocument>('events')
        .insertMany([...history[s]].reverse());
    const expected = historyDigest(
      Object.values(history)
        .flat()
        .flatMap((d) => d.events.map((e) => ({ ...e, streamId: d.streamId, source: d.source, data: new Uint8Array() }))),
    );

    const first = await cli(...args, '--batch', '2');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(digestIn(first.stdout, 'before')).toBe(expected);
    expect(digestIn(first.stdout, 'after')).toBe(expected);
    expect(first.stdout).toContain('old stores: 11 events in 4 streams');
    expect(first.stdout).toContain('intake: read 4 commits (5 events); wrote 4 commits (5 events)\n');
    expect(first.stdout).toContain('postal: read 2 commits (2 events); wrote 2 commits (2 events); 1 unpublished, left to the relay\n');
    expect(first.stdout).toContain('digests equal: the new stores hold the old history');
    expect(first.progress).toContain('migrate-events: intake 2/4 commits read, 2 written (3 events)');

    // As recorded: ids, versions, times, hashes, answers; order; publication.
    const intake = new PostgresEventStore(pg, { schema: at.intake.schema, source: SOURCES.intake });
    const stream = history.intake[0].streamId;
    const events = await intake.readStream(stream);
    expect(events.map((e) => [e.id, e.version, e.recordedAt.toISOString(), e.hash])).toEqual(
      history.intake.slice(0, 3).flatMap((d) => d.events.map((e) => [e.id, e.version, e.recordedAt.toISOString(), e.hash])),
    );
    expect((await intake.findByRequestId(history.intake[1].requestId as string))?.result).toEqual({
      accepted: true,
      at: history.intake[1].recordedAt,
    });
    const published = await pg.query(`SELECT commit_id, published_at FROM ${at.postal.schema}.commits ORDER BY position`);
    expect(published.rows.map((r) => [r.commit_id, r.published_at?.toISOString() ?? null])).toEqual([
      [history.postal[0]._id, (history.postal[0].publishedAt as Date).toISOString()],
      [history.postal[1]._id, null],
    ]);

    const again = await cli(...args);
    expect(again.code).toBe(0);
    expect(digestIn(again.stdout, 'after')).toBe(expected);
    expect(again.stdout).toContain('intake: read 4 commits (5 events); wrote 0 commits (0 events); 4 already there');
    expect(again.stdout).toContain('digests equal; nothing changed: every commit was already migrated');
    expect((await pg.query(`SELECT count(*)::int AS n FROM ${at.intake.schema}.events`)).rows[0].n).toBe(5);
  });

  it('refuses a broken chain before writing, naming stream and version', async () => {
    const { args, at } = places('broken', ['processing']);
    const docs = oldCommits(SOURCES.processing, `d-${randomUUID()}`, [1, 2]);
    docs[1].events[0].type = 'onestop.processing.v1.Forged'; // edited in the database, hash left
    await mongo.db(at.processing.db).collection<CommitDocument>('events').insertMany(docs);
    const r = await cli(...args);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`ALTERED  store onestop.processing  stream ${docs[0].streamId} version 2 event ${docs[1].events[0].id}`);
    expect(r.stdout).toContain('nothing migrated');
    expect(r.stdout).not.toContain('digest before');
    const exists = await pg.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [at.processing.schema]);
    expect(exists.rows).toEqual([]);
  });

  it('fails the proof when the new store holds events the old one lacks', async () => {
    const { args, at } = places('extra', ['intake']);
    await mongo
      .db(at.intake.db)
      .collection<CommitDocument>('events')
      .insertMany(oldCommits(SOURCES.intake, `d-${randomUUID()}`, [1]));
    const store = new PostgresEventStore(pg, {
      schema: at.intake.schema,
      source: SOURCES.intake,
      clock: () => new Date('2025-06-01T00:00:00Z'),
    });
    await store.ensureSchema();
    await store.append(`d-${randomUUID()}`, [{ type: 'onestop.intake.v1.Happened', data: new Uint8Array([1]) }], { expectedVersion: 0 });
    const r = await cli(...args);
    expect(r.code).toBe(1);
    expect(digestIn(r.stdout, 'after')).not.toBe(digestIn(r.stdout, 'before'));
    expect(r.stdout).toContain('DIGEST MISMATCH: the new stores do not hold exactly the old history (1 events before, 2 after)');
  });

  it('checks without writing on --dry-run, and names bad arguments', async () => {
    const { args, at } = places('dry', ['postal']);
    await mongo
      .db(at.postal.db)
      .collection<CommitDocument>('events')
      .insertMany(oldCommits(SOURCES.postal, `p-${randomUUID()}`, [2]));
    const r = await cli(...args, '--dry-run');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/digest before [0-9a-f]{64}/);
    expect(r.stdout).toContain('dry run: nothing written');
    expect((await pg.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [at.postal.schema])).rows).toEqual([]);
    const bad = await cli('--service', 'postal', '--from', 'intake=mongodb://h/db');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--from names intake, which --service leaves out');
  });
});
