// Outcomes the use cases act on; adapters translate their own errors into these.
import type { StoredAnswer } from './ports';

/** Another writer appended to the stream first: load again, decide again. */
export class StreamConflict extends Error {}

/** The request id was already used: here is the first answer. */
export class RequestAlreadyHandled extends Error {
  constructor(readonly answer: StoredAnswer | undefined) {
    super('request already handled');
  }
}

/** The provider refused (bad order, too late to cancel): retrying will not help. */
export class ProviderRefusedError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ProviderRefusedError';
  }
}

/** The provider cannot be reached now (5xx, timeout, network, circuit open): try again later. */
export class ProviderUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProviderUnavailableError';
  }
}

/** The desk refused the call (bad input, a state that forbids it); `code` is the gRPC status. */
export class DeskRefusedError extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
    this.name = 'DeskRefusedError';
  }

  /** FAILED_PRECONDITION: the desk's state may still catch up (it learns of results by events). */
  get precondition(): boolean {
    return this.code === 9;
  }
}

/** The desk cannot be reached now: try again later. */
export class DeskUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DeskUnavailableError';
  }
}
