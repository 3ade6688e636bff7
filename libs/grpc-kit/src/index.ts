export { ROLES, isRole, type Role, type Identity } from './identity';
export { TokenIssuer, TokenVerifier, DEFAULT_MAX_TOKEN_TTL_SECONDS, MAX_TOKEN_CHARS, type TokenVerifierOptions } from './auth';
export {
  checkText,
  checkId,
  checkEnum,
  checkInstant,
  checkWholeNumber,
  checkCount,
  isBlank,
  isEmailAddress,
  quote,
  anyInstantWindow,
  pastInstantWindow,
  type InstantWindow,
  type TextRule,
} from './limits';
export { RequestSchemas, requestSchemas, textRuleFor, REQUEST_MAX_BYTES, MAX_VND } from './request-guard';
export { edgeViolations, guardDefinition, messageSizeOptions, MAX_RECEIVE_MESSAGE_BYTES, MAX_SEND_MESSAGE_BYTES } from './edge';
export { Throttle, type ThrottleRule } from './throttle';
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
  ResourceExhaustedError,
  boundedViolations,
  toServiceError,
  STATUS_OF_REJECTION,
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
export { grpcClient, call, clientChannelOptions, RECONNECT_BACKOFF_MS, type CallOptions } from './client';
export { loadDescriptorSet, DESCRIPTOR_SET_PATH } from './descriptors';
