export { ROLES, isRole, type Role, type Identity } from './identity';
export { TokenIssuer, TokenVerifier } from './auth';
export {
  RpcError,
  InvalidArgumentError,
  FailedPreconditionError,
  NotFoundError,
  AlreadyExistsError,
  AbortedError,
  UnauthenticatedError,
  PermissionDeniedError,
  UnavailableError,
  toServiceError,
  fieldViolationsOf,
  type FieldViolation,
} from './errors';
export {
  createRpc,
  startGrpcServer,
  CORRELATION_HEADER,
  TRACEPARENT_HEADER,
  type CallContext,
  type UnaryHandler,
  type UnaryOptions,
  type ServiceRegistration,
  type RunningServer,
} from './server';
export { grpcClient, call, type CallOptions } from './client';
