// The deadline timer store on the real PostgreSQL (processing's schema), and the one-time move of
// the timers the document store (FerretDB/MongoDB) kept before.
import { Pool } from 'pg';
import type { DeadlineTimer } from '../../application/ports';
import { at } from '../../domain/fixtures.spec';
import { PG_URL, testDatabase } from '../../int-support.spec';
import { moveTimersFromDocumentStore, PgTimerStore } from './timer-store';

let database: Awaited<ReturnType<typeof testDatabase>>;
let pool: Pool;
let store: PgTimerStore;
const now = at('2020-10-07 08:00');

beforeAll(async () => {
  database = await testDatabase();
  pool = new Pool({ connectionString: PG_URL, max: 3 });
  store = new PgTimerStore(pool, database.db.databaseName, () => now);
  await store.ensureSchema();
  await store.ensureSchema(); // a second start changes nothing
});

it('numbers its table apart from the event store’s migrations', async () => {
  const r = await pool.query<{ version: number }>(`SELECT version FROM ${database.db.databaseName}.processing_migrations`);
  expect(r.rows.map((x) => x.version)).toEqual([1]);
});
afterAll(async () => {
  await pool.end();
  await database.drop();
});

let n = 0;
function timer(dossierId: string, fireAt: Date, over: Partial<DeadlineTimer> = {}): DeadlineTimer {
  n++;
  return {
    id: `${dossierId}:dossier_overdue:${fireAt.toISOString()}:${n}`,
    dossierId,
    kind: 'dossier_overdue',
    alert: 'overdue',
    deadline: 'dossier',
    stepCode: '',
    dueAt: fireAt,
    fireAt,
    ...over,
  };
}

it('schedules a case’s timers once: an id already stored keeps its row, settled or not', async () => {
  const a = timer('d-schedule', at('2020-10-06 08:00'));
  const b = timer('d-schedule', at('2020-10-08 08:00'));
  await store.schedule([a]);
  await store.settle(a.id, 'obsolete', at('2020-10-05 10:00'), 'moved');
  await store.schedule([a, b]);
  await store.schedule([a, b]);
  const rows = await store.ofDossier('d-schedule');
  expect(rows.map((r) => [r.id, r.state])).toEqual([
    [a.id, 'obsolete'],
    [b.id, 'pending'],
  ]);
  expect(rows[0]).toMatchObject({ note: 'moved', settledAt: at('2020-10-05 10:00'), fireAt: a.fireAt, dueAt: a.dueAt });
  expect(rows[1]).toMatchObject({ scheduledAt: now, settledAt: null, note: '' });
});

it('answers the due ones, earliest first, up to the limit, and a timer settles once', async () => {
  const early = timer('d-due', at('2020-10-06 09:00'));
  const earlier = timer('d-due', at('2020-10-06 08:00'));
  const later = timer('d-due', at('2020-10-09 08:00'));
  const done = timer('d-due', at('2020-10-05 08:00'));
  await store.schedule([early, later, earlier, done]);
  await store.settle(done.id, 'fired', now, '');

  const due = (await store.due(now, 100)).filter((t) => t.dossierId === 'd-due');
  expect(due.map((t) => t.id)).toEqual([earlier.id, early.id]);
  expect(due[0]).toEqual(earlier);
  expect((await store.due(at('2020-10-06 08:00'), 1)).map((t) => t.id)).toEqual([earlier.id]);

  await store.settle(earlier.id, 'fired', now, 'first');
  await store.settle(earlier.id, 'obsolete', now, 'second');
  expect((await store.ofDossier('d-due')).find((t) => t.id === earlier.id)).toMatchObject({ state: 'fired', note: 'first' });
});

it('counts the pending timers of each kind and the late ones among them', async () => {
  const fresh = new PgTimerStore(pool, `${database.db.databaseName}_count`, () => now);
  await fresh.ensureSchema();
  try {
    await fresh.schedule([
      timer('d-count', at('2020-10-06 08:00')),
      timer('d-count', at('2020-10-08 08:00')),
      timer('d-count', at('2020-10-06 08:00'), { kind: 'step_due_soon', alert: 'due_soon', deadline: 'step', stepCode: 'tham-dinh' }),
    ]);
    const settled = timer('d-count', at('2020-10-06 08:00'));
    await fresh.schedule([settled]);
    await fresh.settle(settled.id, 'fired', now, '');
    expect(await fresh.countPending(now)).toEqual([
      { alert: 'due_soon', deadline: 'dossier', pending: 0, late: 0 },
      { alert: 'overdue', deadline: 'dossier', pending: 2, late: 1 },
      { alert: 'due_soon', deadline: 'step', pending: 1, late: 1 },
      { alert: 'overdue', deadline: 'step', pending: 0, late: 0 },
    ]);
  } finally {
    await pool.query(`DROP SCHEMA IF EXISTS ${database.db.databaseName}_count CASCADE`);
  }
});

it('the runner’s question is answered from the index of pending timers, not by reading them all', async () => {
  const client = await pool.connect();
  try {
    // On a table this small the planner would read it whole anyway; forbidding that shows the
    // index fits the query (its predicate, its order).
    await client.query('SET enable_seqscan = off');
    const plan = await client.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN SELECT timer_id FROM ${database.db.databaseName}.timers WHERE state = 'pending' AND fire_at <= $1 ORDER BY fire_at, timer_id LIMIT 100`,
      [now],
    );
    const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(text).toContain('timers_pending_fire_at');
    expect(text).not.toMatch(/\bSort\b/);
  } finally {
    await client.query('RESET enable_seqscan');
    client.release();
  }
});

it('moves the timers the document store kept into PostgreSQL once, keeping what PostgreSQL already knows, and drops them there', async () => {
  const pending = timer('d-move', at('2020-10-08 08:00'));
  const fired = timer('d-move', at('2020-10-06 08:00'));
  const firedSince = timer('d-move', at('2020-10-06 12:00'));
  const old = database.db.collection('timers');
  const doc = (t: DeadlineTimer, state: string, settledAt: Date | null, note = '') => ({
    _id: t.id,
    dossierId: t.dossierId,
    kind: t.kind,
    alert: t.alert,
    deadline: t.deadline,
    stepCode: t.stepCode,
    dueAt: t.dueAt,
    fireAt: t.fireAt,
    state,
    scheduledAt: at('2020-10-05 08:00'),
    settledAt,
    note,
  });
  await old.insertMany([
    doc(pending, 'pending', null),
    doc(fired, 'fired', at('2020-10-06 08:01'), 'fired by the old store'),
    // pending in the old store, but already carried over and fired in PostgreSQL
    doc(firedSince, 'pending', null),
  ] as never[]);
  await store.schedule([firedSince]);
  await store.settle(firedSince.id, 'fired', now, 'fired after the move');

  expect(await moveTimersFromDocumentStore(database.db, store, 2)).toBe(2);
  const rows = await store.ofDossier('d-move');
  expect(rows.map((r) => [r.id, r.state, r.note]).sort()).toEqual(
    [
      [pending.id, 'pending', ''],
      [fired.id, 'fired', 'fired by the old store'],
      [firedSince.id, 'fired', 'fired after the move'],
    ].sort(),
  );
  expect(rows.find((r) => r.id === pending.id)).toMatchObject({ scheduledAt: at('2020-10-05 08:00'), fireAt: pending.fireAt });
  expect(await database.db.listCollections({ name: 'timers' }).hasNext()).toBe(false);
  expect(await moveTimersFromDocumentStore(database.db, store)).toBe(0);
});
