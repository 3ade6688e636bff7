// Spans and the current trace context (AsyncLocalStorage): a gRPC call or a Kafka delivery starts
// a span from the incoming traceparent, runs its handler inside it, and whatever the handler does
// (events it appends, calls it makes, lines it logs) carries the same trace id.
import { AsyncLocalStorage } from 'node:async_hooks';
import { OtlpExporter } from './otlp-exporter';
import { tracingSettings } from './settings';
import { formatTraceparent, newSpanId, newTraceId, parseTraceparent, type SpanContext } from './trace-context';

export type SpanKind = 'internal' | 'server' | 'client' | 'producer' | 'consumer';
type Attributes = Record<string, string | number | boolean>;

export interface FinishedSpan {
  name: string;
  kind: SpanKind;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  startNs: bigint;
  endNs: bigint;
  attributes: Attributes;
  /** Set when the span ended in error (its message). */
  error?: string;
}

const current = new AsyncLocalStorage<SpanContext>();
let exporter: OtlpExporter | undefined;

/** Reads the OTEL_* variables once per process; returns whether spans are exported. */
export function configureTracing(service: string, env: NodeJS.ProcessEnv, onError: (message: string) => void): boolean {
  const settings = tracingSettings(service, env);
  exporter = settings ? new OtlpExporter(settings, onError) : undefined;
  return exporter !== undefined;
}

/** Sends the spans still queued (on shutdown). */
export async function flushTracing(): Promise<void> {
  await exporter?.flush();
}

// Wall-clock nanoseconds, advanced by the monotonic clock so a span never ends before it started.
const epochNs = BigInt(Date.now()) * 1_000_000n;
const hrAtEpoch = process.hrtime.bigint();
function nowNs(): bigint {
  return epochNs + (process.hrtime.bigint() - hrAtEpoch);
}

export class Span {
  readonly context: SpanContext;
  private readonly startNs = nowNs();
  private ended = false;

  constructor(
    readonly name: string,
    readonly kind: SpanKind,
    private readonly parent: SpanContext | undefined,
    private readonly attributes: Attributes,
  ) {
    this.context = {
      traceId: parent?.traceId ?? newTraceId(),
      spanId: newSpanId(),
      sampled: parent ? parent.sampled : exporter !== undefined,
    };
  }

  get traceparent(): string {
    return formatTraceparent(this.context);
  }

  setAttribute(key: string, value: string | number | boolean): void {
    this.attributes[key] = value;
  }

  /** Ends the span once; `error` marks it failed. */
  end(error?: string): void {
    if (this.ended) return;
    this.ended = true;
    if (!exporter || !this.context.sampled) return;
    exporter.add({
      name: this.name,
      kind: this.kind,
      traceId: this.context.traceId,
      spanId: this.context.spanId,
      ...(this.parent ? { parentSpanId: this.parent.spanId } : {}),
      startNs: this.startNs,
      endNs: nowNs(),
      attributes: this.attributes,
      ...(error !== undefined ? { error } : {}),
    });
  }
}

/**
 * Starts a span. Its parent is the traceparent given (from a call or an event) when valid, else
 * the current span, else none (a new trace).
 */
export function startSpan(name: string, options: { kind: SpanKind; traceparent?: string | null; attributes?: Attributes }): Span {
  const parent = parseTraceparent(options.traceparent) ?? current.getStore();
  return new Span(name, options.kind, parent, { ...(options.attributes ?? {}) });
}

/** Runs `fn` with `span` as the current span. */
export function withSpan<T>(span: Span, fn: () => T): T {
  return current.run(span.context, fn);
}

/** The current span's traceparent, to put on an outgoing call or a stored event. */
export function currentTraceparent(): string | undefined {
  const ctx = current.getStore();
  return ctx ? formatTraceparent(ctx) : undefined;
}

/** The current trace and span ids, for log lines (pino mixin). */
export function currentTraceIds(): { traceId: string; spanId: string } | Record<string, never> {
  const ctx = current.getStore();
  return ctx ? { traceId: ctx.traceId, spanId: ctx.spanId } : {};
}

/** `{ traceparent }` of the current span, or `{}`: spread into the metadata of events being recorded. */
export function traceMetadata(): { traceparent?: string } {
  const traceparent = currentTraceparent();
  return traceparent ? { traceparent } : {};
}
