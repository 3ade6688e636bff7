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

interface TimerRow {
  timer_id: string;
  dossier_id: string;
  kind: DeadlineTimer['kind'];
  alert: DeadlineTimer['alert'];
  deadline: DeadlineTimer['deadline'];
  step_code: string;
  due_at: Date;
  fire_at: Date;
  state: TimerState;
  scheduled_at: Date;
  settled_at: Date | null;
  note: string;
}

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

const COLUMNS = 'timer_id, dossier_id, kind, alert, deadline, step_code, due_at, fire_at, state, scheduled_at, settled_at, note';

const timerOf = (r: TimerRow): DeadlineTimer => ({
  id: r.timer_id,
  dossierId: r.dossier_id,
  kind: r.kind,
  alert: r.alert,
  deadline: r.deadline,
  stepCode: r.step_code,
  dueAt: r.due_at,
  fireAt: r.fire_at,
});

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
    await this.insert(timers.map((t) => ({ ...t, state: 'pending' as const, scheduledAt: this.clock(), settledAt: null, note: '' })));
  }

  async due(now: Date, limit: number): Promise<DeadlineTimer[]> {
    const r = await this.pool.query<TimerRow>(
      `SELECT ${COLUMNS} FROM ${this.table} WHERE state = 'pending' AND fire_at <= $1 ORDER BY fire_at, timer_id LIMIT $2`,
      [now, limit],
    );
    return r.rows.map(timerOf);
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
    const r = await this.pool.query<TimerRow>(`SELECT ${COLUMNS} FROM ${this.table} WHERE dossier_id = $1 ORDER BY timer_id`, [dossierId]);
    return r.rows.map((row) => ({
      ...timerOf(row),
      state: row.state,
      scheduledAt: row.scheduled_at,
      settledAt: row.settled_at,
      note: row.note,
    }));
  }

  /** Stores timers as they are (their state included); ids already stored are left alone. Returns how many were new. */
  async insert(timers: readonly StoredTimer[]): Promise<number> {
    if (timers.length === 0) return 0;
    const column = <T>(f: (t: StoredTimer) => T): T[] => timers.map(f);
    const r = await this.pool.query(
      `INSERT INTO ${this.table} (${COLUMNS})
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                            $7::timestamptz[], $8::timestamptz[], $9::text[], $10::timestamptz[], $11::timestamptz[], $12::text[])
       ON CONFLICT (timer_id) DO NOTHING`,
      [
        column((t) => t.id),
        column((t) => t.dossierId),
        column((t) => t.kind),
        column((t) => t.alert),
        column((t) => t.deadline),
        column((t) => t.stepCode),
        column((t) => t.dueAt),
        column((t) => t.fireAt),
        column((t) => t.state),
        column((t) => t.scheduledAt),
        column((t) => t.settledAt),
        column((t) => t.note),
      ],
    );
    return r.rowCount ?? 0;
  }
}

/** A timer as the document store kept it (before the timers moved to PostgreSQL). */
interface TimerDocument {
  _id: string;
  dossierId: string;
  kind: DeadlineTimer['kind'];
  alert: DeadlineTimer['alert'];
  deadline: DeadlineTimer['deadline'];
  stepCode: string;
  dueAt: Date;
  fireAt: Date;
  state: TimerState;
  scheduledAt: Date;
  settledAt: Date | null;
  note: string;
}

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
  for await (const d of collection.find({}).sort({ _id: 1 })) {
    batch.push({
      id: d._id,
      dossierId: d.dossierId,
      kind: d.kind,
      alert: d.alert,
      deadline: d.deadline,
      stepCode: d.stepCode ?? '',
      dueAt: d.dueAt,
      fireAt: d.fireAt,
      state: d.state,
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
