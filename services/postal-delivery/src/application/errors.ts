// Failures of the dependencies postal-delivery calls (the provider, the desk), as the use cases
// act on them. Conflicts of the event store are the command handler's (@onestop/commands).

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

/** Why the desk refused, in the platform's terms (the adapter maps the transport's codes to these). */
export type DeskRefusal = 'invalid' | 'not_found' | 'already_exists' | 'precondition' | 'unsupported' | 'unexpected_answer';

/** The desk refused the call (bad input, a state that forbids it). */
export class DeskRefusedError extends Error {
  constructor(
    message: string,
    readonly refusal: DeskRefusal,
  ) {
    super(message);
    this.name = 'DeskRefusedError';
  }

  /** The desk's state forbids it now, and may still catch up (it learns of results by events). */
  get precondition(): boolean {
    return this.refusal === 'precondition';
  }
}

/** The desk cannot be reached now: try again later. */
export class DeskUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DeskUnavailableError';
  }
}
