export { parseTraceparent, formatTraceparent, type SpanContext } from './trace-context';
export {
  configureTracing,
  flushTracing,
  startSpan,
  withSpan,
  currentTraceparent,
  currentTraceIds,
  traceMetadata,
  Span,
  type SpanKind,
  type FinishedSpan,
} from './tracer';
export { tracingSettings } from './settings';
export { otlpBody, type OtlpSettings } from './otlp-exporter';
