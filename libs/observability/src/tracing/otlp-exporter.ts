// Sends finished spans to an OpenTelemetry collector over OTLP/HTTP with the JSON encoding, in
// batches. Configured by the standard variables (see tracingSettings); nothing is sent when off.
import type { FinishedSpan, SpanKind } from './tracer';

export interface OtlpSettings {
  /** Full URL of the traces endpoint, e.g. http://collector:4318/v1/traces. */
  url: string;
  headers: Record<string, string>;
  resource: Record<string, string>;
  /** OTEL_BSP_SCHEDULE_DELAY (ms, default 5000). */
  scheduleDelayMs: number;
  /** OTEL_BSP_MAX_EXPORT_BATCH_SIZE (default 512). */
  maxBatch: number;
  /** OTEL_BSP_MAX_QUEUE_SIZE (default 2048): spans beyond it are dropped, counted in the log. */
  maxQueue: number;
  /** OTEL_EXPORTER_OTLP_TRACES_TIMEOUT / OTEL_EXPORTER_OTLP_TIMEOUT (ms, default 10000). */
  timeoutMs: number;
}

const KIND: Record<SpanKind, number> = { internal: 1, server: 2, client: 3, producer: 4, consumer: 5 };

function attributes(values: Record<string, string | number | boolean>) {
  return Object.entries(values).map(([key, v]) => ({
    key,
    value:
      typeof v === 'string'
        ? { stringValue: v }
        : typeof v === 'boolean'
          ? { boolValue: v }
          : Number.isInteger(v)
            ? { intValue: String(v) }
            : { doubleValue: v },
  }));
}

/** The OTLP/JSON request body for `spans` (trace and span ids as hex, times as nanosecond strings). */
export function otlpBody(spans: readonly FinishedSpan[], resource: Record<string, string>): unknown {
  return {
    resourceSpans: [
      {
        resource: { attributes: attributes(resource) },
        scopeSpans: [
          {
            scope: { name: '@onestop/observability' },
            spans: spans.map((s) => ({
              traceId: s.traceId,
              spanId: s.spanId,
              ...(s.parentSpanId ? { parentSpanId: s.parentSpanId } : {}),
              name: s.name,
              kind: KIND[s.kind],
              startTimeUnixNano: s.startNs.toString(),
              endTimeUnixNano: s.endNs.toString(),
              attributes: attributes(s.attributes),
              status: s.error === undefined ? { code: 1 } : { code: 2, message: s.error },
            })),
          },
        ],
      },
    ],
  };
}

export class OtlpExporter {
  private queue: FinishedSpan[] = [];
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> = Promise.resolve();
  private dropped = 0;

  constructor(
    private readonly settings: OtlpSettings,
    private readonly onError: (message: string) => void,
  ) {}

  add(span: FinishedSpan): void {
    if (this.queue.length >= this.settings.maxQueue) {
      this.dropped += 1;
      return;
    }
    this.queue.push(span);
    if (this.queue.length >= this.settings.maxBatch) void this.flush();
    else if (!this.timer) this.timer = setTimeout(() => void this.flush(), this.settings.scheduleDelayMs).unref();
  }

  /** Sends everything queued; resolves when the collector answered (or the send failed). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue.splice(0, this.queue.length);
    if (this.dropped > 0) {
      this.onError(`dropped ${this.dropped} spans: queue full (OTEL_BSP_MAX_QUEUE_SIZE ${this.settings.maxQueue})`);
      this.dropped = 0;
    }
    if (batch.length === 0) return this.sending;
    this.sending = this.sending.then(async () => {
      for (let i = 0; i < batch.length; i += this.settings.maxBatch) await this.send(batch.slice(i, i + this.settings.maxBatch));
    });
    return this.sending;
  }

  private async send(spans: FinishedSpan[]): Promise<void> {
    try {
      const res = await fetch(this.settings.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...this.settings.headers },
        body: JSON.stringify(otlpBody(spans, this.settings.resource)),
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
      if (!res.ok) this.onError(`OTLP export of ${spans.length} spans to ${this.settings.url}: HTTP ${res.status}`);
    } catch (err) {
      this.onError(`OTLP export of ${spans.length} spans to ${this.settings.url} failed: ${(err as Error).message}`);
    }
  }
}
