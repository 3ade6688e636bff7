// Structured logs: one JSON object per line (pino), with the service name, and dossierId /
// correlationId as fields on child loggers — never built into the message text.
import pino, { type Logger } from 'pino';
import { currentTraceIds } from '@onestop/observability';

export type { Logger } from 'pino';

export function createLogger(
  service: string,
  level: string = process.env.LOG_LEVEL ?? 'info',
  destination?: pino.DestinationStream,
): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }), log: (fields) => truncateFields(fields) as Record<string, unknown> },
    // traceId / spanId of the current span (a gRPC call, a Kafka delivery) on every line.
    mixin: currentTraceIds,
    // personal data never reaches a line (issue 15, PII): by path here, and by key at any depth in
    // truncateFields below (a path list cannot follow every nesting a caller may log)
    redact: { paths: PII_REDACT_PATHS, censor: REDACTED },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** What a personal-data field is replaced with on a log line. */
export const REDACTED = '[redacted]';
/**
 * Field names that carry personal data (names, ID numbers, phones, addresses, e-mail) in the
 * platform's messages, camelCase (ts-proto) and snake_case (the wire, the webhook): their values are
 * never written to a log line, at any depth.
 */
export const PII_KEYS: ReadonlySet<string> = new Set([
  'applicant',
  'recipient',
  'pickupFrom',
  'pickup_from',
  'fullName',
  'full_name',
  'name',
  'applicantName',
  'applicant_name',
  'recipientName',
  'recipient_name',
  'idNumber',
  'id_number',
  'phone',
  'email',
  'address',
  'fromAddress',
  'from_address',
  'toAddress',
  'to_address',
]);
const PII_REDACT_PATHS = [...PII_KEYS].flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);

/** Longest string field written to a log line; a client's megabyte value is cut to this. */
export const MAX_LOG_FIELD_CHARS = 1000;
const MAX_LOG_ITEMS = 50;
const MAX_LOG_DEPTH = 6;

/**
 * A log line's fields with long strings cut (noting the original length), long arrays shortened and
 * deep nesting elided, so that no input can make a line megabytes long. Errors keep their shape.
 */
export function truncateFields(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') {
    return value.length > MAX_LOG_FIELD_CHARS ? `${value.slice(0, MAX_LOG_FIELD_CHARS)}…(${value.length} chars)` : value;
  }
  if (typeof value !== 'object' || value === null || value instanceof Date) return value;
  if (depth >= MAX_LOG_DEPTH) return '[nested too deep]';
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_LOG_ITEMS).map((v) => truncateFields(v, depth + 1));
    return value.length > MAX_LOG_ITEMS ? [...items, `…(${value.length - MAX_LOG_ITEMS} more)`] : items;
  }
  if (value instanceof Error) {
    const cut = new Error(truncateFields(value.message, depth + 1) as string);
    cut.name = value.name;
    cut.stack = truncateFields(value.stack ?? '', depth + 1) as string;
    return cut;
  }
  if (Buffer.isBuffer(value)) return `[${value.length} bytes]`;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = PII_KEYS.has(k) && v !== '' && v != null ? REDACTED : truncateFields(v, depth + 1);
  return out;
}

/** A logger that writes nothing, for tests and tools that print their own output. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
