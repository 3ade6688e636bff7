// The outbox side of the PostgreSQL store: which commits wait for the broker, claims that keep
// two relays off the same stream, marks, parking, and the LISTEN that wakes a relay.
import type { Pool, PoolClient, QueryResult } from 'pg';
import type { OutboxClaim, OutboxStore } from '../relay';
import type { RecordedEvent } from '../types';
import { COMMIT_COLUMNS, toCommit, toRecordedEvent, type CommitRow, type EventRow } from './rows';
import { checkout, commitChannel, parseCommitNotice, statementName } from './schema';

/** Who wrote a commit whose NOTIFY arrived (see PgOutbox.listen). */
export type CommitOrigin = 'here' | 'elsewhere' | 'any';

/** Commits of one stream read at most per claim (a longer backlog is read by the next pass). */
const CLAIM_LIMIT_PER_STREAM = 200;

/**
 * A claim is a transaction holding `pg_try_advisory_xact_lock(hashtext('<schema>.relay'),
 * hashtext(stream))` for each claimed stream: another relay's claim skips those streams (it does
 * not wait), and the marks commit with the release of the locks — so in the normal case each
 * commit is sent once. One statement takes the locks and reads the pending commits with their
 * events; it reads the commits `FOR UPDATE`, so a commit another relay marked after this
 * statement's snapshot was taken (and before its lock was released) is re-checked on its latest
 * version and left out, not sent again. A relay that
 * dies mid-claim loses its connection: the locks go and its unmarked commits are sent again by
 * whoever claims them next (consumers dedupe by event id).
 */
