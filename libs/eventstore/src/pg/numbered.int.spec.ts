// Numbered appends on real PostgreSQL: the scope's next number given in the append's own
// transaction — unique and gap-free under concurrency, from one store and from two (two
// processes), with a failed or declined append giving its number back.
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { waitFor } from '@onestop/test-support';
import { ConcurrencyError, DuplicateRequestError, EventStoreArgumentError } from '../errors';
import type { Commit, NumberedAppend } from '../types';
import { verifyChain } from '../verify';
import { PG_URL, testSchema } from './pg-test-support.spec';
import { PostgresEventStore } from './store';

const t = testSchema('numbered');
let store: PostgresEventStore;
let otherPool: Pool;
/** A second store on the same schema with its own pool: another instance of the service. */
let other: PostgresEventStore;

const newStream = () => `dossier-${randomUUID()}`;
const newScope = () => `H40-${randomUUID().slice(0, 8)}`;

/** A build like a receipt's: one event whose payload carries the number, keyed `<scope>-<seq>`. */
function numbered(scope: string, builds: number[] = []): NumberedAppend {
  return {
    scope,
    build(seq) {
      builds.push(seq);
      return {
        events: [{ type: 't.Received', data: new TextEncoder().encode(`row ${seq}`) }],
        key: `${scope}-${seq}`,
        result: { seq },
      };
    },
  };
}

const seqOf = (c: Commit | null) => c?.reservation?.seq;

beforeAll(async () => {
  store = await t.store();
  otherPool = new Pool({ connectionString: PG_URL, max: 4 });
  other = new PostgresEventStore(otherPool, { schema: t.schema, source: 'onestop.test' });
  await other.ensureSchema();
});

afterAll(async () => {
  await otherPool.end();
  await t.drop();
});

