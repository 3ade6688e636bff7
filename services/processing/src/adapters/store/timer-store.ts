// Durable deadline timers: one row per deadline alert in processing's own PostgreSQL schema (the
// event store's), `timer_id` = the timer id (`${dossierId}:${kind}:${dueAt ISO}`). Scheduling is
// an insert that an existing id turns into a no-op, so every path may schedule the same alert;
// settling only ever moves a pending timer. The runner's question — pending timers due by now,
// earliest first — is answered from a partial index of the pending ones, so it costs the same
// with ten timers as with a district's year of them. (They were documents in the document store
// before, where FerretDB 1.24 answered that question by decoding every pending timer, every second;
// `moveTimersFromDocumentStore` carries those over once.)
import type { Db } from 'mongodb';
import type { Pool } from 'pg';
import { applyMigrations, type SchemaMigrations, validSchemaName } from '@onestop/eventstore';
import type { DeadlineTimer, PendingTimerCount, TimerOutcome, TimerStore } from '../../application/ports';

const KINDS = [
  { alert: 'due_soon', deadline: 'dossier' },
  { alert: 'overdue', deadline: 'dossier' },
  { alert: 'due_soon', deadline: 'step' },
  { alert: 'overdue', deadline: 'step' },
] as const;

export type TimerState = 'pending' | TimerOutcome;

/** A stored timer with what became of it. */
export interface StoredTimer extends DeadlineTimer {
  state: TimerState;
  scheduledAt: Date;
  settledAt: Date | null;
  note: string;
}

/** The columns of `timers`: name, SQL type, and the field of a timer each holds (the query aliases). */
type Field = readonly [column: string, type: 'text' | 'timestamptz', field: keyof StoredTimer];
const TIMER_FIELDS: readonly Field[] = [
  ['timer_id', 'text', 'id'],
  ['dossier_id', 'text', 'dossierId'],
  ['kind', 'text', 'kind'],
  ['alert', 'text', 'alert'],
  ['deadline', 'text', 'deadline'],
  ['step_code', 'text', 'stepCode'],
  ['due_at', 'timestamptz', 'dueAt'],
  ['fire_at', 'timestamptz', 'fireAt'],
];
const FIELDS: readonly Field[] = [
  ...TIMER_FIELDS,
  ['state', 'text', 'state'],
  ['scheduled_at', 'timestamptz', 'scheduledAt'],
  ['settled_at', 'timestamptz', 'settledAt'],
  ['note', 'text', 'note'],
];
const selected = (fields: readonly Field[]): string => fields.map(([column, , field]) => `${column} AS "${field}"`).join(', ');

/** Processing's own tables next to its event store, numbered apart from the event store's. */
const TIMER_MIGRATIONS: SchemaMigrations = {
  table: 'processing_migrations',
  lock: 'onestop.processing.migrate',
  steps: [
    (s) => `
      CREATE TABLE IF NOT EXISTS ${s}.timers (
        timer_id text COLLATE "C" NOT NULL CONSTRAINT timers_pkey PRIMARY KEY,
        dossier_id text COLLATE "C" NOT NULL,
        kind text NOT NULL,
        alert text NOT NULL,
        deadline text NOT NULL,
        step_code text NOT NULL,
        due_at timestamptz NOT NULL,
        fire_at timestamptz NOT NULL,
        state text NOT NULL CONSTRAINT timers_state_ck CHECK (state IN ('pending', 'fired', 'obsolete')),
        scheduled_at timestamptz NOT NULL,
        settled_at timestamptz,
        note text NOT NULL DEFAULT ''
      );
      CREATE INDEX IF NOT EXISTS timers_pending_fire_at ON ${s}.timers (fire_at, timer_id) WHERE state = 'pending';
      CREATE INDEX IF NOT EXISTS timers_dossier ON ${s}.timers (dossier_id);`,
  ],
};

