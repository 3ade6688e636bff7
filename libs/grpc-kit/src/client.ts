// Calling another service (or this one, from tests and tools) with a bearer token, a correlation id
// and a deadline, as a promise.
import * as grpc from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { currentTraceparent } from '@onestop/observability';
import { messageSizeOptions } from './edge';
import { CORRELATION_HEADER, TRACEPARENT_HEADER } from './server';

export interface CallOptions {
  token?: string;
  correlationId?: string;
  /** W3C trace context to continue; the current span's when absent. */
  traceparent?: string;
  /** Deadline from now; default 10 s. */
  timeoutMs?: number;
}

type ClientCtor<C> = new (address: string, credentials: grpc.ChannelCredentials, options?: Partial<grpc.ClientOptions>) => C;

/**
 * Reconnection back-off of a client channel. gRPC's default grows to 120 s, so a peer that was
 * down for a few seconds (a restart, a crash and the launcher's back-off) stayed unreachable for
 * up to a minute after it was back; capped here, a restarted peer is found again within seconds.
 */
export const RECONNECT_BACKOFF_MS = { initial: 250, max: 2000 } as const;

/** Options of every client channel: message size bounds and the capped reconnection back-off. */
export function clientChannelOptions(): Partial<grpc.ClientOptions> {
  return {
    ...messageSizeOptions(),
    'grpc.initial_reconnect_backoff_ms': RECONNECT_BACKOFF_MS.initial,
    'grpc.max_reconnect_backoff_ms': RECONNECT_BACKOFF_MS.max,
  };
}

export function grpcClient<C>(Ctor: ClientCtor<C>, address: string): C {
  return new Ctor(address, grpc.credentials.createInsecure(), clientChannelOptions());
}

type UnaryMethod<Req, Res> = (
  request: Req,
  metadata: grpc.Metadata,
  options: Partial<grpc.CallOptions>,
  callback: (error: grpc.ServiceError | null, response: Res) => void,
) => grpc.ClientUnaryCall;

/** call(client.submitDossier.bind(client), request, { token }) */
export function call<Req, Res>(method: UnaryMethod<Req, Res>, request: Req, options: CallOptions = {}): Promise<Res> {
  const metadata = new grpc.Metadata();
  if (options.token) metadata.set('authorization', `Bearer ${options.token}`);
  metadata.set(CORRELATION_HEADER, options.correlationId ?? randomUUID());
  const traceparent = options.traceparent ?? currentTraceparent();
  if (traceparent) metadata.set(TRACEPARENT_HEADER, traceparent);
  const deadline = new Date(Date.now() + (options.timeoutMs ?? 10_000));
  return new Promise((resolve, reject) => {
    method(request, metadata, { deadline }, (err, res) => (err ? reject(err) : resolve(res)));
  });
}
