export {
  type Actor,
  type CommandMeta,
  type Violation,
  type Rejection,
  type RejectionKind,
  type Decision,
  RejectionError,
  describeRejection,
  invalid,
  invalidField,
  notFound,
  denied,
  precondition,
  alreadyExists,
  aborted,
  unavailable,
  obsolete,
  refuse,
  refuseIfInvalid,
  accept,
  reject,
} from './rejection';
export {
  DERIVED_REQUEST_ID_PREFIX,
  MAX_CLIENT_REQUEST_ID_LENGTH,
  derivedRequestId,
  isDerivedRequestId,
  mayUseDerivedRequestIds,
  requestIdViolations,
} from './request-ids';
export { type RetryPolicy, DEFAULT_RETRY_POLICY, backoffDelay } from './retry';
export {
  CommandHandler,
  type Command,
  type CommandHandlerOptions,
  type Decided,
  type NumberedDecision,
  type Handled,
  type Loaded,
  type StoredAnswer,
  type StreamModel,
} from './handler';
export { DEFAULT_COMMIT_MAX_BYTES, KAFKA_DEFAULT_MAX_MESSAGE_BYTES, estimatedCommitBytes, messageBudgetViolation } from './message-budget';
