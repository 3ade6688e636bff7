import { otlpBody } from './otlp-exporter';
import { tracingSettings } from './settings';
import { formatTraceparent, newSpanId, newTraceId, parseTraceparent } from './trace-context';
import { currentTraceparent, startSpan, traceMetadata, withSpan } from './tracer';

describe('W3C traceparent', () => {
  it('parses and formats a valid value', () => {
    const v = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    expect(parseTraceparent(v)).toEqual({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', sampled: true });
    expect(formatTraceparent(parseTraceparent(v)!)).toBe(v);
  });
  it('ignores malformed or all-zero values (a new trace starts)', () => {
    for (const bad of [
      undefined,
      '',
      'garbage',
      '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01',
      'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      '00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01',
    ]) {
      expect(parseTraceparent(bad)).toBeUndefined();
    }
  });
});

describe('ids', () => {
  it('are hex of the W3C lengths and do not repeat across refills of the random pool', () => {
    const spans = Array.from({ length: 2000 }, newSpanId);
    const traces = Array.from({ length: 1000 }, newTraceId);
    for (const id of spans) expect(id).toMatch(/^[0-9a-f]{16}$/);
    for (const id of traces) expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set([...spans, ...traces]).size).toBe(3000);
  });
});

describe('spans and the current context', () => {
  it('continues the given trace, and is current inside withSpan only', async () => {
    const span = startSpan('op', { kind: 'server', traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' });
    expect(span.context.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(currentTraceparent()).toBeUndefined();
    expect(traceMetadata()).toEqual({});
    await withSpan(span, async () => {
      await new Promise((r) => setTimeout(r, 1));
      expect(traceMetadata()).toEqual({ traceparent: span.traceparent });
      const child = startSpan('child', { kind: 'consumer' });
      expect(child.context.traceId).toBe(span.context.traceId);
      expect(child.context.spanId).not.toBe(span.context.spanId);
    });
  });
});

describe('OTEL_* settings', () => {
  it('are off by default and with OTEL_SDK_DISABLED or OTEL_TRACES_EXPORTER=none', () => {
    expect(tracingSettings('intake', {})).toBeUndefined();
    expect(tracingSettings('intake', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' })).toBeUndefined();
    expect(tracingSettings('intake', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_TRACES_EXPORTER: 'none' })).toBeUndefined();
  });
  it('export to <endpoint>/v1/traces, or the traces endpoint as given, with headers and resource', () => {
    const s = tracingSettings('intake', {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/',
      OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20x',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=test',
    });
    expect(s).toMatchObject({
      url: 'http://c:4318/v1/traces',
      headers: { authorization: 'Bearer x' },
      resource: { 'service.name': 'intake', 'deployment.environment': 'test' },
      scheduleDelayMs: 5000,
    });
    expect(
      tracingSettings('intake', { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/custom', OTEL_SERVICE_NAME: 'desk' }),
    ).toMatchObject({ url: 'http://c:4318/custom', resource: { 'service.name': 'desk' } });
  });
  it('name the variable that is wrong', () => {
    expect(() => tracingSettings('intake', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toThrow(
      /OTEL_EXPORTER_OTLP_PROTOCOL/,
    );
    expect(() => tracingSettings('intake', { OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
    expect(() => tracingSettings('intake', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c', OTEL_BSP_SCHEDULE_DELAY: 'soon' })).toThrow(
      /OTEL_BSP_SCHEDULE_DELAY/,
    );
  });
});

it('encodes spans as OTLP/JSON: hex ids, nanosecond strings, kind and status numbers', () => {
  const body = otlpBody(
    [
      {
        name: 'a/B',
        kind: 'server',
        traceId: 't'.repeat(32),
        spanId: 's'.repeat(16),
        parentSpanId: 'p'.repeat(16),
        startNs: 1n,
        endNs: 2n,
        attributes: { 'rpc.grpc.status_code': 0, ok: true, r: 0.5 },
        error: 'INTERNAL',
      },
    ],
    { 'service.name': 'intake' },
  ) as { resourceSpans: { resource: unknown; scopeSpans: { spans: unknown[] }[] }[] };
  expect(body.resourceSpans[0].resource).toEqual({ attributes: [{ key: 'service.name', value: { stringValue: 'intake' } }] });
  expect(body.resourceSpans[0].scopeSpans[0].spans[0]).toEqual({
    traceId: 't'.repeat(32),
    spanId: 's'.repeat(16),
    parentSpanId: 'p'.repeat(16),
    name: 'a/B',
    kind: 2,
    startTimeUnixNano: '1',
    endTimeUnixNano: '2',
    attributes: [
      { key: 'rpc.grpc.status_code', value: { intValue: '0' } },
      { key: 'ok', value: { boolValue: true } },
      { key: 'r', value: { doubleValue: 0.5 } },
    ],
    status: { code: 2, message: 'INTERNAL' },
  });
});
