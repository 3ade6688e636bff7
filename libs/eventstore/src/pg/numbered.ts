// Numbered appends on PostgreSQL: the next number of a gap-free sequence (e.g. a unit's dossier
// codes of one day) given in the append's own transaction, and the appends of one scope that wait
// together written together.
//
// Why: with "max(seq) + 1, then append, retry on a clash" every writer of a scope read the same
// maximum, so one process had to queue its own writers behind a lock around the whole command, and
// two processes collided and backed off. Here a scope has one counter row. A flush takes the
// appends waiting for the scope (a group commit: they queued while the previous flush ran), locks
// the row (`INSERT … ON CONFLICT DO UPDATE … RETURNING last`), builds each commit for its number
// (pure, in memory), writes the counter, the commits, their events and the NOTIFY in one statement
// and commits: the row is locked for two round trips however many appends the flush carries, and
// another process's flush waits for the row instead of failing. A commit that fails rolls back its
// number with it (gap-free); a unique violation in a flush of several (a retried request, a stream
// written meanwhile) rolls the flush back and writes each append alone, so each gets its own
// typed error.
import { DatabaseError, type Pool, type PoolClient, type QueryResult } from 'pg';
import { ConcurrencyError, EventStoreArgumentError } from '../errors';
import type { Commit, ExpectedVersion, NumberedAppend, NumberedAppendOptions } from '../types';
import { validateAppend, type ValidAppend } from '../validation';
import { encodeResult } from './rows';
import { checkout, commitChannel, statementName } from './schema';

/** Appends written by one flush at most (the rest wait for the next). */
const MAX_FLUSH = 100;
/** Flushes of one append with expectedVersion 'any' that lost a race, before ConcurrencyError. */
const MAX_ANY_ATTEMPTS = 20;

/** What the appender needs from the store it belongs to. */
export interface NumberedHost {
  /** The commit as it will be stored (versions, time, hash chain) after the head given. */
  build(a: ValidAppend, headVersion: number, headHash: string): Commit;
  /** The typed error a unique violation means (thrown), or returns when an 'any' append may try again. */
  explain(a: ValidAppend, commit: Commit, err: DatabaseError): Promise<void>;
  /** The source stored on every event. */
  source: string;
  /** The store instance's token in NOTIFY payloads (parseCommitNotice). */
  writer: string;
}

interface Waiting {
  streamId: string;
  numbered: NumberedAppend;
  options: NumberedAppendOptions;
  attempts: number;
  resolve(commit: Commit | null): void;
  reject(err: unknown): void;
}

interface Built {
  item: Waiting;
  a: ValidAppend;
  commit: Commit;
}

