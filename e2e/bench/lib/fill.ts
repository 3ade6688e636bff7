// Fills intake's event store fast, for the "command p50 at 1k vs 100k stored commits" row, with
// commits that are what intake's own SubmitDossier commits are: same tables and columns, one
// stream per dossier, the DossierReceived event (and whatever else the template commit holds)
// encoded by the contracts' codec, the hash chain, the request record with its answer, the
// reservation (dossier code) with its gap-free sequence row, and the outbox row marked published
// (the relay leaves it; nothing floods Kafka).
//
// How: a few dossiers are submitted through gRPC first (the templates, written by intake itself).
// Each filled commit is a template with what makes a receipt unique replaced: a new dossier id,
// event ids, request id, correlation and trace ids, and a code of a register book (a unit's day)
// of its own, going back one week at a time from last week — every time in it (recorded, received,
// due, …) moved back by those whole weeks, so weekdays and hours stay those intake computed. The
// rows go in through libs/eventstore's `importCommits` (one transaction, `unnest` inserts); the
// books' `sequences` rows are written first (each book is the fill's alone), as a numbered append
// would have left them. e2e/bench/fill.e2e.spec.ts compares filled and gRPC-written rows.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { decodeEvent, encodeEvent } from '@onestop/contracts';
import { computeEventHash, importCommits, PostgresEventStore, type Commit, type RecordedEvent } from '@onestop/eventstore';

const WEEK_MS = 7 * 24 * 3600 * 1000;
/** Commits written by one importCommits call (one transaction). */
const BATCH = 1_000;

/** A receipt commit written by intake through gRPC, and what identifies it. */
interface Template {
  commit: Commit;
  /** Its events' payloads, decoded once. */
  decoded: unknown[];
  dossierId: string;
  code: string;
  book: string;
  seq: number;
}

export interface FillOptions {
  /** Receipts a register book (a unit's day) holds; at most 9,999 (the code's four digits). */
  perBook?: number;
  /** Prefix of the filled commits' request ids. */
  requestPrefix?: string;
}

