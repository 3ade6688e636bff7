// The bench's fast store fill (lib/fill.ts) writes what intake writes: receipts submitted through
// gRPC and receipts filled next to them are compared row by row (columns, answers, events,
// metadata, hash chains, register books), and intake itself serves the filled ones — by code, and
// as the answer to a retried request.
import { Pool } from 'pg';
import { decodeEvent } from '@onestop/contracts';
import { outboxState, verifyChain, type ChainEvent } from '@onestop/eventstore';
import { call, intakeClient, tokenFor } from '../support/clients';
import { householdBusiness } from '../support/fixtures';
import { createPlatform, type Platform } from '../support/platform';
import { CommitFiller, countCommits } from './lib/fill';

jest.setTimeout(180_000);

type Row = Record<string, unknown>;

/** The shape of a value: its key paths with the kind of each leaf (not the values). */
function shape(value: unknown, at = ''): string[] {
  if (value instanceof Date) return [`${at}:date`];
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return [`${at}:bytes`];
  if (Array.isArray(value)) return value.flatMap((v) => shape(v, `${at}[]`)).filter((x, i, all) => all.indexOf(x) === i);
  if (value !== null && typeof value === 'object')
    return Object.keys(value)
      .sort()
      .flatMap((k) => shape((value as Row)[k], `${at}.${k}`));
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(value)) return [`${at}:instant`];
  return [`${at}:${value === null ? 'null' : typeof value}`];
}

