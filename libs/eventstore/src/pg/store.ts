// The event store on PostgreSQL: one schema per service, one statement (one transaction) per
// append, and the unique constraints decide concurrency, duplicate requests and reservations.
import { randomBytes } from 'node:crypto';
import { DatabaseError, type Pool } from 'pg';
import { computeEventHash } from '../hash';
import {
  ConcurrencyError,
  DuplicateRequestError,
  EventStoreArgumentError,
  ReservationTakenError,
  UnidentifiedConflictError,
} from '../errors';
import type {
  AppendOptions,
  AppendResult,
  Commit,
  EventStore,
  EventToAppend,
  ExpectedVersion,
  NumberedAppend,
  NumberedAppendOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamHead,
} from '../types';
import { assertStreamId, requiredText, validateAppend, type ValidAppend } from '../validation';
import { COMMIT_COLUMNS, EVENT_COLUMNS, encodeResult, toCommit, toRecordedEvent, type CommitRow, type EventRow } from './rows';
import { commitChannel, migrate, statementName, validSchemaName } from './schema';
import { PgOutbox, type CommitOrigin } from './outbox';
import { NumberedAppender, validateNumbered } from './numbered';

export interface PostgresEventStoreOptions {
  /** The service's own schema, e.g. 'intake' (created at ensureSchema()). */
  schema: string;
  /** The producing service, stored on every event and sent as ce_source (e.g. 'onestop.intake'). */
  source: string;
  clock?: () => Date;
}

/** An event as stored, with its global position and commit (audits, rebuilds, migrations). */
export interface StoredEvent {
  position: number;
  commitId: string;
  event: RecordedEvent;
  /** Whether the relay got the broker's acknowledgement for its commit. */
  published: boolean;
}

/** How often an append with expectedVersion 'any' re-reads the stream after losing a race. */
const MAX_ANY_ATTEMPTS = 20;
/** Rows per query of readAll / readStoredEvents. */
const READ_BATCH = 1000;
/** The head of a stream without events. */
const EMPTY_HEAD: StreamHead = { version: 0, hash: '' };

/**
 * Event store on PostgreSQL (see libs/eventstore/README.md for the tables). An append takes the
 * stream's head from the caller (or an empty one for a new stream) or reads it by index with
 * whether the request id was already answered, then writes the commit row, its event rows and a
 * NOTIFY in one INSERT statement, only where they link to the stream's last event: one transaction. A concurrent
 * append at the same version, a reused request id or a taken reservation key is rejected by a
 * unique constraint (SQLSTATE 23505) and reported as the typed error its constraint name means.
 */
export class PostgresEventStore implements EventStore {
  readonly schema: string;
  readonly outbox: PgOutbox;
  private readonly source: string;
  private readonly clock: () => Date;
  private readonly sql: ReturnType<typeof statements>;
  private readonly numbered: NumberedAppender;
  /** This instance's token in its commits' NOTIFY payloads (parseCommitNotice). */
  readonly writer = randomBytes(6).toString('hex');

  constructor(
    readonly pool: Pool,
    options: PostgresEventStoreOptions,
  ) {
    if (typeof options?.source !== 'string' || options.source.trim() === '') {
      throw new EventStoreArgumentError('options.source', "must name the producing service, e.g. 'onestop.intake'");
    }
    this.schema = validSchemaName(options.schema);
    this.source = options.source;
    this.clock = options.clock ?? (() => new Date());
    this.sql = statements(this.schema);
    this.outbox = new PgOutbox(pool, this.schema, this.writer);
    this.numbered = new NumberedAppender(pool, this.schema, {
      source: this.source,
      writer: this.writer,
      build: (a, version, hash) => this.build(a, version, hash),
      explain: (a, commit, err) => this.explain(a, commit, err),
    });
  }

  /** Creates the schema, tables and indexes (idempotent; safe with several instances starting). */
  async ensureSchema(): Promise<void> {
    await migrate(this.pool, this.schema);
  }

