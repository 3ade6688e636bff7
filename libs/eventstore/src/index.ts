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
  RecordedEvent,
  Reservation,
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
export type { CommitDocument, EventDocument } from './documents';
export { MongoEventStore, type MongoEventStoreOptions } from './store';
export {
  OutboxRelay,
  type OutboxRelayOptions,
  type OutboxStore,
  type RelayLogger,
  type RelayPassResult,
} from './relay';