/** The schema's stored commits (every append intake made or was given). */
export async function countCommits(pool: Pool, schema: string): Promise<number> {
  const r = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${schema}.commits`);
  return Number(r.rows[0].n);
}

export class CommitFiller {
  private readonly templates: Template[] = [];
  private week = 0;
  private seqInBook = 0;
  private made = 0;
  private readonly perBook: number;
  private readonly requestPrefix: string;

  private constructor(
    private readonly pool: Pool,
    private readonly schema: string,
    options: FillOptions,
  ) {
    this.perBook = Math.min(9_999, Math.max(1, options.perBook ?? 1_000));
    this.requestPrefix = options.requestPrefix ?? `fill-${Date.now().toString(36)}`;
  }

  /**
   * The filler for intake's schema, its templates the latest `templates` receipts in it (commits
   * with a reservation, written by intake: submit some through gRPC first).
   */
  static async from(pool: Pool, schema: string, templates = 8, options: FillOptions = {}): Promise<CommitFiller> {
    const filler = new CommitFiller(pool, schema, options);
    const store = new PostgresEventStore(pool, { schema, source: 'onestop.intake' });
    const r = await pool.query<{ request_id: string }>(
      `SELECT request_id FROM ${schema}.commits WHERE reservation_key IS NOT NULL AND request_id IS NOT NULL
        ORDER BY position DESC LIMIT $1`,
      [templates],
    );
    for (const { request_id } of r.rows) {
      const commit = await store.findByRequestId(request_id);
      if (!commit?.reservation || commit.firstVersion !== 1) continue;
      const { key, scope, seq } = commit.reservation;
      const decoded = commit.events.map((e) => decodeEvent(e.type, e.data));
      filler.templates.push({ commit, decoded, dossierId: commit.streamId, code: key, book: scope, seq });
    }
    if (filler.templates.length === 0) throw new Error(`no receipt in ${schema}.commits to fill from: submit some through gRPC first`);
    return filler;
  }

  /** Writes `count` more receipts; resolves with how many rows went in. */
  async fill(count: number, deadlineMs = Infinity): Promise<number> {
    let written = 0;
    let made = 0;
    // One batch written while the next is made (the bench's CPU and PostgreSQL's overlap).
    let writing: Promise<number> = Promise.resolve(0);
    while (made < count && Date.now() < deadlineMs) {
      const batch: Commit[] = [];
      while (batch.length < Math.min(BATCH, count - made)) batch.push(this.next());
      made += batch.length;
      written += await writing;
      writing = this.write(batch);
    }
    return written + (await writing);
  }

  private async write(batch: Commit[]): Promise<number> {
    const books = new Map<string, number>();
    for (const c of batch) books.set(c.reservation!.scope, Math.max(books.get(c.reservation!.scope) ?? 0, c.reservation!.seq));
    // The books' counters first, as a numbered append leaves them (each book is the fill's alone).
    await this.pool.query(
      `INSERT INTO ${this.schema}.sequences (scope, last) SELECT * FROM unnest($1::text[], $2::int[])
       ON CONFLICT (scope) DO UPDATE SET last = GREATEST(${this.schema}.sequences.last, EXCLUDED.last)`,
      [[...books.keys()], [...books.values()]],
    );
    const r = await importCommits(this.pool, this.schema, batch);
    if (r.commits !== batch.length)
      throw new Error(`fill: ${batch.length - r.commits} of ${batch.length} commits clashed with stored rows`);
    return r.commits;
  }

  /** The next receipt: a template with a new dossier, request and code, moved back by whole weeks. */
  private next(): Commit {
    if (this.seqInBook === 0 || this.seqInBook >= this.perBook) {
      this.week++;
      this.seqInBook = 0;
    }
    const seq = ++this.seqInBook;
    const t = this.templates[this.made % this.templates.length];
    this.made++;
    const shift = -this.week * WEEK_MS;
    const dossierId = randomUUID();
    const book = moveBook(t.book, shift);
    const code = `${book}-${String(seq).padStart(4, '0')}`;
    const swap: Swap = { from: t, dossierId, code, book, seq, shift };
    const requestId = `${this.requestPrefix}-${this.made}`;
    let prevHash = '';
    const events: RecordedEvent[] = t.commit.events.map((e, i) => {
      const data = encodeEvent(e.type, rewrite(t.decoded[i], swap));
      const metadata = {
        ...e.metadata,
        requestId,
        correlationId: randomUUID(),
        ...(e.metadata.traceparent ? { traceparent: newTraceparent(e.metadata.traceparent) } : {}),
      };
      const event = {
        id: randomUUID(),
        streamId: dossierId,
        version: e.version,
        type: e.type,
        data,
        recordedAt: new Date(e.recordedAt.getTime() + shift),
        metadata,
        prevHash,
        source: e.source,
      };
      const hash = computeEventHash(event);
      prevHash = hash;
      return { ...event, hash };
    });
    const recordedAt = new Date(t.commit.recordedAt.getTime() + shift);
    return {
      commitId: `${dossierId}:${t.commit.firstVersion}`,
      streamId: dossierId,
      firstVersion: t.commit.firstVersion,
      lastVersion: t.commit.lastVersion,
      events,
      recordedAt,
      requestId,
      result: rewrite(t.commit.result, swap),
      reservation: { key: code, scope: book, seq },
      // Published as the relay would have marked it (its publishedAt - recordedAt of the template).
      publishedAt: new Date((t.commit.publishedAt ?? t.commit.recordedAt).getTime() + shift),
    };
  }
}

interface Swap {
  from: Template;
  dossierId: string;
  code: string;
  book: string;
  seq: number;
  shift: number;
}

/** `<unit>-YYMMDD` moved by `shift` ms (whole weeks, so the Vietnam day moves by as many days). */
function moveBook(book: string, shift: number): string {
  const m = /^(.*)-(\d{2})(\d{2})(\d{2})$/.exec(book);
  if (!m) throw new Error(`register book "${book}" is not <unit>-YYMMDD`);
  const day = new Date(Date.UTC(2000 + Number(m[2]), Number(m[3]) - 1, Number(m[4])) + shift);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${m[1]}-${two(day.getUTCFullYear() % 100)}${two(day.getUTCMonth() + 1)}${two(day.getUTCDate())}`;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/**
 * The template's value with the receipt's identity replaced: its dossier id, code and register
 * book (strings equal to them), its register row (fields named registerRow), and every instant
 * (Dates, ISO strings) moved by the shift.
 */
function rewrite(value: unknown, s: Swap, key = ''): unknown {
  if (value instanceof Date) return new Date(value.getTime() + s.shift);
  if (typeof value === 'string') {
    if (value === s.from.dossierId) return s.dossierId;
    if (value === s.from.code) return s.code;
    if (value === s.from.book) return s.book;
    if (ISO_INSTANT.test(value)) return new Date(Date.parse(value) + s.shift).toISOString();
    return value;
  }
  if (typeof value === 'number' && key === 'registerRow') return s.seq;
  if (value instanceof Uint8Array) return value;
  if (Array.isArray(value)) return value.map((v) => rewrite(v, s));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = rewrite(v, s, k);
    return out;
  }
  return value;
}

/** A W3C traceparent with new trace and span ids, the template's version and flags. */
function newTraceparent(template: string): string {
  const parts = template.split('-');
  if (parts.length !== 4) return template;
  return `${parts[0]}-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-${parts[3]}`;
}
