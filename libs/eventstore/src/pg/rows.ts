// Rows of the PostgreSQL event store and their conversion to the library's types.
import type { Commit, EventMetadata, RecordedEvent } from '../types';

export interface EventRow {
  stream_id: string;
  version: number;
  event_id: string;
  type: string;
  data: Buffer;
  metadata: EventMetadata | null;
  recorded_at: Date;
  prev_hash: string;
  hash: string;
  source: string;
}

export interface CommitRow {
  commit_id: string;
  stream_id: string;
  first_version: number;
  last_version: number;
  recorded_at: Date;
  request_id: string | null;
  result: unknown;
  reservation_key: string | null;
  reservation_scope: string | null;
  reservation_seq: number | null;
  published_at: Date | null;
  parked_at: Date | null;
}

/** The columns of `events` as read into an EventRow (prefix `e.` when joined). */
export const EVENT_COLUMNS = 'stream_id, version, event_id, type, data, metadata, recorded_at, prev_hash, hash, source';
export const COMMIT_COLUMNS =
  'commit_id, stream_id, first_version, last_version, recorded_at, request_id, result, reservation_key, reservation_scope, reservation_seq, published_at, parked_at';

export function toRecordedEvent(r: EventRow): RecordedEvent {
  return {
    id: r.event_id,
    streamId: r.stream_id,
    version: r.version,
    type: r.type,
    data: Uint8Array.from(r.data),
    recordedAt: r.recorded_at,
    metadata: r.metadata ?? {},
    prevHash: r.prev_hash,
    hash: r.hash,
    source: r.source,
  };
}

export function toCommit(c: CommitRow, events: RecordedEvent[]): Commit {
  const reservation =
    c.reservation_key !== null && c.reservation_scope !== null && c.reservation_seq !== null
      ? { key: c.reservation_key, scope: c.reservation_scope, seq: c.reservation_seq }
      : null;
  return {
    commitId: c.commit_id,
    streamId: c.stream_id,
    firstVersion: c.first_version,
    lastVersion: c.last_version,
    events,
    recordedAt: c.recorded_at,
    requestId: c.request_id,
    result: decodeResult(c.result),
    reservation,
    publishedAt: c.published_at,
  };
}

/**
 * The answer stored with a commit, as jsonb. Dates and byte arrays inside it survive the trip
 * (as {"$date": iso} / {"$bytes": base64}); everything else is plain JSON. undefined → SQL NULL.
 */
export function encodeResult(result: unknown): string | null {
  if (result === undefined) return null;
  return JSON.stringify(result, function (this: Record<string, unknown>, key: string, value: unknown) {
    const raw = this[key];
    if (raw instanceof Date) return { $date: raw.toISOString() };
    if (raw instanceof Uint8Array) return { $bytes: Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('base64') };
    return value;
  });
}

export function decodeResult(stored: unknown): unknown {
  if (stored === null || stored === undefined) return undefined;
  return revive(stored);
}

function revive(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(revive);
  if (typeof v !== 'object' || v === null) return v;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length === 1 && typeof o.$date === 'string') return new Date(o.$date);
  if (keys.length === 1 && typeof o.$bytes === 'string') return Uint8Array.from(Buffer.from(o.$bytes, 'base64'));
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = revive(o[k]);
  return out;
}
