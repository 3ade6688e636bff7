// CloudEvents 1.0 over Kafka in BINARY content mode (CloudEvents Kafka protocol binding):
// attributes travel as `ce_*` headers, the Kafka value is the protobuf payload unchanged and the
// key is the stream (dossier) id, so all events of a dossier land in one partition, in order.
import type { IHeaders } from 'kafkajs';
import type { EventEnvelope, EventMetadata, PublishableEvent } from './event-types';

export const CONTENT_TYPE_PROTOBUF = 'application/protobuf';
export const CE_SPEC_VERSION = '1.0';

export const CE_HEADERS = {
  specversion: 'ce_specversion',
  id: 'ce_id',
  source: 'ce_source',
  type: 'ce_type',
  time: 'ce_time',
  subject: 'ce_subject',
  contentType: 'content-type',
  streamVersion: 'ce_streamversion',
  hash: 'ce_hash',
  prevHash: 'ce_prevhash',
  correlationId: 'ce_correlationid',
  requestId: 'ce_requestid',
  causationId: 'ce_causationid',
  actorId: 'ce_actorid',
  actorRole: 'ce_actorrole',
  actorUnit: 'ce_actorunit',
  /** CloudEvents distributed-tracing extension (W3C trace context). */
  traceparent: 'ce_traceparent',
  simulatedClock: 'ce_simulatedclock',
} as const;