export class NumberedAppender {
  private readonly queues = new Map<string, Waiting[]>();
  private readonly sql: ReturnType<typeof statements>;

  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
    private readonly host: NumberedHost,
  ) {
    this.sql = statements(schema);
  }

  append(streamId: string, numbered: NumberedAppend, options: NumberedAppendOptions): Promise<Commit | null> {
    return new Promise((resolve, reject) => {
      const scope = numbered.scope;
      const waiting = { streamId, numbered, options, attempts: 0, resolve, reject };
      const queue = this.queues.get(scope);
      if (queue) queue.push(waiting);
      else {
        this.queues.set(scope, [waiting]);
        void this.drain(scope);
      }
    });
  }

  /** Flushes the scope's queue until it is empty; appends arriving meanwhile join the next flush. */
  private async drain(scope: string): Promise<void> {
    const queue = this.queues.get(scope) as Waiting[];
    while (queue.length > 0) {
      const batch = queue.splice(0, MAX_FLUSH);
      try {
        await this.flush(scope, batch);
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
    this.queues.delete(scope);
  }

  private async flush(scope: string, batch: Waiting[]): Promise<void> {
    const heads = await this.heads(batch);
    const client = await checkout(this.pool);
    let built: Built[] = [];
    let failure: Error | undefined;
    try {
      // BEGIN and the lock in one round trip (a simple query of two statements: no parameters,
      // so the scope goes as a quoted literal).
      const begun = (await client.query(
        `BEGIN; ${this.sql.lock.split('$1').join(client.escapeLiteral(scope))}`,
      )) as unknown as QueryResult<{
        last: number | string;
      }>[];
      let last = Number(begun[1].rows[0].last);
      built = this.buildAll(
        scope,
        batch,
        heads,
        () => ++last,
        () => last--,
      );
      if (built.length > 0) await client.query(this.writeQuery(scope, last, built));
      await client.query('COMMIT');
    } catch (err) {
      failure = err instanceof Error ? err : new Error(String(err));
    } finally {
      await this.finish(client, failure);
    }
    if (failure === undefined) {
      for (const b of built) b.item.resolve(b.commit);
      return;
    }
    if (!(failure instanceof DatabaseError) || failure.code !== '23505') throw failure;
    if (built.length === 0) throw failure;
    if (built.length > 1) {
      // Someone's append in this flush clashed: each alone, so only that one fails, with its own error.
      for (const b of built) await this.flush(scope, [b.item]).catch((err) => b.item.reject(err));
      return;
    }
    const [only] = built;
    try {
      await this.host.explain(only.a, only.commit, failure);
    } catch (typed) {
      only.item.reject(typed);
      return;
    }
    // An 'any' append lost the race for its stream's next version: read the head again.
    if (++only.item.attempts >= MAX_ANY_ATTEMPTS) only.item.reject(new ConcurrencyError(only.a.streamId, 'any', only.commit.firstVersion));
    else await this.flush(scope, [only.item]);
  }

  /** Commits the flush's appends will write, numbered from the scope's counter on (in memory). */
  private buildAll(
    scope: string,
    batch: Waiting[],
    heads: Map<string, { version: number; hash: string }>,
    take: () => number,
    giveBack: () => void,
  ): Built[] {
    const built: Built[] = [];
    for (const item of batch) {
      try {
        const head = heads.get(item.streamId) ?? { version: 0, hash: '' };
        const expected = item.options.expectedVersion;
        if (!versionMatches(expected, head.version)) throw new ConcurrencyError(item.streamId, expected, head.version);
        const seq = take();
        let made;
        try {
          made = item.numbered.build(seq);
        } catch (err) {
          giveBack();
          throw err;
        }
        if (made === null) {
          giveBack();
          item.resolve(null);
          continue;
        }
        let a: ValidAppend;
        try {
          a = validateAppend(item.streamId, made.events, {
            ...item.options,
            result: made.result,
            reservation: { key: made.key, scope, seq },
          });
        } catch (err) {
          giveBack();
          throw err;
        }
        const commit = this.host.build(a, head.version, head.hash);
        // A second append to the same stream in this flush comes after this one.
        heads.set(item.streamId, { version: commit.lastVersion, hash: commit.events[commit.events.length - 1].hash });
        built.push({ item, a, commit });
      } catch (err) {
        item.reject(err);
      }
    }
    return built;
  }

  /** Heads of the streams that should exist (a 'no_stream' append needs none: a unique key decides). */
  private async heads(batch: Waiting[]): Promise<Map<string, { version: number; hash: string }>> {
    const ids = [...new Set(batch.filter((w) => w.options.expectedVersion !== 'no_stream').map((w) => w.streamId))];
    const heads = new Map<string, { version: number; hash: string }>();
    if (ids.length === 0) return heads;
    const r = await this.pool.query<{ stream_id: string; version: number; hash: string }>({
      name: statementName(this.schema, 'heads'),
      text: this.sql.heads,
      values: [ids],
    });
    for (const row of r.rows) heads.set(row.stream_id, { version: row.version, hash: row.hash });
    return heads;
  }

  private writeQuery(scope: string, last: number, built: Built[]) {
    const commits = built.map((b) => b.commit);
    const events = commits.flatMap((c) => c.events.map((e) => ({ c, e })));
    return {
      name: statementName(this.schema, 'seqWrite'),
      text: this.sql.write,
      values: [
        last,
        scope,
        commits.map((c) => c.commitId),
        commits.map((c) => c.streamId),
        commits.map((c) => c.firstVersion),
        commits.map((c) => c.lastVersion),
        commits.map((c) => c.recordedAt),
        commits.map(() => this.host.source),
        commits.map((c) => c.requestId),
        built.map((b) => encodeResult(b.a.result)),
        commits.map((c) => c.reservation?.key ?? null),
        commits.map((c) => c.reservation?.seq ?? null),
        events.map(({ e }) => e.streamId),
        events.map(({ e }) => e.version),
        events.map(({ e }) => e.id),
        events.map(({ e }) => e.type),
        events.map(({ e }) => Buffer.from(e.data)),
        events.map(({ e }) => JSON.stringify(e.metadata)),
        events.map(({ e }) => e.recordedAt),
        events.map(({ e }) => e.prevHash),
        events.map(({ e }) => e.hash),
        events.map(({ e }) => e.source),
        events.map(({ c }) => c.commitId),
        commitChannel(this.schema),
        this.host.writer,
      ],
    };
  }

  private async finish(client: PoolClient, failure: Error | undefined): Promise<void> {
    if (failure === undefined) {
      client.release();
      return;
    }
    try {
      await client.query('ROLLBACK');
      client.release();
    } catch (err) {
      client.release(err instanceof Error ? err : true);
    }
  }
}

/** Checks what a caller passes to appendNumbered before it waits in a queue. */
export function validateNumbered(numbered: unknown): asserts numbered is NumberedAppend {
  const n = numbered as Partial<NumberedAppend> | null;
  if (typeof n !== 'object' || n === null) throw new EventStoreArgumentError('numbered', 'must be {scope, build}');
  if (typeof n.scope !== 'string' || n.scope.trim() === '' || n.scope.length > 200)
    throw new EventStoreArgumentError('numbered.scope', 'must be a non-empty string of at most 200 characters');
  if (typeof n.build !== 'function') throw new EventStoreArgumentError('numbered.build', 'must be a function (seq) => commit | null');
}

function versionMatches(expected: ExpectedVersion, actual: number): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === 0;
  return expected === actual;
}

