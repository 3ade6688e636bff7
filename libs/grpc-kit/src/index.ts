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
  STATUS_OF_REJECTION,
  fieldViolationsOf,
  type FieldViolation,
} from './errors';
export {
  createRpc,
  startGrpcServer,
  CORRELATION_HEADER,
  type CallContext,
  type UnaryHandler,
  type UnaryOptions,
  type ServiceRegistration,
  type RunningServer,
} from './server';
export { grpcClient, call, type CallOptions } from './client';
