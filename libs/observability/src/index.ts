// @onestop/observability: the platform's Prometheus metrics. Each service process exposes them on
// its own port (METRICS_PORT, started by @onestop/runtime's runService); libraries record into the
// one registry through the small APIs below. See README.md ("Operating it → Metrics").
export { metricsRegistry, collectProcessMetrics, safeLabel } from './registry';
export { grpcServerMetrics, grpcCallOf, type GrpcCall, type GrpcType } from './grpc-metrics';
export { commandMetrics, type RejectionKind } from './command-metrics';
export { outboxMetrics } from './outbox-metrics';
export { consumerMetrics } from './consumer-metrics';
export { timerMetrics, type PendingTimers, type TimerKind, type TimerOutcome } from './timer-metrics';
export {
  providerMetrics,
  CIRCUIT_STATES,
  type CircuitStateName,
  type ProviderAttemptOutcome,
  type ProviderCallOutcome,
} from './provider-metrics';
export { DEFAULT_METRICS_PORTS, metricsSettings, startMetricsServer, type MetricsSettings, type MetricsServer } from './http-server';
export * from './tracing';
export {
  Progress,
  Interrupted,
  interruptible,
  progressMode,
  describeProgress,
  formatDuration,
  snapshot,
  type Interruptible,
  type ProgressMode,
  type ProgressOptions,
  type ProgressSnapshot,
  type ProgressUpdate,
} from './progress';