  async append(streamId: string, events: EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    const a = validateAppend(streamId, events, options);
    for (let attempt = 1; ; attempt++) {
      // The head as the caller read it, or an empty stream's: no read before the write. A stream
      // that moved on, or a request already recorded, fails the write on its unique keys instead
      // and comes out of explain() as the same typed error.
      const known = attempt === 1 ? (a.head ?? (a.expectedVersion === 'no_stream' || a.expectedVersion === 0 ? EMPTY_HEAD : null)) : null;
      const { version: current, hash } = known ?? (await this.readHead(a));
      const commit = this.build(a, current, hash);
      try {
        const written = await this.pool.query({
          name: statementName(this.schema, 'append'),
          text: this.sql.append,
          values: appendValues(commit, a, commitChannel(this.schema), this.writer),
        });
        if (written.rowCount === 1) return commit;
        // No link to the event before: the stream is not where the append expected it.
        const actual = await this.readHead({ ...a, expectedVersion: 'any' });
        if (actual.version !== current || a.head === null) throw new ConcurrencyError(a.streamId, a.expectedVersion, actual.version);
        throw new EventStoreArgumentError('options.head.hash', `is not the hash of event ${current} of stream ${a.streamId}`);
      } catch (err) {
        if (!(err instanceof DatabaseError) || err.code !== '23505') throw err;
        await this.explain(a, commit, err);
        if (attempt >= MAX_ANY_ATTEMPTS) throw new ConcurrencyError(a.streamId, a.expectedVersion, await this.streamVersion(a.streamId));
      }
    }
  }

  /** The stream's head read from the store; a request already recorded, or a head the append does not expect, throws. */
  private async readHead(a: ValidAppend): Promise<StreamHead> {
    const head = await this.pool.query<{ version: number | null; hash: string | null; request_commit: string | null }>({
      name: statementName(this.schema, 'head'),
      text: this.sql.head,
      values: [a.streamId, a.requestId],
    });
    const { version, hash, request_commit } = head.rows[0];
    if (request_commit !== null) throw await this.duplicate(request_commit, a.requestId as string);
    const current = version ?? 0;
    if (!versionMatches(a.expectedVersion, current)) throw new ConcurrencyError(a.streamId, a.expectedVersion, current);
    return { version: current, hash: hash ?? '' };
  }

  /**
   * The commit `numbered.build` makes for the scope's next number, in one transaction with the
   * scope's counter (pg/numbered.ts): concurrent appends of a scope are written together, and
   * several instances wait for the counter's row instead of colliding.
   */
  async appendNumbered(streamId: string, numbered: NumberedAppend, options: NumberedAppendOptions): Promise<AppendResult | null> {
    validateNumbered(numbered);
    // The options are checked before the append waits for its scope (the events come later, from the build).
    validateAppend(streamId, [{ type: 'options.check', data: new Uint8Array() }], options);
    return this.numbered.append(streamId, numbered, options);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    assertStreamId(streamId);
    const fromVersion = options.fromVersion ?? 1;
    if (!Number.isSafeInteger(fromVersion) || fromVersion < 1)
      throw new EventStoreArgumentError('options.fromVersion', 'must be an integer >= 1');
    const upTo = options.upTo;
    if (upTo !== undefined && !(upTo instanceof Date && !Number.isNaN(upTo.getTime())))
      throw new EventStoreArgumentError('options.upTo', 'must be a valid Date');
    if (upTo === undefined) {
      const rows = await this.pool.query<EventRow>({
        name: statementName(this.schema, 'read'),
        text: this.sql.read,
        values: [streamId, fromVersion],
      });
      return rows.rows.map(toRecordedEvent);
    }
    // As of `upTo`: the prefix of the stream up to the first event recorded after it.
    const rows = await this.pool.query<EventRow>({
      name: statementName(this.schema, 'readAsOf'),
      text: this.sql.readAsOf,
      values: [streamId, fromVersion, upTo],
    });
    return rows.rows.map(toRecordedEvent);
  }

  /**
   * The stream and the request id's commit in one statement (one snapshot, one round trip): every
   * row carries the request's commit id (an uncorrelated subquery, evaluated once); a stream with
   * no events gives one row without an event. The commit itself is read only when there is one
   * (a retried request: rare).
   */
  async readForCommand(streamId: string, requestId: string): Promise<{ events: RecordedEvent[]; request: Commit | null }> {
    assertStreamId(streamId);
    requiredText(requestId, 'requestId');
    const r = await this.pool.query<Nullable<EventRow> & { request_commit: string | null }>({
      name: statementName(this.schema, 'readForCommand'),
      text: this.sql.readForCommand,
      values: [streamId, requestId],
    });
    const events: RecordedEvent[] = [];
    for (const row of r.rows) if (row.version !== null) events.push(toRecordedEvent(row as EventRow));
    const requestCommit = r.rows[0]?.request_commit ?? null;
    return { events, request: requestCommit === null ? null : await this.commitWhere('commit_id', requestCommit) };
  }

