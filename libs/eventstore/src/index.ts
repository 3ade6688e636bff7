export type {
  Actor,
  AppendOptions,
  AppendResult,
  Commit,
  EventMetadata,
  EventPublisher,
  EventStore,
  ReadStreamOptions,
  EventToAppend,
  ExpectedVersion,
  NumberedAppend,
  NumberedAppendOptions,
  NumberedCommit,
  RecordedEvent,
  Reservation,
  StreamHead,
} from './types';
export {
  EventStoreError,
  EventStoreArgumentError,
  ConcurrencyError,
  DuplicateRequestError,
  ReservationTakenError,
  UnidentifiedConflictError,
} from './errors';
export { canonicalEventText, computeEventHash, type HashableEvent } from './hash';
export { verifyChain, type ChainEvent, type ChainProblem, type ChainProblemKind } from './verify';
export { PostgresEventStore, type PostgresEventStoreOptions, type StoredEvent } from './pg/store';
export { PgOutbox, type CommitOrigin } from './pg/outbox';
export { applyMigrations, validSchemaName, type SchemaMigrations } from './pg/schema';
export { importCommits, type ImportResult } from './pg/import';
export { outboxState, retryParked, type OutboxState, type ParkedCommit, type RetryOutcome } from './pg/outbox-admin';
export {
  type CommitDocument,
  type EventDocument,
  toCommit as commitFromDocument,
  toDocument as documentFromCommit,
  toRecordedEvents as eventsFromDocument,
} from './documents';
export {
  OutboxRelay,
  isUnpublishableKafkaError,
  type OutboxClaim,
  type OutboxRelayOptions,
  type OutboxStore,
  type RelayLogger,
  type RelayPassResult,
} from './relay';
