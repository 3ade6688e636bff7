import { Binary } from 'mongodb';
import { computeEventHash } from './hash';
import type { Commit, EventMetadata, RecordedEvent } from './types';
import type { ValidAppend } from './validation';

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
 * One document per commit (the batch of events appended together). `_id` is
 * `${streamId}:${firstVersion}`, so two appends at the same stream version collide on `_id` and
 * a multi-event append is a single atomic insert. `publishedAt` records when the relay got the
 * broker's acknowledgement; what is still to send is listed in `<collection>_outbox` (outbox.ts).
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

/** Where the stream stands before an append: its last version (0 if empty) and last hash. */
export interface StreamHead {
  version: number;
  hash: string;
}

export function commitId(streamId: string, firstVersion: number): string {
  return `${streamId}:${firstVersion}`;
}

/** Gives the events their versions and hash chain and builds the document to insert. */
export function buildCommitDocument(a: ValidAppend, head: StreamHead, source: string, now: Date): CommitDocument {
  const firstVersion = head.version + 1;
  const id = commitId(a.streamId, firstVersion);
  let prevHash = head.hash;
  const events = a.events.map((e, i): EventDocument => {
    const version = firstVersion + i;
    const hash = computeEventHash({ ...e, streamId: a.streamId, version, recordedAt: now, metadata: a.metadata, prevHash });
    const doc = { id: e.id, version, type: e.type, data: new Binary(e.data), recordedAt: now, metadata: a.metadata, prevHash, hash };
    prevHash = hash;
    return doc;
  });
  const doc: CommitDocument = {
    _id: id,
    streamId: a.streamId,
    firstVersion,
    lastVersion: firstVersion + events.length - 1,
    events,
    source,
    recordedAt: now,
    requestId: a.requestId,
    requestKey: a.requestId ?? id,
    reservedKey: a.reservation?.key ?? id,
    reservedScope: a.reservation?.scope ?? null,
    reservedSeq: a.reservation?.seq ?? null,
    publishedAt: null,
  };
  if (a.result !== undefined) doc.result = a.result;
  return doc;
}

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
    result: doc.result,
    reservation,
    publishedAt: doc.publishedAt ?? null,
  };
}

/** A plain Uint8Array copy of the stored bytes (not a Buffer, not a view on a driver buffer). */
function bytesOf(data: Binary | Uint8Array): Uint8Array {
  const bytes = data instanceof Binary ? data.buffer.subarray(0, data.length()) : data;
  return Uint8Array.from(bytes);
}
