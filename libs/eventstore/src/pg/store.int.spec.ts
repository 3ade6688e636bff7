// The contract of the event store on real PostgreSQL: append, conflicts, duplicate requests,
// reservations, as-of reads, the hash chain, and the indexes behind every hot path.
import { randomUUID } from 'node:crypto';
import { ConcurrencyError, DuplicateRequestError, EventStoreArgumentError, ReservationTakenError } from '../errors';
import type { EventToAppend, RecordedEvent } from '../types';
import { verifyChain } from '../verify';
import { testSchema } from './pg-test-support.spec';
import type { PostgresEventStore, StoredEvent } from './store';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const t = testSchema('store');
let store: PostgresEventStore;
let now = new Date('2026-03-02T01:00:00.000Z');

const ev = (type: string, ...bytes: number[]): EventToAppend => ({ type, data: new Uint8Array(bytes) });
const newStream = () => `dossier-${randomUUID()}`;

beforeAll(async () => {
  store = await t.store('onestop.test', () => now);
});

afterAll(async () => {
  await t.drop();
});

describe('append and read', () => {
  it('stores a commit with versions, hash chain and metadata, and reads it back as appended', async () => {
    const streamId = newStream();
    const actor = { officerId: 'off-1', role: 'desk_officer', unitCode: 'H40.11' };
    const appended = await store.append(
      streamId,
      [ev('onestop.intake.v1.DossierReceived', 1, 2), { ...ev('t.Second', 3), id: 'given-id' }],
      {
        expectedVersion: 'no_stream',
        metadata: { correlationId: 'corr-1', actor },
        requestId: 'req-a1',
        result: { dossierCode: 'H40.11-260302-0001', at: new Date('2026-03-02T01:00:00Z'), n: null },
      },
    );
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
    expect(await store.streamVersion(newStream())).toBe(0);
    const found = await store.findByRequestId('req-a1');
    expect(found).toMatchObject({ commitId: `${streamId}:1`, events: appended.events, publishedAt: null });
    expect(found?.result).toEqual({ dossierCode: 'H40.11-260302-0001', at: new Date('2026-03-02T01:00:00Z'), n: null });
  });

  it('continues the chain across commits and reads from a version or as of a time', async () => {
    const streamId = newStream();
    now = new Date('2026-03-02T01:00:00.000Z');
    await store.append(streamId, [ev('t.A'), ev('t.B')], { expectedVersion: 0 });
    now = new Date('2026-03-02T02:00:00.000Z');
    const third = await store.append(streamId, [ev('t.C')], { expectedVersion: 2 });
    now = new Date('2026-03-02T01:30:00.000Z'); // a clock that went back: as-of reads stay a prefix
    await store.append(streamId, [ev('t.D')], { expectedVersion: 3 });
    expect(third.events[0].version).toBe(3);

    const all = await store.readStream(streamId);
    expect(third.events[0].prevHash).toBe(all[1].hash);
    expect(verifyChain(all)).toEqual([]);
    expect((await store.readStream(streamId, { fromVersion: 2 })).map((e) => e.version)).toEqual([2, 3, 4]);
    expect((await store.readStream(streamId, { upTo: new Date('2026-03-02T01:59:59.999Z') })).map((e) => e.type)).toEqual(['t.A', 't.B']);
    expect((await store.readStream(streamId, { upTo: new Date('2026-03-02T02:00:00.000Z'), fromVersion: 2 })).map((e) => e.type)).toEqual([
      't.B',
      't.C',
      't.D',
    ]);
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
    const stored: StoredEvent[] = [];
    for await (const s of store.readStoredEvents({ by: 'position' })) stored.push(s);
    expect(stored.map((s) => s.event.id).sort()).toEqual(everything.map((e) => e.id).sort());
    expect(stored.every((s, i) => i === 0 || s.position > stored[i - 1].position)).toBe(true);
    const byStream = [];
    for await (const s of store.readStoredEvents()) byStream.push(s.event);
    expect(byStream).toEqual(everything);

    await t.pool.query(`UPDATE ${t.schema}.events SET data = '\\x09' WHERE stream_id = $1 AND version = 2`, [streamId]);
    expect(verifyChain(await store.readStream(streamId))).toEqual([expect.objectContaining({ streamId, version: 2, kind: 'altered' })]);
  });

  it('rejects an event id already recorded, naming the event', async () => {
    const first = await store.append(newStream(), [ev('t.A')], { expectedVersion: 0 });
    const err = await store
      .append(newStream(), [ev('t.B'), { ...ev('t.C'), id: first.events[0].id }], { expectedVersion: 0 })
      .catch((e) => e);
    expect(err).toBeInstanceOf(EventStoreArgumentError);
    expect(err.field).toBe('events[1].id');
  });

  it('requires a source and a valid schema name', () => {
    expect(() => new (store.constructor as typeof PostgresEventStore)(t.pool, { schema: t.schema, source: '' })).toThrow(/options.source/);
    expect(() => new (store.constructor as typeof PostgresEventStore)(t.pool, { schema: 'Bad-Name', source: 's' })).toThrow(
      /options.schema/,
    );
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
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(lost).toHaveLength(7);
    for (const l of lost) {
      expect(l.reason).toBeInstanceOf(ConcurrencyError);
      expect(l.reason).toMatchObject({ expected: 1, actual: 3 });
    }
    const read = await store.readStream(streamId);
    expect(read.map((e) => e.version)).toEqual([1, 2, 3]);
    expect(read[1].data[0]).toBe(read[2].data[0]); // both events of the winner, none of a loser
    expect(verifyChain(read)).toEqual([]);
  });

  it('writes after the head the caller read without reading it again, and refuses a head the stream has moved past', async () => {
    const streamId = newStream();
    const heads: unknown[] = [];
    const query = t.pool.query.bind(t.pool);
    // counts the store's head reads on the real pool (nothing else is changed)
    t.pool.query = ((config: unknown, ...rest: unknown[]) => {
      if (typeof config === 'object' && config !== null && String((config as { name?: string }).name).endsWith('_head')) heads.push(config);
      return (query as (...a: unknown[]) => unknown)(config, ...rest);
    }) as typeof t.pool.query;
    try {
      await store.append(streamId, [ev('t.A'), ev('t.B')], { expectedVersion: 'no_stream', requestId: `req-head-${streamId}`, result: 1 });
      const { events } = await store.readForCommand(streamId, 'req-head-new');
      const head = { version: 2, hash: events[1].hash };
      const third = await store.append(streamId, [ev('t.C')], { expectedVersion: 2, head });
      expect(third.events[0]).toMatchObject({ version: 3, prevHash: events[1].hash });
      expect(heads).toHaveLength(0);
      // the same head again: the stream has moved on
      const stale = await store.append(streamId, [ev('t.D')], { expectedVersion: 2, head }).catch((e) => e);
      expect(stale).toBeInstanceOf(ConcurrencyError);
      expect(stale).toMatchObject({ expected: 2, actual: 3 });
      // a request already recorded is still answered as a duplicate
      const now3 = { version: 3, hash: third.events[0].hash };
      const again = await store
        .append(streamId, [ev('t.D')], { expectedVersion: 3, head: now3, requestId: `req-head-${streamId}` })
        .catch((e) => e);
      expect(again).toBeInstanceOf(DuplicateRequestError);
      expect(again.result).toBe(1);
      const read = await store.readStream(streamId);
      expect(read.map((e) => e.type)).toEqual(['t.A', 't.B', 't.C']);
      expect(verifyChain(read)).toEqual([]);
      expect(heads).toHaveLength(0);
    } finally {
      t.pool.query = query;
    }
  });

  it('refuses a head that is not the one the append expects, naming the field', async () => {
    const streamId = newStream();
    const hash = 'a'.repeat(64);
    await expect(store.append(streamId, [ev('t.A')], { expectedVersion: 2, head: { version: 1, hash } })).rejects.toMatchObject({
      field: 'options.head.version',
    });
    await expect(store.append(streamId, [ev('t.A')], { expectedVersion: 'any', head: { version: 1, hash } })).rejects.toBeInstanceOf(
      EventStoreArgumentError,
    );
    await expect(store.append(streamId, [ev('t.A')], { expectedVersion: 1, head: { version: 1, hash: 'x' } })).rejects.toMatchObject({
      field: 'options.head.hash',
    });
    expect(await store.readStream(streamId)).toEqual([]);
    // a well-formed hash that is not the stream's: the database refuses the link, nothing is written
    const [first] = (await store.append(streamId, [ev('t.A')], { expectedVersion: 'no_stream' })).events;
    const wrong = await store.append(streamId, [ev('t.B')], { expectedVersion: 1, head: { version: 1, hash } }).catch((e) => e);
    expect(wrong).toBeInstanceOf(EventStoreArgumentError);
    expect(wrong).toMatchObject({ field: 'options.head.hash' });
    // a head past the stream's end: a conflict, as the stream is not where the append expects it
    await expect(store.append(streamId, [ev('t.B')], { expectedVersion: 4, head: { version: 4, hash: first.hash } })).rejects.toMatchObject(
      {
        expected: 4,
        actual: 1,
      },
    );
    expect(await store.readStream(streamId)).toEqual([first]);
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
      .append(streamId, [ev('t.Received', 1)], {
        expectedVersion: 'no_stream',
        requestId: 'req-dup-1',
        result: { dossierCode: 'H40-0002' },
      })
      .catch((e) => e);
    expect(err).toBeInstanceOf(DuplicateRequestError);
    expect(err).toMatchObject({ requestId: 'req-dup-1', streamId, commitId: first.commitId, result: { dossierCode: 'H40-0001', fee: 0 } });
    expect(err.events).toEqual(first.events);
    expect(await store.readStream(streamId)).toHaveLength(1);
    expect(await store.findByRequestId('req-never-used')).toBeNull();
  });

  it("reads a command's stream and its request id's commit in one query", async () => {
    const streamId = newStream();
    expect(await store.readForCommand(streamId, 'req-rfc-0')).toEqual({ events: [], request: null });
    const first = await store.append(streamId, [ev('t.A', 1), ev('t.B', 2)], {
      expectedVersion: 'no_stream',
      requestId: 'req-rfc-1',
      result: 7,
    });
    const second = await store.append(streamId, [ev('t.C', 3)], { expectedVersion: 2, requestId: 'req-rfc-2' });
    const both = await store.readForCommand(streamId, 'req-rfc-1');
    expect(both.events).toEqual([...first.events, ...second.events]);
    expect(both.request).toMatchObject({ commitId: first.commitId, events: first.events, result: 7 });
    expect(await store.readForCommand(streamId, 'req-rfc-new')).toEqual({ events: both.events, request: null });
    // a request id used on another stream is found whatever stream is read
    expect((await store.readForCommand(newStream(), 'req-rfc-2')).request).toMatchObject({ commitId: second.commitId, streamId });
  });

  it('detects a reused request id on another stream', async () => {
    await store.append(newStream(), [ev('t.A')], { expectedVersion: 0, requestId: 'req-dup-2', result: 'first' });
    const other = newStream();
    const err = await store.append(other, [ev('t.A')], { expectedVersion: 0, requestId: 'req-dup-2' }).catch((e) => e);
    expect(err).toBeInstanceOf(DuplicateRequestError);
    expect(err.result).toBe('first');
    expect(await store.readStream(other)).toEqual([]);
  });

  it('gives DuplicateRequestError (not a concurrency error) to the losers of concurrent identical requests', async () => {
    const streamId = newStream();
    const outcomes = await Promise.allSettled(
      [1, 2, 3, 4].map(() => store.append(streamId, [ev('t.A')], { expectedVersion: 0, requestId: `req-race-${streamId}`, result: 42 })),
    );
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(lost).toHaveLength(3);
    for (const l of lost) {
      expect(l.reason).toBeInstanceOf(DuplicateRequestError);
      expect(l.reason.result).toBe(42);
    }
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

  it('lets one of concurrent claims of a key win; the others get ReservationTakenError', async () => {
    const scope = `R-${randomUUID()}`;
    const outcomes = await Promise.allSettled(
      [1, 2, 3].map(() =>
        store.append(newStream(), [ev('t.A')], { expectedVersion: 'no_stream', reservation: { key: `${scope}-1`, scope, seq: 1 } }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(ReservationTakenError);
  });

  it('returns the reservation with the commit and finds the commit by its reservation key', async () => {
    const scope = `S-${randomUUID()}`;
    const c = await store.append(newStream(), [ev('t.A')], { expectedVersion: 0, reservation: { key: `${scope}-7`, scope, seq: 7 } });
    expect(c.reservation).toEqual({ key: `${scope}-7`, scope, seq: 7 });
    expect(await store.findByReservation(`${scope}-7`)).toMatchObject({
      commitId: c.commitId,
      streamId: c.streamId,
      reservation: c.reservation,
      events: c.events,
    });
    expect(await store.findByReservation(`${scope}-8`)).toBeNull();
  });
});

describe('schema and indexes', () => {
  it('works in a schema with a name of the longest length PostgreSQL allows', async () => {
    const schema = `t_es_long_${'x'.repeat(53)}`.slice(0, 63);
    const long = new (store.constructor as typeof PostgresEventStore)(t.pool, { schema, source: 'onestop.test' });
    try {
      await long.ensureSchema();
      const streamId = newStream();
      await long.append(streamId, [ev('t.A')], {
        expectedVersion: 0,
        requestId: `req-${streamId}`,
        reservation: { key: `k-${streamId}`, scope: 's', seq: 1 },
      });
      expect(await long.findByRequestId(`req-${streamId}`)).toMatchObject({ streamId });
      expect(await long.findByReservation(`k-${streamId}`)).toMatchObject({ streamId });
      expect(await long.outbox.pendingStreams(10)).toEqual([streamId]);
    } finally {
      await t.pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    }
  });

  it('creates the schema idempotently, also from several instances at once', async () => {
    const again = await Promise.all([1, 2, 3].map(() => t.store()));
    expect(again).toHaveLength(3);
    const r = await t.pool.query(`SELECT version FROM ${t.schema}.migrations`);
    expect(r.rows).toEqual([{ version: 1 }, { version: 2 }]);
  });

  it('answers every hot path from an index', async () => {
    const client = await t.pool.connect();
    try {
      await client.query('SET enable_seqscan = off');
      const plan = async (sql: string, values: unknown[]) =>
        (await client.query(`EXPLAIN ${sql}`, values)).rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
      const s = t.schema;
      const paths: [string, unknown[]][] = [
        [`SELECT version, hash FROM ${s}.events WHERE stream_id = $1 ORDER BY version DESC LIMIT 1`, ['x']],
        [`SELECT * FROM ${s}.events WHERE stream_id = $1 AND version >= $2 ORDER BY version`, ['x', 1]],
        [`SELECT * FROM ${s}.commits WHERE request_id = $1`, ['x']],
        [`SELECT * FROM ${s}.commits WHERE reservation_key = $1`, ['x']],
        [`SELECT max(reservation_seq) FROM ${s}.commits WHERE reservation_scope = $1`, ['x']],
        [`SELECT last FROM ${s}.sequences WHERE scope = $1`, ['x']],
        [`SELECT stream_id FROM ${s}.commits WHERE published_at IS NULL AND parked_at IS NULL ORDER BY position LIMIT 10`, []],
        [
          `SELECT * FROM ${s}.commits WHERE stream_id = ANY($1::text[]) AND published_at IS NULL ORDER BY stream_id, first_version`,
          [['x']],
        ],
      ];
      for (const [sql, values] of paths) expect(await plan(sql, values)).not.toMatch(/Seq Scan/);
    } finally {
      client.release();
    }
  });
});
