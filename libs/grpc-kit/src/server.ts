// A gRPC server with the platform's conventions: bearer-token auth on every RPC (except health and
// reflection), a correlation id per call, errors mapped once, grpc.health.v1 and server reflection.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { loadSync, type PackageDefinition } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation, protoPath as healthProtoPath } from 'grpc-health-check';
import { PROTO_ROOT } from '@onestop/contracts';
import type { Logger } from 'pino';
import type { TokenVerifier } from './auth';
import { PermissionDeniedError, toServiceError, UnauthenticatedError } from './errors';
import type { Identity, Role } from './identity';

export const CORRELATION_HEADER = 'x-correlation-id';

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
      (async () => {
        const identity = await deps.verifier.verify(bearerOf(call.metadata));
        if (options.roles && !options.roles.includes(identity.role)) {
          throw new PermissionDeniedError(`role ${identity.role} may not call ${call.getPath()}; allowed: ${options.roles.join(', ')}`);
        }
        return handler(call.request, { identity, correlationId, deadline: deadlineOf(call), logger: logger.child({ officerId: identity.officerId }) });
      })().then(
        (response) => callback(null, response),
        (err: unknown) => {
          const mapped = toServiceError(err);
          if (mapped.internal) logger.error({ err }, 'unexpected error in handler');
          else logger.info({ code: grpc.status[mapped.code], reason: mapped.details }, 'request rejected');
          callback(mapped);
        },
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

function protoFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return protoFiles(full);
    return e.name.endsWith('.proto') ? [path.relative(PROTO_ROOT, full)] : [];
  });
}

/** Descriptors for server reflection: every message, but only the services this server serves. */
function reflectionDescriptors(served: string[]): PackageDefinition {
  const all = loadSync([...protoFiles(path.join(PROTO_ROOT, 'onestop')), healthProtoPath], {
    includeDirs: [PROTO_ROOT, path.dirname(healthProtoPath)],
  });
  const keep = new Set([...served, 'grpc.health.v1.Health']);
  return Object.fromEntries(Object.entries(all).filter(([name, def]) => 'format' in def || keep.has(name)));
}

/** Starts a server on host:port (port 0 = any free port) with health and reflection. */
export async function startGrpcServer(options: {
  host: string;
  port: number;
  services: ServiceRegistration[];
  logger: Logger;
}): Promise<RunningServer> {
  const server = new grpc.Server();
  for (const s of options.services) server.addService(s.definition, s.implementation);

  const health = new HealthImplementation({ '': 'SERVING', ...Object.fromEntries(options.services.map((s) => [s.name, 'SERVING'])) });
  health.addToServer(server);
  new ReflectionService(reflectionDescriptors(options.services.map((s) => s.name))).addToServer(server);

  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${options.host}:${options.port}`, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
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