function statements(s: string) {
  return {
    heads: `SELECT u.stream_id, h.version, h.hash FROM unnest($1::text[]) AS u(stream_id)
              JOIN LATERAL (SELECT version, hash FROM ${s}.events e WHERE e.stream_id = u.stream_id ORDER BY version DESC LIMIT 1) h ON true`,
    // Locks the scope's counter until commit; a new scope starts at what plain appends reserved.
    lock: `INSERT INTO ${s}.sequences AS q (scope, last)
             SELECT $1, coalesce(max(reservation_seq), 0) FROM ${s}.commits WHERE reservation_scope = $1
           ON CONFLICT (scope) DO UPDATE SET last = GREATEST(q.last, EXCLUDED.last) RETURNING last`,
    write: `WITH q AS (UPDATE ${s}.sequences SET last = $1 WHERE scope = $2), c AS (
              INSERT INTO ${s}.commits (commit_id, stream_id, first_version, last_version, recorded_at, source, request_id, result, reservation_key, reservation_scope, reservation_seq)
              SELECT u.commit_id, u.stream_id, u.first_version, u.last_version, u.recorded_at, u.source, u.request_id, u.result, u.key, $2, u.seq
                FROM unnest($3::text[], $4::text[], $5::int[], $6::int[], $7::timestamptz[], $8::text[], $9::text[], $10::jsonb[], $11::text[], $12::int[])
                  AS u(commit_id, stream_id, first_version, last_version, recorded_at, source, request_id, result, key, seq)
            ), e AS (
              INSERT INTO ${s}.events (stream_id, version, event_id, type, data, metadata, recorded_at, prev_hash, hash, source, commit_id)
              SELECT * FROM unnest($13::text[], $14::int[], $15::text[], $16::text[], $17::bytea[], $18::jsonb[], $19::timestamptz[], $20::text[], $21::text[], $22::text[], $23::text[])
            )
            SELECT pg_notify($24, $25 || ' ' || s) FROM (SELECT DISTINCT unnest($4::text[]) AS s) AS streams`,
  };
}
