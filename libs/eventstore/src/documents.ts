// The commit documents of the former MongoDB event store and their conversion to the library's
// types (read-only: for migrating old event collections into PostgreSQL).
import { Binary } from 'mongodb';
import type { Commit, EventMetadata, RecordedEvent } from './types';

/** One stored event inside a commit document. */
export interface EventDocument {
  id: string;
  version: number;
  type: string;
  /** The protobuf bytes. */
  data: Binary;
  recordedAt: Date;
  metadata: EventMetadata;
  prevHash: string;
  hash: string;
}

/**
 * A commit document of the former MongoDB / FerretDB event store (one document per append, `_id`
 * `${streamId}:${firstVersion}`), kept so that `ops migrate-events` can read the old collections
 * and copy them into PostgreSQL with their ids, versions, times and hashes.
 */
export interface CommitDocument {
  _id: string;
  streamId: string;
  firstVersion: number;
  lastVersion: number;
  events: EventDocument[];
  source: string;
  recordedAt: Date;
  /** The client request id, or null. */
  requestId: string | null;
  /** Unique: the request id if given, else `_id`. */
  requestKey: string;
  /** Unique: the reservation key if given, else `_id`. */
  reservedKey: string;
  reservedScope: string | null;
  reservedSeq: number | null;
  result?: unknown;
  /** When the relay got the broker's acknowledgement; null while pending. */
  publishedAt: Date | null;
}

/** The events of an old commit document, as the PostgreSQL store records them. */
export function toRecordedEvents(doc: CommitDocument): RecordedEvent[] {
  return doc.events.map((e) => ({
    id: e.id,
    streamId: doc.streamId,
    version: e.version,
    type: e.type,
    data: bytesOf(e.data),
    recordedAt: e.recordedAt,
    metadata: e.metadata ?? {},
    prevHash: e.prevHash,
    hash: e.hash,
    source: doc.source,
  }));
}

/** An old commit document as a Commit. */
export function toCommit(doc: CommitDocument): Commit {
  const reservation =
    doc.reservedScope !== null && doc.reservedSeq !== null
      ? { key: doc.reservedKey, scope: doc.reservedScope, seq: doc.reservedSeq }
      : null;
  return {
    commitId: doc._id,
    streamId: doc.streamId,
    firstVersion: doc.firstVersion,
    lastVersion: doc.lastVersion,
    events: toRecordedEvents(doc),
    recordedAt: doc.recordedAt,
    requestId: doc.requestId ?? null,
    result: withPlainBytes(doc.result),
    reservation,
    publishedAt: doc.publishedAt ?? null,
  };
}

/**
 * A commit in the former store's document shape (the inverse of toCommit): to write old-format
 * collections, e.g. the fixtures of a migration test or a copy back for a rollback.
 */
export function toDocument(c: Commit): CommitDocument {
  const source = c.events[0]?.source ?? '';
  return {
    _id: c.commitId,
    streamId: c.streamId,
    firstVersion: c.firstVersion,
    lastVersion: c.lastVersion,
    events: c.events.map((e) => ({
      id: e.id,
      version: e.version,
      type: e.type,
      data: new Binary(Buffer.from(e.data)),
      recordedAt: e.recordedAt,
      metadata: e.metadata,
      prevHash: e.prevHash,
      hash: e.hash,
    })),
    source,
    recordedAt: c.recordedAt,
    requestId: c.requestId,
    requestKey: c.requestId ?? c.commitId,
    reservedKey: c.reservation?.key ?? c.commitId,
    reservedScope: c.reservation?.scope ?? null,
    reservedSeq: c.reservation?.seq ?? null,
    ...(c.result === undefined ? {} : { result: c.result }),
    publishedAt: c.publishedAt,
  };
}

/** The stored answer with the driver's Binary values as Uint8Arrays (as the store writes them). */
function withPlainBytes(v: unknown): unknown {
  if (v instanceof Binary) return bytesOf(v);
  if (Array.isArray(v)) return v.map(withPlainBytes);
  if (v === null || typeof v !== 'object' || v instanceof Date || v instanceof Uint8Array) return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withPlainBytes(x)]));
}

/** A plain Uint8Array copy of the stored bytes (not a Buffer, not a view on a driver buffer). */
function bytesOf(data: Binary | Uint8Array): Uint8Array {
  const bytes = data instanceof Binary ? data.buffer.subarray(0, data.length()) : data;
  return Uint8Array.from(bytes);
}
