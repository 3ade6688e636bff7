// W3C Trace Context (https://www.w3.org/TR/trace-context/): the `traceparent` value that travels in
// gRPC metadata and as the CloudEvents distributed-tracing extension (Kafka header ce_traceparent).
import { randomFillSync } from 'node:crypto';

export interface SpanContext {
  /** 32 lowercase hex digits, not all zero. */
  traceId: string;
  /** 16 lowercase hex digits, not all zero. */
  spanId: string;
  sampled: boolean;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/** The span context a traceparent names, or undefined when it is absent or malformed (then a new trace starts). */
export function parseTraceparent(value: string | undefined | null): SpanContext | undefined {
  const m = TRACEPARENT.exec((value ?? '').trim());
  if (!m) return undefined;
  const [, version, traceId, spanId, flags, rest] = m;
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  if (/^0+$/.test(traceId) || /^0+$/.test(spanId)) return undefined;
  return { traceId, spanId, sampled: (parseInt(flags, 16) & 1) === 1 };
}

export function formatTraceparent(ctx: SpanContext): string {
  return `00-${ctx.traceId}-${ctx.spanId}-${ctx.sampled ? '01' : '00'}`;
}

// Ids are cut from a pool of random bytes refilled 4 KB at a time: a span per gRPC call and per
// Kafka delivery made randomBytes() a call into the CSPRNG each (~2 % of intake's CPU under load).
const pool = Buffer.alloc(4096);
let offset = pool.length;

function randomHex(bytes: number): string {
  if (offset + bytes > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const hex = pool.toString('hex', offset, offset + bytes);
  offset += bytes;
  return hex;
}

export const newTraceId = (): string => randomHex(16);
export const newSpanId = (): string => randomHex(8);