describe('bench store fill: commits like intake writes them', () => {
  const pgUrl = process.env.PG_URL;
  let platform: Platform;
  let client: ReturnType<typeof intakeClient>;
  let desk: string;
  let pool: Pool;
  let schema: string;

  beforeAll(async () => {
    if (!pgUrl) throw new Error('PG_URL must point at the PostgreSQL the services use');
    platform = await createPlatform();
    await platform.start('intake');
    client = intakeClient(platform.address('intake'));
    desk = await tokenFor({ officerId: 'desk01', role: 'desk_officer', unitCode: 'TRUCNINH' });
    pool = new Pool({ connectionString: pgUrl, max: 2 });
    schema = `${platform.runId}_intake`;
  });

  afterAll(async () => {
    client?.close();
    await pool?.end();
    await platform?.stopAll();
  });

  const submit = async () => {
    const res = await call(client.submitDossier.bind(client), householdBusiness(), { token: desk });
    if (res.outcome?.$case !== 'received') throw new Error(`not received: ${res.outcome?.$case}`);
    return res.outcome.received;
  };
  const commitRows = async (where: string, values: unknown[]) =>
    (await pool.query<Row>(`SELECT * FROM ${schema}.commits WHERE ${where} ORDER BY position`, values)).rows;
  const eventRows = async (streamIds: string[]) =>
    (await pool.query<Row>(`SELECT * FROM ${schema}.events WHERE stream_id = ANY($1) ORDER BY stream_id, version`, [streamIds])).rows;

  it('fills receipts whose rows have the shape of gRPC-written ones, and intake serves them as its own', async () => {
    const viaGrpc = [await submit(), await submit(), await submit()];
    const filler = await CommitFiller.from(pool, schema, 2, { perBook: 3, requestPrefix: 'fill-spec' });
    const before = await countCommits(pool, schema);
    expect(await filler.fill(5)).toBe(5);
    expect(await countCommits(pool, schema)).toBe(before + 5);

    const grpcCommits = await commitRows('stream_id = ANY($1)', [viaGrpc.map((r) => r.dossierId)]);
    const filled = await commitRows('request_id LIKE $1', ['fill-spec-%']);
    expect(filled).toHaveLength(5);
    const reference = grpcCommits[0];
    for (const row of filled) {
      // Same columns, set or null alike; the answer with the same structure.
      expect(Object.keys(row).filter((k) => row[k] === null)).toEqual(Object.keys(reference).filter((k) => reference[k] === null));
      expect(shape(row.result)).toEqual(shape(reference.result));
      expect(row.source).toBe(reference.source);
      expect(row.commit_id).toBe(`${row.stream_id as string}:1`);
      expect(row.published_at).toBeInstanceOf(Date);
      // The code is row `seq` of its register book, a book of its own (a unit's earlier day).
      expect(row.reservation_key).toBe(`${row.reservation_scope as string}-${String(row.reservation_seq).padStart(4, '0')}`);
      expect(row.reservation_scope).toMatch(/^TRUCNINH-\d{6}$/);
      expect(row.reservation_scope).not.toBe(reference.reservation_scope);
      const response = (row.result as { response: { received: Row & { receiptSlip: Row } } }).response.received;
      expect(response.dossierId).toBe(row.stream_id);
      expect(response.dossierCode).toBe(row.reservation_key);
      expect(response.receiptSlip.registerBook).toBe(row.reservation_scope);
      expect(response.receiptSlip.registerRow).toBe(row.reservation_seq);
      // Nothing of the template's identity left in it.
      const text = JSON.stringify(row);
      for (const g of viaGrpc) {
        expect(text).not.toContain(g.dossierId);
        expect(text).not.toContain(g.dossierCode);
      }
    }
    // Two books: the first full at 3 (perBook), the second at 2; their counters as numbered appends leave them.
    const books = [...new Set(filled.map((r) => r.reservation_scope as string))];
    expect(books).toHaveLength(2);
    const seqs = await pool.query<{ scope: string; last: number }>(`SELECT scope, last FROM ${schema}.sequences WHERE scope = ANY($1)`, [
      books,
    ]);
    expect(Object.fromEntries(seqs.rows.map((r) => [r.scope, r.last]))).toEqual({ [books[0]]: 3, [books[1]]: 2 });

    const grpcEvents = await eventRows(grpcCommits.map((c) => c.stream_id as string));
    const filledEvents = await eventRows(filled.map((c) => c.stream_id as string));
    const typesOf = (rows: Row[], streamId: unknown) => rows.filter((e) => e.stream_id === streamId).map((e) => e.type);
    const refEvent = grpcEvents[0];
    for (const c of filled) expect(typesOf(filledEvents, c.stream_id)).toEqual(typesOf(grpcEvents, reference.stream_id));
    for (const e of filledEvents) {
      expect(Object.keys(e).filter((k) => e[k] === null)).toEqual(Object.keys(refEvent).filter((k) => refEvent[k] === null));
      expect(Object.keys(e.metadata as Row).sort()).toEqual(Object.keys(refEvent.metadata as Row).sort());
      const data = decodeEvent<Row>(e.type as string, e.data as Uint8Array);
      expect(shape(data)).toEqual(shape(decodeEvent(refEvent.type as string, refEvent.data as Uint8Array)));
      const commit = filled.find((c) => c.stream_id === e.stream_id) as Row;
      expect(e.commit_id).toBe(commit.commit_id);
      expect((e.metadata as Row).requestId).toBe(commit.request_id);
      if (e.type === 'onestop.intake.v1.DossierReceived') {
        expect(data.dossierId).toBe(e.stream_id);
        expect(data.dossierCode).toBe(commit.reservation_key);
        expect(data.registerBook).toBe(commit.reservation_scope);
        expect(data.registerRow).toBe(commit.reservation_seq);
      }
    }
    // Hash chains that `ops verify` accepts, for both kinds.
    const chain = (rows: Row[]): ChainEvent[] =>
      rows.map((e) => ({
        id: e.event_id as string,
        streamId: e.stream_id as string,
        version: e.version as number,
        type: e.type as string,
        recordedAt: e.recorded_at as Date,
        metadata: e.metadata as object,
        data: e.data as Uint8Array,
        prevHash: e.prev_hash as string,
        hash: e.hash as string,
      }));
    expect(verifyChain(chain(filledEvents))).toEqual([]);
    expect(verifyChain(chain(grpcEvents))).toEqual([]);

    // Intake serves a filled dossier by its code, and answers a retry of its request from the record.
    const one = filled[0];
    const byCode = await call(
      client.getDossier.bind(client),
      { key: { $case: 'dossierCode', dossierCode: one.reservation_key as string } },
      { token: desk },
    );
    expect(byCode.dossier?.dossierId).toBe(one.stream_id);
    const retried = await call(client.submitDossier.bind(client), householdBusiness({ requestId: one.request_id as string }), {
      token: desk,
    });
    expect(retried.outcome?.$case === 'received' && retried.outcome.received.dossierCode).toBe(one.reservation_key);

    // Today's register goes on where gRPC left it; nothing filled waits in the outbox.
    const next = await submit();
    const last = viaGrpc[viaGrpc.length - 1].dossierCode;
    expect(next.dossierCode).toBe(`${last.slice(0, -4)}${String(Number(last.slice(-4)) + 1).padStart(4, '0')}`);
    const pendingFilled = await pool.query(`SELECT 1 FROM ${schema}.commits WHERE request_id LIKE 'fill-spec-%' AND published_at IS NULL`);
    expect(pendingFilled.rowCount).toBe(0);
    expect((await outboxState(pool, schema)).parked).toEqual([]);
  });
});