/** A message ready for the producer. */
export interface OutboundMessage {
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

/** A message as the consumer hands it over (kafkajs' KafkaMessage fits). */
export interface InboundMessage {
  key?: Buffer | string | null;
  value: Buffer | null;
  headers?: IHeaders;
  offset: string;
}

/** A Kafka message that is not a well-formed event of ours; `header` names what is wrong. */
export class CloudEventDecodeError extends Error {
  override readonly name = 'CloudEventDecodeError';
  constructor(
    readonly header: string,
    readonly problem: string,
    readonly topic: string,
    readonly partition: number,
    readonly offset: string,
  ) {
    super(`${topic}[${partition}]@${offset}: ${header} ${problem}`);
  }
}

export function toKafkaMessage(event: PublishableEvent, source?: string): OutboundMessage {
  const ceSource = source ?? event.source;
  requireText(event.id, 'id');
  requireText(event.streamId, 'streamId');
  requireText(event.type, 'type');
  requireText(event.hash, 'hash');
  requireText(ceSource, 'source');
  if (!Number.isInteger(event.version) || event.version < 1) {
    throw new Error(`toKafkaMessage: version must be a positive integer, got ${event.version}`);
  }
  if (!(event.data instanceof Uint8Array)) throw new Error('toKafkaMessage: data must be a Uint8Array');
  if (!(event.recordedAt instanceof Date) || Number.isNaN(event.recordedAt.getTime())) {
    throw new Error('toKafkaMessage: recordedAt must be a valid Date');
  }
  const headers: Record<string, string> = {
    [CE_HEADERS.specversion]: CE_SPEC_VERSION,
    [CE_HEADERS.id]: event.id,
    [CE_HEADERS.source]: ceSource as string,
    [CE_HEADERS.type]: event.type,
    [CE_HEADERS.time]: event.recordedAt.toISOString(),
    [CE_HEADERS.subject]: event.streamId,
    [CE_HEADERS.contentType]: CONTENT_TYPE_PROTOBUF,
    [CE_HEADERS.streamVersion]: String(event.version),
    [CE_HEADERS.hash]: event.hash,
  };
  addOptional(headers, CE_HEADERS.prevHash, event.prevHash);
  addMetadataHeaders(headers, event.metadata ?? {});
  return {
    key: event.streamId,
    value: Buffer.from(event.data.buffer, event.data.byteOffset, event.data.byteLength),
    headers,
  };
}

function addMetadataHeaders(headers: Record<string, string>, metadata: EventMetadata): void {
  addOptional(headers, CE_HEADERS.correlationId, metadata.correlationId);
  addOptional(headers, CE_HEADERS.requestId, metadata.requestId);
  addOptional(headers, CE_HEADERS.causationId, metadata.causationId);
  addOptional(headers, CE_HEADERS.traceparent, metadata.traceparent);
  if (metadata.simulatedClock === true) headers[CE_HEADERS.simulatedClock] = 'true';
  if (metadata.actor) {
    addOptional(headers, CE_HEADERS.actorId, metadata.actor.officerId);
    addOptional(headers, CE_HEADERS.actorRole, metadata.actor.role);
    addOptional(headers, CE_HEADERS.actorUnit, metadata.actor.unitCode);
  }
}

function addOptional(headers: Record<string, string>, name: string, value: string | null | undefined): void {
  if (typeof value === 'string') headers[name] = value;
}

function requireText(value: unknown, field: string): void {
  if (typeof value !== 'string' || value === '') {
    throw new Error(`toKafkaMessage: ${field} must be a non-empty string`);
  }
}

export function fromKafkaMessage(message: InboundMessage, topic: string, partition: number): EventEnvelope {
  const read = new HeaderReader(message.headers ?? {}, topic, partition, message.offset);
  const specversion = read.required(CE_HEADERS.specversion);
  if (specversion !== CE_SPEC_VERSION) read.fail(CE_HEADERS.specversion, `must be "1.0", got "${specversion}"`);
  const contentType = read.required(CE_HEADERS.contentType);
  if (contentType !== CONTENT_TYPE_PROTOBUF) {
    read.fail(CE_HEADERS.contentType, `must be "${CONTENT_TYPE_PROTOBUF}", got "${contentType}"`);
  }
  if (message.value === null || message.value === undefined) read.fail('value', 'is missing (tombstone)');
  const subject = read.required(CE_HEADERS.subject);
  return {
    id: read.required(CE_HEADERS.id),
    source: read.required(CE_HEADERS.source),
    type: read.required(CE_HEADERS.type),
    subject,
    time: read.time(CE_HEADERS.time),
    data: message.value as Buffer,
    streamId: subject,
    streamVersion: read.positiveInteger(CE_HEADERS.streamVersion),
    hash: read.required(CE_HEADERS.hash),
    prevHash: read.optional(CE_HEADERS.prevHash) ?? null,
    metadata: readMetadata(read),
    topic,
    partition,
    offset: message.offset,
  };
}

function readMetadata(read: HeaderReader): EventMetadata {
  const metadata: EventMetadata = {};
  const correlationId = read.optional(CE_HEADERS.correlationId);
  const requestId = read.optional(CE_HEADERS.requestId);
  const causationId = read.optional(CE_HEADERS.causationId);
  if (correlationId !== undefined) metadata.correlationId = correlationId;
  if (requestId !== undefined) metadata.requestId = requestId;
  if (causationId !== undefined) metadata.causationId = causationId;
  const traceparent = read.optional(CE_HEADERS.traceparent);
  if (traceparent !== undefined) metadata.traceparent = traceparent;
  if (read.optional(CE_HEADERS.simulatedClock) === 'true') metadata.simulatedClock = true;
  const actorHeaders = [CE_HEADERS.actorId, CE_HEADERS.actorRole, CE_HEADERS.actorUnit];
  if (actorHeaders.some((h) => read.optional(h) !== undefined)) {
    metadata.actor = {
      officerId: read.required(CE_HEADERS.actorId),
      role: read.required(CE_HEADERS.actorRole),
      unitCode: read.required(CE_HEADERS.actorUnit),
    };
  }
  return metadata;
}

/** Reads header values as UTF-8 text and reports problems as CloudEventDecodeError. */
class HeaderReader {
  constructor(
    private readonly headers: IHeaders,
    private readonly topic: string,
    private readonly partition: number,
    private readonly offset: string,
  ) {}

  optional(name: string): string | undefined {
    const raw = this.headers[name];
    const first = Array.isArray(raw) ? raw[0] : raw;
    if (first === undefined || first === null) return undefined;
    return Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
  }

  required(name: string): string {
    const value = this.optional(name);
    if (value === undefined || value === '') this.fail(name, 'is missing');
    return value;
  }

  time(name: string): Date {
    const text = this.required(name);
    const time = new Date(text);
    if (!RFC3339.test(text) || Number.isNaN(time.getTime())) this.fail(name, `is not an RFC 3339 time: "${text}"`);
    return time;
  }

  positiveInteger(name: string): number {
    const text = this.required(name);
    const n = Number(text);
    if (!/^[1-9][0-9]*$/.test(text) || !Number.isSafeInteger(n)) this.fail(name, `is not a positive integer: "${text}"`);
    return n;
  }

  fail(header: string, problem: string): never {
    throw new CloudEventDecodeError(header, problem, this.topic, this.partition, this.offset);
  }
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
