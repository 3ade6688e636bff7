// Copies commits recorded elsewhere (the former MongoDB store's documents) into a service's
// PostgreSQL tables as they are: ids, versions, recorded times, metadata, hashes, request ids and
// answers, reservations and publication. Nothing is recomputed; `ON CONFLICT DO NOTHING` makes a
// rerun insert nothing. One transaction per call, rows in the order given (stream, version).
import type { Pool } from 'pg';
import { EventStoreArgumentError } from '../errors';
import type { Commit } from '../types';
import { encodeResult } from './rows';
import { checkout, validSchemaName } from './schema';

export interface ImportResult {
  /** Commit rows written (the others were already there). */
  commits: number;
  /** Event rows written. */
  events: number;
}

/**
 * Inserts the commits and their events into `<schema>.commits` / `<schema>.events` in one
 * transaction. `commit.publishedAt` is kept: a Date marks the commit published (the relay leaves
 * it), null leaves it in the outbox (the relay sends it). Rows already present — by commit id,
 * (stream, version), event id, request id or reservation key — are left as they are and not
 * counted; compare the stores' digests to prove the copy. The schema must exist (ensureSchema()).
 */
export async function importCommits(pool: Pool, schema: string, commits: readonly Commit[]): Promise<ImportResult> {
  const s = validSchemaName(schema, 'schema');
  if (commits.length === 0) return { commits: 0, events: 0 };
  commits.forEach(checkCommit);
  const events = commits.flatMap((c) => c.events.map((e) => ({ c, e })));
  const client = await checkout(pool);
  try {
    await client.query('BEGIN');
    const written = await client.query(
      `INSERT INTO ${s}.commits (commit_id, stream_id, first_version, last_version, recorded_at, source, request_id, result,
                                 reservation_key, reservation_scope, reservation_seq, published_at)
       SELECT u.commit_id, u.stream_id, u.first_version, u.last_version, u.recorded_at, u.source, u.request_id, u.result::jsonb,
              u.reservation_key, u.reservation_scope, u.reservation_seq, u.published_at
         FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::timestamptz[], $6::text[], $7::text[], $8::text[],
                     $9::text[], $10::text[], $11::int[], $12::timestamptz[]) WITH ORDINALITY
              AS u(commit_id, stream_id, first_version, last_version, recorded_at, source, request_id, result,
                   reservation_key, reservation_scope, reservation_seq, published_at, n)
        ORDER BY u.n
       ON CONFLICT DO NOTHING`,
      [
        commits.map((c) => c.commitId),
        commits.map((c) => c.streamId),
        commits.map((c) => c.firstVersion),
        commits.map((c) => c.lastVersion),
        commits.map((c) => c.recordedAt),
        commits.map((c) => c.events[0].source),
        commits.map((c) => c.requestId),
        commits.map((c) => encodeResult(c.result)),
        commits.map((c) => c.reservation?.key ?? null),
        commits.map((c) => c.reservation?.scope ?? null),
        commits.map((c) => c.reservation?.seq ?? null),
        commits.map((c) => c.publishedAt),
      ],
    );
    const writtenEvents = await client.query(
      `INSERT INTO ${s}.events (stream_id, version, event_id, type, data, metadata, recorded_at, prev_hash, hash, source, commit_id)
       SELECT u.stream_id, u.version, u.event_id, u.type, u.data, u.metadata::jsonb, u.recorded_at, u.prev_hash, u.hash, u.source, u.commit_id
         FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::bytea[], $6::text[], $7::timestamptz[], $8::text[], $9::text[], $10::text[], $11::text[])
              WITH ORDINALITY AS u(stream_id, version, event_id, type, data, metadata, recorded_at, prev_hash, hash, source, commit_id, n)
        ORDER BY u.n
       ON CONFLICT DO NOTHING`,
      [
        events.map(({ e }) => e.streamId),
        events.map(({ e }) => e.version),
        events.map(({ e }) => e.id),
        events.map(({ e }) => e.type),
        events.map(({ e }) => Buffer.from(e.data.buffer, e.data.byteOffset, e.data.byteLength)),
        events.map(({ e }) => JSON.stringify(e.metadata ?? {})),
        events.map(({ e }) => e.recordedAt),
        events.map(({ e }) => e.prevHash),
        events.map(({ e }) => e.hash),
        events.map(({ e }) => e.source),
        events.map(({ c }) => c.commitId),
      ],
    );
    await client.query('COMMIT');
    return { commits: written.rowCount ?? 0, events: writtenEvents.rowCount ?? 0 };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** A commit whose events do not fill its versions of its stream would corrupt the store: refused. */
function checkCommit(c: Commit, i: number): void {
  const field = (name: string) => `commits[${i}].${name}`;
  if (typeof c.commitId !== 'string' || c.commitId === '')
    throw new EventStoreArgumentError(field('commitId'), 'must be a non-empty string');
  if (!Array.isArray(c.events) || c.events.length === 0)
    throw new EventStoreArgumentError(field('events'), `commit ${c.commitId} has no events`);
  if (c.lastVersion - c.firstVersion + 1 !== c.events.length) {
    throw new EventStoreArgumentError(
      field('events'),
      `commit ${c.commitId} spans versions ${c.firstVersion}..${c.lastVersion} but holds ${c.events.length} event(s)`,
    );
  }
  c.events.forEach((e, j) => {
    if (e.streamId !== c.streamId || e.version !== c.firstVersion + j) {
      throw new EventStoreArgumentError(
        `${field('events')}[${j}]`,
        `is ${e.streamId} version ${e.version}, expected ${c.streamId} version ${c.firstVersion + j}`,
      );
    }
  });
}
