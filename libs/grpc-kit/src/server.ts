// A gRPC server with the platform's conventions: bearer-token auth on every RPC (except health and
// reflection), a correlation id per call, errors mapped once, grpc.health.v1 and server reflection
// of exactly the services this server serves (see reflection.ts).
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import type { FileDescriptorSet } from '@bufbuild/protobuf/wkt';
import { HealthImplementation } from 'grpc-health-check';
import type { Logger } from 'pino';
import { startSpan, withSpan } from '@onestop/observability';
import type { TokenVerifier } from './auth';
import { DescriptorIndex, loadDescriptorSet } from './descriptors';
import { metricsInterceptor } from './metrics-interceptor';
import { addReflection } from './reflection';
import { guardDefinition, edgeViolations, messageSizeOptions } from './edge';
import { InvalidArgumentError, PermissionDeniedError, toServiceError, UnauthenticatedError } from './errors';
import type { Identity, Role } from './identity';

export const CORRELATION_HEADER = 'x-correlation-id';
/** W3C trace context (https://www.w3.org/TR/trace-context/) in gRPC metadata. */
export const TRACEPARENT_HEADER = 'traceparent';

/** What a handler knows about the call besides the request. */
export interface CallContext {
  identity: Identity;
  correlationId: string;
  deadline?: Date;
  logger: Logger;
}

export type UnaryHandler<Req, Res> = (request: Req, ctx: CallContext) => Promise<Res>;

export interface UnaryOptions {
  /** Roles allowed to call; any authenticated caller when absent. */
  roles?: readonly Role[];
}

function bearerOf(metadata: grpc.Metadata): string {
  const value = metadata.get('authorization')[0];
  if (typeof value !== 'string' || !value) throw new UnauthenticatedError('missing bearer token (authorization metadata)');
  const match = /^Bearer\s+(\S+)$/i.exec(value);
  if (!match) throw new UnauthenticatedError('authorization metadata must be "Bearer <token>"');
  return match[1];
}

function correlationOf(metadata: grpc.Metadata): string {
  const value = metadata.get(CORRELATION_HEADER)[0];
  return typeof value === 'string' && /^[\w.:-]{1,128}$/.test(value) ? value : randomUUID();
}

function deadlineOf(call: grpc.ServerUnaryCall<unknown, unknown>): Date | undefined {
  const d = call.getDeadline();
  if (d instanceof Date) return d;
  return typeof d === 'number' && Number.isFinite(d) ? new Date(d) : undefined;
}

/** Returns `unary`, which turns a typed handler into a grpc-js unary handler. */
export function createRpc(deps: { verifier: TokenVerifier; logger: Logger }) {
  return function unary<Req, Res>(handler: UnaryHandler<Req, Res>, options: UnaryOptions = {}): grpc.handleUnaryCall<Req, Res> {
    return (call, callback) => {
      const correlationId = correlationOf(call.metadata);
      const logger = deps.logger.child({ correlationId, rpc: call.getPath() });
      call.sendMetadata(new grpc.Metadata());
      // A server span, child of the caller's traceparent when it sent one; the handler runs inside
      // it, so the events it records and the calls it makes carry the same trace.
      const [, service = '', method = ''] = /^\/([^/]+)\/([^/]+)$/.exec(call.getPath()) ?? [];
      const traceparent = call.metadata.get(TRACEPARENT_HEADER)[0];
      const span = startSpan(`${service}/${method}`, {
        kind: 'server',
        traceparent: typeof traceparent === 'string' ? traceparent : undefined,
        attributes: { 'rpc.system': 'grpc', 'rpc.service': service, 'rpc.method': method },
      });
      void withSpan(span, () =>
        (async () => {
          const identity = await deps.verifier.verify(bearerOf(call.metadata));
          if (options.roles && !options.roles.includes(identity.role)) {
            throw new PermissionDeniedError(`role ${identity.role} may not call ${call.getPath()}; allowed: ${options.roles.join(', ')}`);
          }
          // edge limits (edge.ts): sizes, enums, instants, ids, normalised text — before any handler
          const violations = edgeViolations(call.getPath(), call.request, new Date());
          if (violations.length) throw new InvalidArgumentError(violations);
          return handler(call.request, {
            identity,
            correlationId,
            deadline: deadlineOf(call),
            logger: logger.child({ officerId: identity.officerId }),
          });
        })().then(
          (response) => {
            span.setAttribute('rpc.grpc.status_code', grpc.status.OK);
            span.end();
            callback(null, response);
          },
          (err: unknown) => {
            const mapped = toServiceError(err);
            span.setAttribute('rpc.grpc.status_code', mapped.code);
            span.end(mapped.internal ? grpc.status[mapped.code] : undefined);
            if (mapped.internal) logger.error({ err }, 'unexpected error in handler');
            else logger.info({ code: grpc.status[mapped.code], reason: mapped.details }, 'request rejected');
            callback(mapped);
          },
        ),
      );
    };
  };
}

export interface ServiceRegistration {
  /** Fully-qualified service name, e.g. "onestop.intake.v1.IntakeService" (health status key). */
  name: string;
  definition: grpc.ServiceDefinition;
  implementation: grpc.UntypedServiceImplementation;
}

export interface RunningServer {
  port: number;
  stop(): Promise<void>;
}

let descriptors: { set: FileDescriptorSet; index: DescriptorIndex } | undefined;
/** The build's descriptor set, read and indexed once per process. */
function reflectionDescriptors(): { set: FileDescriptorSet; index: DescriptorIndex } {
  if (!descriptors) {
    const set = loadDescriptorSet();
    descriptors = { set, index: new DescriptorIndex(set) };
  }
  return descriptors;
}

/** Starts a server on host:port (port 0 = any free port) with health and reflection. */
export async function startGrpcServer(options: {
  host: string;
  port: number;
  services: ServiceRegistration[];
  logger: Logger;
}): Promise<RunningServer> {
  // bounded message sizes (edge.ts); every call counted and timed (metrics-interceptor.ts)
  const server = new grpc.Server({ ...messageSizeOptions(), interceptors: [metricsInterceptor] });
  for (const s of options.services) server.addService(guardDefinition(s.definition), s.implementation);

  const health = new HealthImplementation({ '': 'SERVING', ...Object.fromEntries(options.services.map((s) => [s.name, 'SERVING'])) });
  health.addToServer(server);
  const { set, index } = reflectionDescriptors();
  addReflection(server, set, index.scope(options.services.map((s) => s.name)));

  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${options.host}:${options.port}`, grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  return {
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of options.services) health.setStatus(s.name, 'NOT_SERVING');
        const force = setTimeout(() => server.forceShutdown(), 5000);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      }),
  };
}
