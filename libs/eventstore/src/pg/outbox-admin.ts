// What an operator needs of a service's outbox: how many commits wait, which are parked (the
// broker refused them for good; their streams wait behind them) and why, and the retry of a
// parked commit once its cause is fixed (clear parked_at, wake the relays).
import type { Pool } from 'pg';
import { commitChannel, validSchemaName } from './schema';

export interface ParkedCommit {
  commitId: string;
  streamId: string;
  firstVersion: number;
  lastVersion: number;
  parkedAt: Date;
  /** The broker's error as the relay logged it. */
  reason: string;
  /** Later commits of the stream that wait behind it. */
  waitingBehind: number;
}

export interface OutboxState {
  /** Unpublished commits the relay will send (not parked, not behind a parked one). */
  pending: number;
  /** The oldest of those recorded, or null. */
  oldestPendingAt: Date | null;
  parked: ParkedCommit[];
}

/** The outbox of `<schema>`: pending count and the parked commits, oldest park first. */
export async function outboxState(pool: Pool, schema: string): Promise<OutboxState> {
  const s = validSchemaName(schema, 'schema');
  const pending = await pool.query<{ n: string; oldest: Date | null }>(
    `SELECT count(*) AS n, min(c.recorded_at) AS oldest FROM ${s}.commits c
      WHERE c.published_at IS NULL AND c.parked_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM ${s}.commits p WHERE p.stream_id = c.stream_id AND p.parked_at IS NOT NULL AND p.published_at IS NULL)`,
  );
  const parked = await pool.query<{
    commit_id: string;
    stream_id: string;
    first_version: number;
    last_version: number;
    parked_at: Date;
    park_reason: string | null;
    behind: string;
  }>(
    `SELECT p.commit_id, p.stream_id, p.first_version, p.last_version, p.parked_at, p.park_reason,
            (SELECT count(*) FROM ${s}.commits w WHERE w.stream_id = p.stream_id AND w.published_at IS NULL AND w.first_version > p.first_version) AS behind
       FROM ${s}.commits p WHERE p.parked_at IS NOT NULL AND p.published_at IS NULL
      ORDER BY p.parked_at, p.commit_id`,
  );
  return {
    pending: Number(pending.rows[0].n),
    oldestPendingAt: pending.rows[0].oldest,
    parked: parked.rows.map((r) => ({
      commitId: r.commit_id,
      streamId: r.stream_id,
      firstVersion: r.first_version,
      lastVersion: r.last_version,
      parkedAt: r.parked_at,
      reason: r.park_reason ?? '',
      waitingBehind: Number(r.behind),
    })),
  };
}

export type RetryOutcome =
  { outcome: 'retrying'; commit: ParkedCommit } | { outcome: 'unknown' } | { outcome: 'not_parked'; published: boolean };

/**
 * Clears `parked_at` (and the reason) of a parked commit so the relays send it again, and wakes
 * them (NOTIFY on the schema's channel; they also poll). An unknown commit id or a commit that is
 * not parked changes nothing.
 */
export async function retryParked(pool: Pool, schema: string, commitId: string): Promise<RetryOutcome> {
  const s = validSchemaName(schema, 'schema');
  const cleared = await pool.query<{
    stream_id: string;
    first_version: number;
    last_version: number;
    parked_at: Date;
    park_reason: string | null;
    behind: string;
  }>(
    `WITH old AS (SELECT commit_id, parked_at, park_reason FROM ${s}.commits WHERE commit_id = $1 AND parked_at IS NOT NULL AND published_at IS NULL FOR UPDATE),
          upd AS (UPDATE ${s}.commits c SET parked_at = NULL, park_reason = NULL FROM old WHERE c.commit_id = old.commit_id
                  RETURNING c.stream_id, c.first_version, c.last_version, old.parked_at, old.park_reason)
     SELECT upd.*, (SELECT count(*) FROM ${s}.commits w WHERE w.stream_id = upd.stream_id AND w.published_at IS NULL AND w.first_version > upd.first_version) AS behind,
            pg_notify($2, upd.stream_id)
       FROM upd`,
    [commitId, commitChannel(s)],
  );
  const r = cleared.rows[0];
  if (r) {
    return {
      outcome: 'retrying',
      commit: {
        commitId,
        streamId: r.stream_id,
        firstVersion: r.first_version,
        lastVersion: r.last_version,
        parkedAt: r.parked_at,
        reason: r.park_reason ?? '',
        waitingBehind: Number(r.behind),
      },
    };
  }
  const found = await pool.query<{ published: boolean }>(
    `SELECT published_at IS NOT NULL AS published FROM ${s}.commits WHERE commit_id = $1`,
    [commitId],
  );
  return found.rows.length === 0 ? { outcome: 'unknown' } : { outcome: 'not_parked', published: found.rows[0].published };
}
