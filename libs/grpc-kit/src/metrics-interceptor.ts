// Records every call the server handles (the platform's services, health and reflection alike)
// into grpc_server_* metrics: started, then handled with its status code and duration. Labels are
// the service and method names only.
import * as grpc from '@grpc/grpc-js';
import { grpcCallOf, grpcServerMetrics, type GrpcType } from '@onestop/observability';

function typeOf(method: { requestStream: boolean; responseStream: boolean }): GrpcType {
  if (method.requestStream) return method.responseStream ? 'bidi_stream' : 'client_stream';
  return method.responseStream ? 'server_stream' : 'unary';
}

export const metricsInterceptor: grpc.ServerInterceptor = (method, call) => {
  const rpc = grpcCallOf(method.path, typeOf(method));
  const started = process.hrtime.bigint();
  let done = false;
  const finish = (code: grpc.status) => {
    if (done) return;
    done = true;
    grpcServerMetrics.handled(rpc, grpc.status[code] ?? String(code), Number(process.hrtime.bigint() - started) / 1e9);
  };
  grpcServerMetrics.started(rpc);
  return new grpc.ServerInterceptingCall(call, {
    start(next) {
      next({ onCancel: () => finish(grpc.status.CANCELLED) });
    },
    sendStatus(status, next) {
      finish(status.code);
      next(status);
    },
  });
};
