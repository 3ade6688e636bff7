// The outbox side of the PostgreSQL store: which commits wait for the broker, claims that keep
// two relays off the same stream, marks, parking, and the LISTEN that wakes a relay.
import type { Pool, PoolClient } from 'pg';
import type { OutboxClaim, OutboxStore } from '../relay';
import type { Commit } from '../types';
import { COMMIT_COLUMNS, type CommitRow } from './rows';
import { commitChannel, statementName } from './schema';

/** Commits of one stream read at most per claim (a longer backlog is read by the next pass). */
const CLAIM_LIMIT_PER_STREAM = 200;

/**
 * A claim is a transaction holding `pg_try_advisory_xact_lock(hashtext('<schema>.relay'),
 * hashtext(stream))` for each claimed stream: another relay's claim skips those streams (it does
 * not wait), re-reads what is pending only once it holds a stream's lock, and the marks commit
 * with the release of the locks — so in the normal case each commit is sent once. A relay that
 * dies mid-claim loses its connection: the locks go and its unmarked commits are sent again by
 * whoever claims them next (consumers dedupe by event id).
 */
export class PgOutbox implements OutboxStore {
  private readonly lockSpace: string;

  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
    private readonly withEvents: (rows: CommitRow[]) => Promise<Commit[]>,
  ) {
    this.lockSpace = `${schema}.relay`;
  }

  /** Streams with publishable commits, oldest first; streams held behind a parked commit are left out. */
  async pendingStreams(limit: number, exclude: readonly string[] = []): Promise<string[]> {
    const s = this.schema;
    const r = await this.pool.query<{ stream_id: string }>({
      name: statementName(s, 'pendingStreams'),
      text: `SELECT c.stream_id FROM ${s}.commits c
              WHERE c.published_at IS NULL AND c.parked_at IS NULL AND NOT (c.stream_id = ANY($2::text[]))
                AND NOT EXISTS (SELECT 1 FROM ${s}.commits p WHERE p.stream_id = c.stream_id AND p.parked_at IS NOT NULL AND p.published_at IS NULL)
              GROUP BY c.stream_id ORDER BY min(c.position) LIMIT $1`,
      values: [limit, [...exclude]],
    });
    return r.rows.map((row) => row.stream_id);
  }

  async claim(streamIds: readonly string[]): Promise<OutboxClaim> {
    const client = await this.pool.connect();
    // The claim holds this connection while the relay publishes. If the server goes away meanwhile
    // the client emits 'error' with nobody listening (the pool listens to idle clients only), which
    // killed the process; the failure is noted instead, and the next query on it fails as usual.
    let lost: Error | undefined;
    const onLost = (err: Error) => {
      lost = err;
    };
    client.on('error', onLost);
    let open = true;
    const finish = async (sql: string) => {
      if (!open) return;
      open = false;
      try {
        if (lost) throw lost;
        await client.query(sql);
        client.off('error', onLost);
        client.release();
      } catch (err) {
        client.off('error', onLost);
        client.release(err instanceof Error ? err : true);
        throw err;
      }
    };
    try {
      await client.query('BEGIN');
      const locked = await client.query<{ stream_id: string }>(
        'SELECT s AS stream_id FROM unnest($2::text[]) AS s WHERE pg_try_advisory_xact_lock(hashtext($1), hashtext(s))',
        [this.lockSpace, [...streamIds]],
      );
      const claimed = locked.rows.map((r) => r.stream_id);
      const rows = await client.query<CommitRow>(
        `SELECT ${COMMIT_COLUMNS} FROM (
           SELECT *, row_number() OVER (PARTITION BY stream_id ORDER BY first_version) AS n
             FROM ${this.schema}.commits WHERE stream_id = ANY($1::text[]) AND published_at IS NULL) AS pending
          WHERE n <= ${CLAIM_LIMIT_PER_STREAM} ORDER BY stream_id, first_version`,
        [claimed],
      );
      const held = new Set(rows.rows.filter((c) => c.parked_at !== null).map((c) => c.stream_id));
      const commits = await this.withEvents(rows.rows.filter((c) => !held.has(c.stream_id)));
      return {
        claimed,
        commits,
        heldByParked: [...held],
        markPublished: async (commitIds, at) => {
          await client.query(
            `UPDATE ${this.schema}.commits SET published_at = $2 WHERE commit_id = ANY($1::text[]) AND published_at IS NULL`,
            [[...commitIds], at],
          );
        },
        park: async (commitId, reason, at) => {
          await client.query(`UPDATE ${this.schema}.commits SET parked_at = $2, park_reason = $3 WHERE commit_id = $1`, [
            commitId,
            at,
            reason.slice(0, 2000),
          ]);
        },
        release: () => finish('COMMIT'),
      };
    } catch (err) {
      await finish('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }

  /**
   * Calls `onCommit(streamId)` for every append committed to this schema, on a connection of its
   * own; if that connection fails it reconnects (1 s, up to 30 s apart) while the relay's
   * polling covers the gap. `onError` hears about each failure.
   */
  async listen(
    onCommit: (streamId: string) => void,
    onError: (err: unknown) => void = () => undefined,
  ): Promise<{ close(): Promise<void> }> {
    let client: PoolClient | null = null;
    let closed = false;
    let timer: NodeJS.Timeout | null = null;
    let failures = 0;
    const channel = commitChannel(this.schema);
    const connect = async (): Promise<void> => {
      const c = await this.pool.connect();
      c.on('notification', (n) => {
        if (n.channel === channel) onCommit(n.payload ?? '');
      });
      c.on('error', (err) => {
        onError(err);
        c.release(err);
        if (client === c) client = null;
        retry();
      });
      await c.query(`LISTEN "${channel}"`);
      if (closed) {
        c.release();
        return;
      }
      client = c;
      failures = 0;
    };
    const retry = () => {
      if (closed || timer) return;
      failures++;
      timer = setTimeout(
        () => {
          timer = null;
          connect().catch((err) => {
            onError(err);
            retry();
          });
        },
        Math.min(30_000, 1000 * 2 ** Math.min(failures - 1, 5)),
      );
    };
    await connect();
    return {
      close: async () => {
        closed = true;
        if (timer) clearTimeout(timer);
        const c = client;
        client = null;
        if (c) {
          await c.query(`UNLISTEN "${channel}"`).catch(() => undefined);
          c.release();
        }
      },
    };
  }
}