describe('appendNumbered', () => {
  it('gives concurrent appends of two store instances the numbers 1..n, each once, with the commit holding its key and answer', async () => {
    const scope = newScope();
    const commits = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 ? other : store).appendNumbered(newStream(), numbered(scope), { expectedVersion: 'no_stream', requestId: randomUUID() }),
      ),
    );
    const seqs = commits.map(seqOf).sort((a, b) => (a ?? 0) - (b ?? 0));
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    for (const c of commits) {
      const seq = seqOf(c) as number;
      expect(c?.reservation).toEqual({ key: `${scope}-${seq}`, scope, seq });
      const stored = await store.findByReservation(`${scope}-${seq}`);
      expect(stored?.streamId).toBe(c?.streamId);
      expect(stored?.result).toEqual({ seq });
      expect(new TextDecoder().decode(stored?.events[0].data)).toBe(`row ${seq}`);
    }
    expect(await store.maxReservedSeq(scope)).toBe(40);
  });

  it('continues after the highest seq plain appends reserved in the scope', async () => {
    const scope = newScope();
    await store.append(newStream(), [{ type: 't.A', data: new Uint8Array([1]) }], {
      expectedVersion: 'no_stream',
      reservation: { key: `${scope}-7`, scope, seq: 7 },
    });
    const c = await store.appendNumbered(newStream(), numbered(scope), { expectedVersion: 'no_stream' });
    expect(seqOf(c)).toBe(8);
  });

  it('leaves no gap when a build declines or an append is refused: the next append takes the number', async () => {
    const scope = newScope();
    const declined = await store.appendNumbered(newStream(), { scope, build: () => null }, { expectedVersion: 'no_stream' });
    expect(declined).toBeNull();
    const existing = newStream();
    await store.append(existing, [{ type: 't.A', data: new Uint8Array([1]) }], { expectedVersion: 'no_stream' });
    const conflict = await store.appendNumbered(existing, numbered(scope), { expectedVersion: 'no_stream' }).catch((e) => e);
    expect(conflict).toBeInstanceOf(ConcurrencyError);
    const bad = await store
      .appendNumbered(newStream(), { scope, build: (seq) => ({ events: [], key: `${scope}-${seq}` }) }, { expectedVersion: 'no_stream' })
      .catch((e) => e);
    expect(bad).toBeInstanceOf(EventStoreArgumentError);
    const c = await store.appendNumbered(newStream(), numbered(scope), { expectedVersion: 'no_stream' });
    expect(seqOf(c)).toBe(1);
  });

  it('answers a reused request id with DuplicateRequestError while the other appends of its flush land, gap-free', async () => {
    const scope = newScope();
    const first = await store.appendNumbered(newStream(), numbered(scope), { expectedVersion: 'no_stream', requestId: 'dup-1' });
    expect(seqOf(first)).toBe(1);
    const outcomes = await Promise.allSettled([
      store.appendNumbered(newStream(), numbered(scope), { expectedVersion: 'no_stream', requestId: randomUUID() }),
      store.appendNumbered(newStream(), numbered(scope), { expectedVersion: 'no_stream', requestId: 'dup-1' }),
      store.appendNumbered(newStream(), numbered(scope), { expectedVersion: 'no_stream', requestId: randomUUID() }),
      store.appendNumbered(newStream(), numbered(scope), { expectedVersion: 'no_stream', requestId: randomUUID() }),
    ]);
    const dup = outcomes[1];
    expect(dup.status).toBe('rejected');
    expect((dup as PromiseRejectedResult).reason).toBeInstanceOf(DuplicateRequestError);
    expect((dup as PromiseRejectedResult).reason.streamId).toBe(first?.streamId);
    const seqs = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [seqOf(o.value)] : [])).sort();
    expect(seqs).toEqual([2, 3, 4]);
  });

  it('appends at an existing stream’s version with its hash chain, and refuses a stale version', async () => {
    const scope = newScope();
    const streamId = newStream();
    await store.append(streamId, [{ type: 't.Submitted', data: new Uint8Array([1]) }], { expectedVersion: 'no_stream' });
    const c = await store.appendNumbered(streamId, numbered(scope), { expectedVersion: 1, requestId: randomUUID() });
    expect(c).toMatchObject({ firstVersion: 2, lastVersion: 2 });
    expect(verifyChain(await store.readStream(streamId))).toEqual([]);
    const stale = await store.appendNumbered(streamId, numbered(scope), { expectedVersion: 1 }).catch((e) => e);
    expect(stale).toBeInstanceOf(ConcurrencyError);
    expect(await store.maxReservedSeq(scope)).toBe(1);
  });

  it('refuses bad arguments naming the field, before waiting for the scope', async () => {
    await expect(
      store.appendNumbered(newStream(), { scope: '', build: () => null }, { expectedVersion: 'no_stream' }),
    ).rejects.toMatchObject({
      field: 'numbered.scope',
    });
    await expect(
      store.appendNumbered(newStream(), numbered(newScope()), { expectedVersion: 'later' as unknown as 'any' }),
    ).rejects.toMatchObject({ field: 'options.expectedVersion' });
  });
});

describe('appendNumbered when the server ends its connection mid-flush', () => {
  it('fails that append and takes the next, instead of crashing the process on the client’s unheard error', async () => {
    const app = `t-numbered-lost-${randomUUID().slice(0, 8)}`;
    const pool = new Pool({ connectionString: PG_URL, max: 2, application_name: app });
    pool.on('error', () => undefined);
    const admin = new Pool({ connectionString: PG_URL, max: 2 });
    const holder = await admin.connect();
    try {
      const mine = new PostgresEventStore(pool, { schema: t.schema, source: 'onestop.test' });
      const scope = newScope();
      await mine.appendNumbered(newStream(), numbered(scope), { expectedVersion: 'no_stream' });
      // Hold the scope's counter row so the next flush waits inside its transaction, on a
      // connection checked out of the pool, then end that connection from the server side.
      await holder.query('BEGIN');
      await holder.query(`SELECT last FROM ${t.schema}.sequences WHERE scope = $1 FOR UPDATE`, [scope]);
      const pending = mine.appendNumbered(newStream(), numbered(scope), { expectedVersion: 'no_stream' });
      const waiting = await waitFor('the flush waiting for the counter row', async () => {
        const r = await admin.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'`,
          [app],
        );
        return r.rows[0]?.pid;
      });
      await admin.query('SELECT pg_terminate_backend($1)', [waiting]);
      await expect(pending).rejects.toThrow();
      await holder.query('ROLLBACK');
      const next = await mine.appendNumbered(newStream(), numbered(scope), { expectedVersion: 'no_stream' });
      expect(seqOf(next)).toBe(2);
    } finally {
      holder.release();
      await admin.end();
      await pool.end();
    }
  });
});