export class PgOutbox implements OutboxStore {
  private readonly lockSpace: string;
  private readonly claimSql: string;

  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
    private readonly writer: string,
  ) {
    this.lockSpace = `${schema}.relay`;
    this.claimSql = claimStatement(schema);
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
    const client = await checkout(this.pool);
    // The claim holds this connection while the relay publishes. If the server goes away meanwhile
    // the failure is noted, so the release throws it instead of committing on a dead connection.
    let lost: Error | undefined;
    const onLost = (err: Error) => {
      lost = err;
    };
    client.on('error', onLost);
    let open = true;
    // Marks wait for the release and go with its COMMIT in one round trip (they take effect at
    // the commit either way).
    const marks: { ids: string[]; at: Date }[] = [];
    const finish = async (sql: string) => {
      if (!open) return;
      open = false;
      try {
        if (lost) throw lost;
        await client.query(sql === 'COMMIT' ? [...marks.map((m) => this.markStatement(client, m.ids, m.at)), 'COMMIT'].join('; ') : sql);
        client.off('error', onLost);
        client.release();
      } catch (err) {
        client.off('error', onLost);
        client.release(err instanceof Error ? err : true);
        throw err;
      }
    };
    try {
      // BEGIN and the claim in one round trip: a simple query of two statements, so the lock space
      // and the stream ids go as quoted literals instead of parameters.
      const ids = `ARRAY[${streamIds.map((id) => client.escapeLiteral(id)).join(', ')}]::text[]`;
      const space = client.escapeLiteral(this.lockSpace);
      const text = this.claimSql.replace(/\$1/g, () => space).replace(/\$2::text\[\]/g, () => ids);
      const results = (await client.query(`BEGIN; ${text}`)) as unknown as QueryResult<ClaimRow>[];
      const { claimed, commits: all, truncated } = claimedCommits(results[1].rows);
      const held = new Set(all.filter((c) => c.row.parked_at !== null).map((c) => c.row.stream_id));
      const commits = all.filter((c) => !held.has(c.row.stream_id)).map((c) => toCommit(c.row, c.events));
      return {
        claimed,
        commits,
        heldByParked: [...held],
        truncated: truncated.filter((t) => !held.has(t)),
        markPublished: async (commitIds, at) => {
          if (!open) throw new Error('the outbox claim was released');
          if (commitIds.length > 0) marks.push({ ids: [...commitIds], at });
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

  /** The UPDATE marking commits published, with the values inlined (it goes in a simple query). */
  private markStatement(client: PoolClient, commitIds: readonly string[], at: Date): string {
    const ids = commitIds.map((id) => client.escapeLiteral(id)).join(', ');
    return `UPDATE ${this.schema}.commits SET published_at = ${client.escapeLiteral(at.toISOString())}::timestamptz
              WHERE commit_id = ANY(ARRAY[${ids}]::text[]) AND published_at IS NULL`;
  }

  /**
   * Calls `onCommit(streamId, origin)` for every append committed to this schema, on a connection
   * of its own; `origin` says whether this store instance wrote it ('here'), another instance did
   * ('elsewhere': its relay publishes it), or nobody in particular ('any', e.g. a parked commit
   * released by `ops`). If that connection fails it reconnects (1 s, up to 30 s apart) while the
   * relay's polling covers the gap. `onError` hears about each failure.
   */
  async listen(
    onCommit: (streamId: string, origin: CommitOrigin) => void,
    onError: (err: unknown) => void = () => undefined,
  ): Promise<{ close(): Promise<void> }> {
    let client: PoolClient | null = null;
    let closed = false;
    let timer: NodeJS.Timeout | null = null;
    let failures = 0;
    const channel = commitChannel(this.schema);
    const connect = async (): Promise<void> => {
      const c = await checkout(this.pool);
      c.on('notification', (n) => {
        if (n.channel !== channel) return;
        const { writer, streamId } = parseCommitNotice(n.payload ?? '');
        onCommit(streamId, writer === null ? 'any' : writer === this.writer ? 'here' : 'elsewhere');
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

/** One row of the claim: a claimed stream, one of its pending commits (or none), one of its events. */
type ClaimRow = { claimed: string } & (CommitRow | Nulls<CommitRow>) & {
    e_version: number | null;
    e_event_id: string;
    e_type: string;
    e_data: Buffer;
    e_metadata: EventRow['metadata'];
    e_recorded_at: Date;
    e_prev_hash: string;
    e_hash: string;
    e_source: string;
  };
type Nulls<T> = { [K in keyof T]: null };

/**
 * Locks the streams it can, reads their pending commits (at most CLAIM_LIMIT_PER_STREAM + 1 each:
 * one more tells that a backlog is longer) and their events: one row per event, or one row
 * without a commit for a claimed stream with nothing pending.
 */
function claimStatement(s: string): string {
  const commit = COMMIT_COLUMNS.split(', ')
    .map((c) => `p.${c}`)
    .join(', ');
  return `WITH locked AS MATERIALIZED (
      SELECT s AS stream_id FROM unnest($2::text[]) AS s WHERE pg_try_advisory_xact_lock(hashtext($1), hashtext(s))
    ), pending AS MATERIALIZED (
      SELECT c.* FROM locked l CROSS JOIN LATERAL (
        SELECT ${COMMIT_COLUMNS} FROM ${s}.commits c WHERE c.stream_id = l.stream_id AND c.published_at IS NULL
         ORDER BY c.first_version LIMIT ${CLAIM_LIMIT_PER_STREAM + 1} FOR UPDATE) c
    )
    SELECT l.stream_id AS claimed, ${commit}, e.version AS e_version, e.event_id AS e_event_id, e.type AS e_type,
           e.data AS e_data, e.metadata AS e_metadata, e.recorded_at AS e_recorded_at, e.prev_hash AS e_prev_hash,
           e.hash AS e_hash, e.source AS e_source
      FROM locked l LEFT JOIN pending p ON p.stream_id = l.stream_id
      LEFT JOIN ${s}.events e ON e.stream_id = p.stream_id AND e.version BETWEEN p.first_version AND p.last_version
     ORDER BY l.stream_id, p.first_version, e.version`;
}

/** The claim's rows as claimed streams and their commits in order; streams with a longer backlog. */
function claimedCommits(rows: ClaimRow[]): {
  claimed: string[];
  commits: { row: CommitRow; events: RecordedEvent[] }[];
  truncated: string[];
} {
  const claimed: string[] = [];
  const perStream = new Map<string, { row: CommitRow; events: RecordedEvent[] }[]>();
  for (const r of rows) {
    if (claimed[claimed.length - 1] !== r.claimed) claimed.push(r.claimed);
    if (r.commit_id === null) continue;
    const list = perStream.get(r.claimed) ?? [];
    perStream.set(r.claimed, list);
    let current = list[list.length - 1];
    if (current?.row.commit_id !== r.commit_id) {
      current = { row: r, events: [] };
      list.push(current);
    }
    if (r.e_version !== null)
      current.events.push(
        toRecordedEvent({
          stream_id: r.claimed,
          version: r.e_version,
          event_id: r.e_event_id,
          type: r.e_type,
          data: r.e_data,
          metadata: r.e_metadata,
          recorded_at: r.e_recorded_at,
          prev_hash: r.e_prev_hash,
          hash: r.e_hash,
          source: r.e_source,
        }),
      );
  }
  const truncated: string[] = [];
  const commits: { row: CommitRow; events: RecordedEvent[] }[] = [];
  for (const [stream, list] of perStream) {
    if (list.length > CLAIM_LIMIT_PER_STREAM) truncated.push(stream);
    commits.push(...list.slice(0, CLAIM_LIMIT_PER_STREAM));
  }
  return { claimed, commits, truncated };
}
