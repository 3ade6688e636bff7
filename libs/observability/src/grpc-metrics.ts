// gRPC server calls, by method and status code (the go-grpc-prometheus names, which dashboards
// and alert rules for gRPC services already expect).
import { Counter, Histogram } from 'prom-client';
import { metricsRegistry, safeLabel } from './registry';

export type GrpcType = 'unary' | 'client_stream' | 'server_stream' | 'bidi_stream';

const labels = ['grpc_service', 'grpc_method', 'grpc_type'] as const;

const started = new Counter({
  name: 'grpc_server_started_total',
  help: 'gRPC calls started on the server.',
  labelNames: labels,
  registers: [metricsRegistry],
});
const handled = new Counter({
  name: 'grpc_server_handled_total',
  help: 'gRPC calls completed on the server, by status code.',
  labelNames: [...labels, 'grpc_code'],
  registers: [metricsRegistry],
});
const handling = new Histogram({
  name: 'grpc_server_handling_seconds',
  help: 'Time from a call arriving to its status being sent, by status code.',
  labelNames: [...labels, 'grpc_code'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [metricsRegistry],
});

export interface GrpcCall {
  service: string;
  method: string;
  type: GrpcType;
}

/** `/pkg.Service/Method` → service and method. */
export function grpcCallOf(path: string, type: GrpcType): GrpcCall {
  const match = /^\/([^/]+)\/([^/]+)$/.exec(path);
  return { service: safeLabel(match?.[1] ?? 'unknown'), method: safeLabel(match?.[2] ?? 'unknown'), type };
}

export const grpcServerMetrics = {
  started(call: GrpcCall): void {
    started.inc({ grpc_service: call.service, grpc_method: call.method, grpc_type: call.type });
  },
  /** `code` is the gRPC status name, e.g. "OK", "INVALID_ARGUMENT". */
  handled(call: GrpcCall, code: string, seconds: number): void {
    const l = { grpc_service: call.service, grpc_method: call.method, grpc_type: call.type, grpc_code: safeLabel(code) };
    handled.inc(l);
    handling.observe(l, seconds);
  },
};