  async streamVersion(streamId: string): Promise<number> {
    assertStreamId(streamId);
    const r = await this.pool.query<{ version: number | null }>({
      name: statementName(this.schema, 'version'),
      text: this.sql.version,
      values: [streamId],
    });
    return r.rows[0]?.version ?? 0;
  }

  async findByRequestId(requestId: string): Promise<Commit | null> {
    requiredText(requestId, 'requestId');
    return this.commitWhere('request_id', requestId);
  }

  async findByReservation(key: string): Promise<Commit | null> {
    requiredText(key, 'key');
    return this.commitWhere('reservation_key', key);
  }

  async maxReservedSeq(scope: string): Promise<number> {
    requiredText(scope, 'scope');
    const r = await this.pool.query<{ seq: number | null }>({
      name: statementName(this.schema, 'maxSeq'),
      text: this.sql.maxSeq,
      values: [scope],
    });
    return r.rows[0]?.seq ?? 0;
  }

  async listStreamIds(): Promise<string[]> {
    const r = await this.pool.query<{ stream_id: string }>(`SELECT DISTINCT stream_id FROM ${this.schema}.events ORDER BY stream_id`);
    return r.rows.map((row) => row.stream_id);
  }

  /** Every event by stream id then version, read in batches along the (stream, version) index. */
  async *readAll(): AsyncIterable<RecordedEvent> {
    let after: [string, number] = ['', 0];
    for (;;) {
      const r = await this.pool.query<EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM ${this.schema}.events WHERE (stream_id, version) > ($1, $2) ORDER BY stream_id, version LIMIT ${READ_BATCH}`,
        after,
      );
      for (const row of r.rows) yield toRecordedEvent(row);
      if (r.rows.length < READ_BATCH) return;
      const last = r.rows[r.rows.length - 1];
      after = [last.stream_id, last.version];
    }
  }

  /**
   * Every event with its global position, its commit and whether that was published — for
   * audits (`by: 'stream'`: stream id then version, the default) and for rebuilds and migrations
   * (`by: 'position'`: the order they were stored, from `afterPosition` on). Read in batches along
   * an index, never all at once.
   */
  async *readStoredEvents(options: { by?: 'stream' | 'position'; afterPosition?: number } = {}): AsyncIterable<StoredEvent> {
    const byPosition = options.by === 'position';
    let after: unknown[] = byPosition ? [options.afterPosition ?? 0] : ['', 0];
    const where = byPosition ? 'e.position > $1' : '(e.stream_id, e.version) > ($1, $2)';
    const order = byPosition ? 'e.position' : 'e.stream_id, e.version';
    for (;;) {
      const r = await this.pool.query<EventRow & { position: string; commit_id: string; published: boolean }>(
        `SELECT e.position, e.commit_id, c.published_at IS NOT NULL AS published, ${prefixed('e', EVENT_COLUMNS)}
           FROM ${this.schema}.events e LEFT JOIN ${this.schema}.commits c ON c.commit_id = e.commit_id
          WHERE ${where} ORDER BY ${order} LIMIT ${READ_BATCH}`,
        after,
      );
      for (const row of r.rows)
        yield { position: Number(row.position), commitId: row.commit_id, published: row.published, event: toRecordedEvent(row) };
      if (r.rows.length < READ_BATCH) return;
      const last = r.rows[r.rows.length - 1];
      after = byPosition ? [Number(last.position)] : [last.stream_id, last.version];
    }
  }

  /** Calls `onCommit` after each commit to this schema (LISTEN); see PgOutbox.listen. */
  listen(
    onCommit: (streamId: string, origin: CommitOrigin) => void,
    onError?: (err: unknown) => void,
  ): Promise<{ close(): Promise<void> }> {
    return this.outbox.listen(onCommit, onError);
  }

  private async commitWhere(column: 'request_id' | 'reservation_key' | 'commit_id', value: string): Promise<Commit | null> {
    const r = await this.pool.query<CommitRow>({
      name: statementName(this.schema, `commitBy_${column}`),
      text: `SELECT ${COMMIT_COLUMNS} FROM ${this.schema}.commits WHERE ${column} = $1`,
      values: [value],
    });
    if (r.rows.length === 0) return null;
    return (await this.commitsWithEvents(r.rows))[0];
  }

  /** The commits with their events (read by the (stream, version) index). */
  private async commitsWithEvents(rows: CommitRow[]): Promise<Commit[]> {
    if (rows.length === 0) return [];
    const events = await this.pool.query<EventRow>(
      `SELECT ${prefixed('e', EVENT_COLUMNS)} FROM unnest($1::text[], $2::int[], $3::int[]) AS r(stream_id, first_version, last_version)
         JOIN ${this.schema}.events e ON e.stream_id = r.stream_id AND e.version BETWEEN r.first_version AND r.last_version
        ORDER BY e.stream_id, e.version`,
      [rows.map((c) => c.stream_id), rows.map((c) => c.first_version), rows.map((c) => c.last_version)],
    );
    const byStream = new Map<string, RecordedEvent[]>();
    for (const e of events.rows.map(toRecordedEvent)) byStream.set(e.streamId, [...(byStream.get(e.streamId) ?? []), e]);
    return rows.map((c) =>
      toCommit(
        c,
        (byStream.get(c.stream_id) ?? []).filter((e) => e.version >= c.first_version && e.version <= c.last_version),
      ),
    );
  }

  private async duplicate(commitId: string, requestId: string): Promise<DuplicateRequestError> {
    const c = (await this.commitWhere('commit_id', commitId)) as Commit;
    return new DuplicateRequestError(requestId, c.streamId, c.commitId, c.events, c.result);
  }

  /**
   * A unique constraint rejected the insert: throws the typed error it means, or returns when an
   * 'any' append should re-read the head and try again. A reused request id is looked up first
   * (a retry racing its first attempt gets the first answer, not a concurrency error).
   */
  private async explain(a: ValidAppend, commit: Commit, err: DatabaseError): Promise<void> {
    if (a.requestId !== null) {
      const holder = await this.commitWhere('request_id', a.requestId);
      if (holder) throw new DuplicateRequestError(a.requestId, holder.streamId, holder.commitId, holder.events, holder.result);
    }
    switch (err.constraint) {
      case 'commits_pkey':
      case 'events_stream_version_uq':
        if (a.expectedVersion === 'any') return;
        throw new ConcurrencyError(a.streamId, a.expectedVersion, await this.streamVersion(a.streamId));
      case 'commits_reservation_key_uq':
        if (a.reservation) throw new ReservationTakenError(a.reservation.key, a.reservation.scope);
        break;
      case 'events_event_id_uq': {
        const i = commit.events.findIndex((e) => err.detail?.includes(e.id));
        throw new EventStoreArgumentError(`events[${Math.max(i, 0)}].id`, 'is the id of an event already recorded');
      }
    }
    throw new UnidentifiedConflictError(commit.commitId, err);
  }

  /** The commit as it will be stored: versions, recorded time and hash chain. */
  private build(a: ValidAppend, headVersion: number, headHash: string): Commit {
    const now = this.now();
    const firstVersion = headVersion + 1;
    let prevHash = headHash;
    const events = a.events.map((e, i): RecordedEvent => {
      const version = firstVersion + i;
      const hash = computeEventHash({ ...e, streamId: a.streamId, version, recordedAt: now, metadata: a.metadata, prevHash });
      const recorded = {
        id: e.id,
        streamId: a.streamId,
        version,
        type: e.type,
        data: e.data,
        recordedAt: now,
        metadata: a.metadata,
        prevHash,
        hash,
        source: this.source,
      };
      prevHash = hash;
      return recorded;
    });
    return {
      commitId: `${a.streamId}:${firstVersion}`,
      streamId: a.streamId,
      firstVersion,
      lastVersion: firstVersion + events.length - 1,
      events,
      recordedAt: now,
      requestId: a.requestId,
      result: a.result,
      reservation: a.reservation,
      publishedAt: null,
    };
  }

  private now(): Date {
    const t = this.clock();
    if (!(t instanceof Date) || Number.isNaN(t.getTime())) throw new Error('event store clock returned an invalid Date');
    return t;
  }
}

function statements(s: string) {
  return {
    head: `SELECT h.version, h.hash, r.commit_id AS request_commit FROM (SELECT 1) AS one
             LEFT JOIN LATERAL (SELECT version, hash FROM ${s}.events WHERE stream_id = $1 ORDER BY version DESC LIMIT 1) h ON true
             LEFT JOIN LATERAL (SELECT commit_id FROM ${s}.commits WHERE request_id = $2) r ON true`,
    // Written only where the first event's prev_hash is the hash of the stream's event before it
    // (or '' for a stream's first event): a head given by the caller can never break the chain. A
    // version taken meanwhile still fails on the unique keys; no row back means no link.
    append: `WITH c AS (
               INSERT INTO ${s}.commits (commit_id, stream_id, first_version, last_version, recorded_at, source, request_id, result, reservation_key, reservation_scope, reservation_seq)
               SELECT $1::text, $2::text, $3::int, $4::int, $5::timestamptz, $6::text, $7::text, $8::jsonb, $9::text, $10::text, $11::int
                WHERE ($17::text[])[1] = COALESCE((SELECT hash FROM ${s}.events WHERE stream_id = $2::text AND version = $3::int - 1), '')
               RETURNING commit_id
             ), e AS (
               INSERT INTO ${s}.events (stream_id, version, event_id, type, data, metadata, recorded_at, prev_hash, hash, source, commit_id)
               SELECT $2, u.version, u.event_id, u.type, u.data, $12::jsonb, $5, u.prev_hash, u.hash, $6, $1
                 FROM unnest($13::int[], $14::text[], $15::text[], $16::bytea[], $17::text[], $18::text[]) AS u(version, event_id, type, data, prev_hash, hash)
                WHERE EXISTS (SELECT 1 FROM c)
             )
             SELECT pg_notify($19, $20 || ' ' || $2) FROM c`,
    read: `SELECT ${EVENT_COLUMNS} FROM ${s}.events WHERE stream_id = $1 AND version >= $2 ORDER BY version`,
    readAsOf: `SELECT ${EVENT_COLUMNS} FROM ${s}.events WHERE stream_id = $1 AND version >= $2
                 AND version < COALESCE((SELECT min(version) FROM ${s}.events WHERE stream_id = $1 AND recorded_at > $3), 2147483647)
               ORDER BY version`,
    readForCommand: `SELECT (SELECT commit_id FROM ${s}.commits WHERE request_id = $2) AS request_commit, ${prefixed('e', EVENT_COLUMNS)}
                       FROM (SELECT 1) AS one LEFT JOIN ${s}.events e ON e.stream_id = $1 ORDER BY e.version`,
    version: `SELECT max(version) AS version FROM ${s}.events WHERE stream_id = $1`,
    maxSeq: `SELECT max(reservation_seq) AS seq FROM ${s}.commits WHERE reservation_scope = $1`,
  };
}

function appendValues(c: Commit, a: ValidAppend, channel: string, writer: string): unknown[] {
  const ev = c.events;
  return [
    c.commitId,
    c.streamId,
    c.firstVersion,
    c.lastVersion,
    c.recordedAt,
    ev[0].source,
    a.requestId,
    encodeResult(a.result),
    a.reservation?.key ?? null,
    a.reservation?.scope ?? null,
    a.reservation?.seq ?? null,
    JSON.stringify(a.metadata),
    ev.map((e) => e.version),
    ev.map((e) => e.id),
    ev.map((e) => e.type),
    ev.map((e) => Buffer.from(e.data)),
    ev.map((e) => e.prevHash),
    ev.map((e) => e.hash),
    channel,
    writer,
  ];
}

type Nullable<T> = { [K in keyof T]: T[K] | null };

function versionMatches(expected: ExpectedVersion, actual: number): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === 0;
  return expected === actual;
}

function prefixed(alias: string, columns: string): string {
  return columns
    .split(', ')
    .map((c) => `${alias}.${c}`)
    .join(', ');
}
