import { createHash } from 'node:crypto';

/**
 * What an event's hash covers. Plain data so that an audit can rebuild it from the store
 * (RecordedEvent) or from a Kafka message (headers + value) alike.
 */
export interface HashableEvent {
  id: string;
  streamId: string;
  version: number;
  type: string;
  /** A Date or an ISO-8601 string (e.g. a ce_time header); hashed as the UTC ISO string with ms. */
  recordedAt: Date | string;
  /** Only correlationId, requestId, actor {officerId, role, unitCode} and causationId are hashed. */
  metadata?: object | null;
  data: Uint8Array;
  prevHash: string;
}

const METADATA_FIELDS = ['causationId', 'correlationId', 'requestId'] as const;
const ACTOR_FIELDS = ['officerId', 'role', 'unitCode'] as const;

/**
 * Canonical serialization (hash format 1), the exact text that computeEventHash() digests:
 *
 *   JSON.stringify({ id, streamId, version, type, recordedAt, metadata, data, prevHash })
 *
 * - keys in exactly that order; no whitespace (JSON.stringify defaults);
 * - recordedAt: `new Date(x).toISOString()` (UTC, milliseconds, 'Z'); an unparseable string is
 *   used as given (so the hash will not match);
 * - metadata: an object with only the known fields, keys in alphabetical order (actor, causationId,
 *   correlationId, requestId; actor as {officerId, role, unitCode}); fields that are absent,
 *   undefined or null are left out; no metadata = {};
 * - data: standard base64 (with padding) of the payload bytes;
 * - prevHash: the previous event's hash in the stream, '' for version 1.
 */
export function canonicalEventText(e: HashableEvent): string {
  return JSON.stringify({
    id: e.id,
    streamId: e.streamId,
    version: e.version,
    type: e.type,
    recordedAt: isoInstant(e.recordedAt),
    metadata: canonicalMetadata(e.metadata),
    data: Buffer.from(e.data.buffer, e.data.byteOffset, e.data.byteLength).toString('base64'),
    prevHash: e.prevHash,
  });
}

/** SHA-256 (lowercase hex) of canonicalEventText(e). */
export function computeEventHash(e: HashableEvent): string {
  return createHash('sha256').update(canonicalEventText(e), 'utf8').digest('hex');
}

function isoInstant(t: Date | string): string {
  const d = t instanceof Date ? t : new Date(t);
  return Number.isNaN(d.getTime()) ? String(t) : d.toISOString();
}

function canonicalMetadata(metadata: object | null | undefined): Record<string, unknown> {
  const m = (metadata ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const actor = m.actor as Record<string, unknown> | null | undefined;
  if (actor !== undefined && actor !== null) out.actor = pick(actor, ACTOR_FIELDS);
  Object.assign(out, pick(m, METADATA_FIELDS));
  return out;
}

function pick(source: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const v = source[k];
    if (v !== undefined && v !== null) out[k] = v;
  }
  return out;
}
