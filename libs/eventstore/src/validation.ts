import { randomUUID } from 'node:crypto';
import { EventStoreArgumentError } from './errors';
import type { AppendOptions, EventMetadata, ExpectedVersion, Reservation, StreamHead } from './types';

const MAX_ID_LENGTH = 200;

export interface ValidAppend {
  streamId: string;
  events: { id: string; type: string; data: Uint8Array }[];
  expectedVersion: ExpectedVersion;
  metadata: EventMetadata;
  requestId: string | null;
  result: unknown;
  reservation: Reservation | null;
  /** The stream's head as the caller read it (AppendOptions.head), or null. */
  head: StreamHead | null;
}

/** Checks append() arguments; returns them normalized (event ids filled in, data copied). */
export function validateAppend(streamId: unknown, events: unknown, options: unknown): ValidAppend {
  assertStreamId(streamId);
  if (!isObject(options)) throw new EventStoreArgumentError('options', 'must be an object with expectedVersion');
  const o = options as Partial<AppendOptions>;
  const requestId = optionalId(o.requestId, 'options.requestId');
  const metadata = validateMetadata(o.metadata);
  if (requestId !== null && metadata.requestId === undefined) metadata.requestId = requestId;
  const expectedVersion = validateExpectedVersion(o.expectedVersion);
  return {
    streamId,
    events: validateEvents(events),
    expectedVersion,
    metadata,
    requestId,
    result: o.result,
    reservation: validateReservation(o.reservation),
    head: validateHead(o.head, expectedVersion),
  };
}

const HASH = /^[0-9a-f]{64}$/;

function validateHead(head: unknown, expectedVersion: ExpectedVersion): StreamHead | null {
  if (head === undefined || head === null) return null;
  if (!isObject(head)) throw new EventStoreArgumentError('options.head', 'must be an object {version, hash}');
  const { version, hash } = head as Record<string, unknown>;
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1 || version !== expectedVersion) {
    throw new EventStoreArgumentError('options.head.version', 'must be the stream version the append expects (an integer >= 1)');
  }
  if (typeof hash !== 'string' || !HASH.test(hash))
    throw new EventStoreArgumentError('options.head.hash', 'must be an event hash (64 hex digits)');
  return { version, hash };
}

export function assertStreamId(streamId: unknown, field = 'streamId'): asserts streamId is string {
  if (typeof streamId !== 'string' || !/^\S+$/u.test(streamId) || streamId.length > MAX_ID_LENGTH) {
    throw new EventStoreArgumentError(field, `must be a non-empty string without whitespace, at most ${MAX_ID_LENGTH} characters`);
  }
}

function validateEvents(events: unknown): ValidAppend['events'] {
  if (!Array.isArray(events) || events.length === 0) {
    throw new EventStoreArgumentError('events', 'must be a non-empty array');
  }
  const ids = new Set<string>();
  return events.map((e: unknown, i) => {
    const field = `events[${i}]`;
    if (!isObject(e)) throw new EventStoreArgumentError(field, 'must be an object {type, data, id?}');
    const { type, data } = e as Record<string, unknown>;
    if (typeof type !== 'string' || !/^\S+$/u.test(type)) {
      throw new EventStoreArgumentError(`${field}.type`, 'must be a non-empty type name without whitespace');
    }
    if (!(data instanceof Uint8Array)) throw new EventStoreArgumentError(`${field}.data`, 'must be a Uint8Array');
    const id = optionalId((e as Record<string, unknown>).id, `${field}.id`) ?? randomUUID();
    if (ids.has(id)) throw new EventStoreArgumentError(`${field}.id`, `duplicates another event id in this append (${id})`);
    ids.add(id);
    return { id, type, data: Uint8Array.from(data) };
  });
}

function validateExpectedVersion(v: unknown): ExpectedVersion {
  if (v === 'no_stream' || v === 'any') return v;
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return v;
  throw new EventStoreArgumentError('options.expectedVersion', "must be an integer >= 0, 'no_stream' or 'any'");
}

function validateMetadata(m: unknown): EventMetadata {
  if (m === undefined || m === null) return {};
  if (!isObject(m)) throw new EventStoreArgumentError('options.metadata', 'must be an object');
  const src = m as Record<string, unknown>;
  const out: EventMetadata = {};
  for (const k of ['correlationId', 'requestId', 'causationId', 'traceparent'] as const) {
    const v = optionalId(src[k], `options.metadata.${k}`);
    if (v !== null) out[k] = v;
  }
  if (src.actor !== undefined && src.actor !== null) {
    if (!isObject(src.actor)) throw new EventStoreArgumentError('options.metadata.actor', 'must be {officerId, role, unitCode}');
    const a = src.actor as Record<string, unknown>;
    out.actor = {
      officerId: requiredText(a.officerId, 'options.metadata.actor.officerId'),
      role: requiredText(a.role, 'options.metadata.actor.role'),
      unitCode: requiredText(a.unitCode, 'options.metadata.actor.unitCode'),
    };
  }
  if (src.simulatedClock === true) out.simulatedClock = true;
  return out;
}

function validateReservation(r: unknown): Reservation | null {
  if (r === undefined || r === null) return null;
  if (!isObject(r)) throw new EventStoreArgumentError('options.reservation', 'must be {key, scope, seq}');
  const { key, scope, seq } = r as Record<string, unknown>;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) {
    throw new EventStoreArgumentError('options.reservation.seq', 'must be an integer >= 1');
  }
  return {
    key: requiredText(key, 'options.reservation.key'),
    scope: requiredText(scope, 'options.reservation.scope'),
    seq,
  };
}

function optionalId(v: unknown, field: string): string | null {
  if (v === undefined || v === null) return null;
  return requiredText(v, field);
}

/** A non-empty string of at most 200 characters, or EventStoreArgumentError naming the field. */
export function requiredText(v: unknown, field: string): string {
  if (typeof v !== 'string' || v.trim() === '' || v.length > MAX_ID_LENGTH) {
    throw new EventStoreArgumentError(field, `must be a non-empty string of at most ${MAX_ID_LENGTH} characters`);
  }
  return v;
}

function isObject(v: unknown): v is object {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