export class PgTimerStore implements TimerStore {
  private readonly table: string;

  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.table = `${validSchemaName(schema, 'PG_SCHEMA')}.timers`;
  }

  /** Creates the table and its indexes, numbered in `<schema>.processing_migrations` (concurrent starts take turns). */
  ensureSchema(): Promise<void> {
    return applyMigrations(this.pool, this.schema, TIMER_MIGRATIONS);
  }

  /** All of them in one statement; an id already stored keeps its row as it is. */
  async schedule(timers: DeadlineTimer[]): Promise<void> {
    const scheduledAt = this.clock();
    await this.insert(timers.map((t) => ({ ...t, state: 'pending' as const, scheduledAt, settledAt: null, note: '' })));
  }

  async due(now: Date, limit: number): Promise<DeadlineTimer[]> {
    const r = await this.pool.query<DeadlineTimer>(
      `SELECT ${selected(TIMER_FIELDS)} FROM ${this.table} WHERE state = 'pending' AND fire_at <= $1 ORDER BY fire_at, timer_id LIMIT $2`,
      [now, limit],
    );
    return r.rows;
  }

  /** Pending timers of each kind, and how many of them are past their fire time (one pass over the pending ones). */
  async countPending(now: Date): Promise<PendingTimerCount[]> {
    const r = await this.pool.query<{ alert: string; deadline: string; pending: string; late: string }>(
      `SELECT alert, deadline, count(*) AS pending, count(*) FILTER (WHERE fire_at <= $1) AS late
         FROM ${this.table} WHERE state = 'pending' GROUP BY alert, deadline`,
      [now],
    );
    return KINDS.map((k) => {
      const row = r.rows.find((x) => x.alert === k.alert && x.deadline === k.deadline);
      return { ...k, pending: Number(row?.pending ?? 0), late: Number(row?.late ?? 0) };
    });
  }

  async settle(id: string, outcome: TimerOutcome, at: Date, note: string): Promise<void> {
    await this.pool.query(`UPDATE ${this.table} SET state = $2, settled_at = $3, note = $4 WHERE timer_id = $1 AND state = 'pending'`, [
      id,
      outcome,
      at,
      note,
    ]);
  }

  /** A dossier's timers, settled ones included, by id. */
  async ofDossier(dossierId: string): Promise<StoredTimer[]> {
    const r = await this.pool.query<StoredTimer>(`SELECT ${selected(FIELDS)} FROM ${this.table} WHERE dossier_id = $1 ORDER BY timer_id`, [
      dossierId,
    ]);
    return r.rows;
  }

  /** Stores timers as they are (their state included); ids already stored are left alone. Returns how many were new. */
  async insert(timers: readonly StoredTimer[]): Promise<number> {
    if (timers.length === 0) return 0;
    // One array per column, unnested into rows: one statement whatever the number of timers.
    const r = await this.pool.query(
      `INSERT INTO ${this.table} (${FIELDS.map(([column]) => column).join(', ')})
       SELECT * FROM unnest(${FIELDS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')})
       ON CONFLICT (timer_id) DO NOTHING`,
      FIELDS.map(([, , field]) => timers.map((t) => t[field])),
    );
    return r.rowCount ?? 0;
  }
}

/** A timer as the document store kept it (before the timers moved to PostgreSQL): `_id` for `id`. */
type TimerDocument = Omit<StoredTimer, 'id'> & { _id: string };

/**
 * Carries the timers of the document store's `timers` collection (where processing kept them
 * before) into `store`, pending and settled alike, then drops the collection. Idempotent: a timer
 * already in PostgreSQL keeps its row there (it may have fired since), and a run cut short is
 * finished by the next start. Returns how many timers were new to PostgreSQL.
 */
export async function moveTimersFromDocumentStore(db: Db, store: PgTimerStore, batchSize = 1000): Promise<number> {
  const exists = await db.listCollections({ name: 'timers' }, { nameOnly: true }).hasNext();
  if (!exists) return 0;
  const collection = db.collection<TimerDocument>('timers');
  let moved = 0;
  let batch: StoredTimer[] = [];
  for await (const { _id, ...d } of collection.find({})) {
    batch.push({
      ...d,
      id: _id,
      stepCode: d.stepCode ?? '',
      scheduledAt: d.scheduledAt ?? d.fireAt,
      settledAt: d.settledAt ?? null,
      note: d.note ?? '',
    });
    if (batch.length >= batchSize) {
      moved += await store.insert(batch);
      batch = [];
    }
  }
  moved += await store.insert(batch);
  await collection.drop();
  return moved;
}
