import type { ExpectedVersion, RecordedEvent } from './types';

/** Base class of every error the event store throws on purpose. */
export class EventStoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A bad argument; `field` names it (e.g. 'events[1].type'). */
export class EventStoreArgumentError extends EventStoreError {
  constructor(
    readonly field: string,
    readonly description: string,
  ) {
    super(`${field}: ${description}`);
  }
}

/** The stream is not at the expected version: another writer appended first. Reload, decide, retry. */
export class ConcurrencyError extends EventStoreError {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number,
  ) {
    super(`stream ${streamId}: expected version ${String(expected)}, actual ${actual}`);
  }
}

/** The client request id was already used; carries the first answer so a retry can return it. */
export class DuplicateRequestError extends EventStoreError {
  constructor(
    readonly requestId: string,
    readonly streamId: string,
    readonly commitId: string,
    readonly events: RecordedEvent[],
    readonly result: unknown,
  ) {
    super(`request ${requestId} was already handled (commit ${commitId})`);
  }
}

/** Another commit already claimed this reservation key (e.g. a dossier code). */
export class ReservationTakenError extends EventStoreError {
  constructor(
    readonly key: string,
    readonly scope: string,
  ) {
    super(`reservation ${key} (scope ${scope}) is already taken`);
  }
}

/**
 * A unique index rejected the append but no conflicting commit could be identified (should not
 * happen; kept so that a raw driver duplicate-key error never escapes).
 */
export class UnidentifiedConflictError extends EventStoreError {
  constructor(
    readonly commitId: string,
    cause: unknown,
  ) {
    super(`append of commit ${commitId} was rejected by a unique index, but no conflicting commit was found`, {
      cause,
    });
  }
}
