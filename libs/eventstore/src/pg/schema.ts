// The tables of one service's event store in its own PostgreSQL schema, created and upgraded at
// start by numbered migrations recorded in `<schema>.migrations` (idempotent; concurrent starts
// of several instances serialize on an advisory lock).
import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { EventStoreArgumentError } from '../errors';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** A schema name safe to splice into SQL (lowercase letters, digits, underscores). */
export function validSchemaName(schema: unknown, field = 'options.schema'): string {
  if (typeof schema !== 'string' || !SCHEMA_NAME.test(schema)) {
    throw new EventStoreArgumentError(
      field,
      'must be a PostgreSQL schema name: lowercase letters, digits and _, at most 63, not starting with a digit',
    );
  }
  return schema;
}

/**
 * The name of a prepared statement of this schema: short whatever the schema's length (PostgreSQL
 * cuts names at 63 bytes, and two statements cut to the same name would clash).
 */
export function statementName(schema: string, statement: string): string {
  return `es_${createHash('sha1').update(schema).digest('hex').slice(0, 12)}_${statement}`;
}

/** The NOTIFY channel an append signals on after commit (one per schema; short, like statement names). */
export function commitChannel(schema: string): string {
  return statementName(schema, 'commits');
}

/**
 * A commit's NOTIFY payload is `<writer> <stream id>`: the writer is a token of the store instance
 * (the process) that appended, so a relay can tell its own commits from another instance's (whose
 * relay publishes them). A stream id has no whitespace; a payload without a writer (e.g. `ops
 * outbox retry`) is the bare stream id and concerns any relay.
 */
export function parseCommitNotice(payload: string): { writer: string | null; streamId: string } {
  const space = payload.indexOf(' ');
  if (space < 0) return { writer: null, streamId: payload };
  return { writer: payload.slice(0, space), streamId: payload.slice(space + 1) };
}

/**
 * Migration 1. `commits` holds one row per append (the request id, the answer, the reservation,
 * and the outbox state: published_at / parked_at); `events` one row per event. The unique
 * constraints are what decide an append (see PostgresEventStore.append); their names are how an
 * error is told apart. Text keys use the "C" collation so that ordering matches JavaScript's.
 */
const V1 = (s: string) => `
CREATE TABLE ${s}.commits (
  commit_id text COLLATE "C" NOT NULL CONSTRAINT commits_pkey PRIMARY KEY,
  position bigint GENERATED ALWAYS AS IDENTITY,
  stream_id text COLLATE "C" NOT NULL,
  first_version integer NOT NULL,
  last_version integer NOT NULL,
  recorded_at timestamptz NOT NULL,
  source text NOT NULL,
  request_id text COLLATE "C" CONSTRAINT commits_request_id_uq UNIQUE,
  result jsonb,
  reservation_key text COLLATE "C" CONSTRAINT commits_reservation_key_uq UNIQUE,
  reservation_scope text COLLATE "C",
  reservation_seq integer,
  published_at timestamptz,
  parked_at timestamptz,
  park_reason text
);
CREATE INDEX commits_reservation_scope_seq ON ${s}.commits (reservation_scope, reservation_seq) WHERE reservation_scope IS NOT NULL;
CREATE INDEX commits_pending ON ${s}.commits (position) WHERE published_at IS NULL AND parked_at IS NULL;
CREATE INDEX commits_unpublished_stream ON ${s}.commits (stream_id, first_version) WHERE published_at IS NULL;
CREATE INDEX commits_parked ON ${s}.commits (stream_id) WHERE parked_at IS NOT NULL AND published_at IS NULL;
CREATE TABLE ${s}.events (
  position bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT events_pkey PRIMARY KEY,
  stream_id text COLLATE "C" NOT NULL,
  version integer NOT NULL,
  event_id text COLLATE "C" NOT NULL CONSTRAINT events_event_id_uq UNIQUE,
  type text NOT NULL,
  data bytea NOT NULL,
  metadata jsonb NOT NULL,
  recorded_at timestamptz NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  source text NOT NULL,
  commit_id text COLLATE "C" NOT NULL,
  CONSTRAINT events_stream_version_uq UNIQUE (stream_id, version)
);
`;

/**
 * Migration 2. `sequences` holds the last number given in each scope of numbered appends (e.g. a
 * unit's dossier codes of one day): one row per scope, locked only for the tail of the append that
 * takes the next number, so numbers are gap-free and unique without a look-up that serialises
 * every writer (see pg/numbered.ts). A missing row starts at the highest seq already reserved in
 * the scope (reservations made before this table, or by plain appends).
 */
const V2 = (s: string) => `
CREATE TABLE ${s}.sequences (
  scope text COLLATE "C" NOT NULL CONSTRAINT sequences_pkey PRIMARY KEY,
  last integer NOT NULL
);
`;

const MIGRATIONS: ((schema: string) => string)[] = [V1, V2];

const guarded = new WeakSet<PoolClient>();

/**
 * A client of the pool for a transaction. node-postgres emits 'error' on a client whose server
 * goes away, and the pool listens only while the client is idle: a client checked out at that
 * moment (PostgreSQL restarted mid-flush) had nobody listening, and the unhandled 'error' killed
 * the process. Each client gets one listener for its lifetime; the queries in flight and after
 * are rejected with the error anyway, and the caller releases the client with it (discarded).
 */
export async function checkout(pool: Pool): Promise<PoolClient> {
  const client = await pool.connect();
  if (!guarded.has(client)) {
    guarded.add(client);
    client.on('error', () => undefined);
  }
  return client;
}

/** Numbered migrations of one owner's tables in a schema. */
export interface SchemaMigrations {
  /** The table (in the schema) that records which versions are applied, e.g. `migrations`. */
  table: string;
  /** Names the advisory lock that lets several instances start together. */
  lock: string;
  /** Version i + 1: SQL for the schema. */
  steps: readonly ((schema: string) => string)[];
}

/** The event store's own tables: versions recorded in `<schema>.migrations`. */
const EVENT_STORE_MIGRATIONS: SchemaMigrations = { table: 'migrations', lock: 'onestop.eventstore.migrate', steps: MIGRATIONS };

/** Creates the schema and applies the event store's migrations it lacks, in one transaction. */
export function migrate(pool: Pool, schema: string): Promise<void> {
  return applyMigrations(pool, schema, EVENT_STORE_MIGRATIONS);
}

/**
 * Creates the schema and applies the versions of `m` it lacks, in one transaction, under an
 * advisory lock (so concurrent starts take turns and each version is applied once). A service that
 * keeps tables of its own next to its event store numbers them with its own `table` and `lock`.
 */
export async function applyMigrations(pool: Pool, schema: string, m: SchemaMigrations): Promise<void> {
  validSchemaName(schema);
  const client = await checkout(pool);
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1), 0)', [`${m.lock}.${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${schema}.${m.table} (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const applied = new Set(
      (await client.query<{ version: number }>(`SELECT version FROM ${schema}.${m.table}`)).rows.map((r) => r.version),
    );
    for (const [i, sql] of m.steps.entries()) {
      if (applied.has(i + 1)) continue;
      await client.query(sql(schema));
      await client.query(`INSERT INTO ${schema}.${m.table} (version) VALUES ($1)`, [i + 1]);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
