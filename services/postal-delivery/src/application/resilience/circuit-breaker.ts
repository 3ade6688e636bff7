// A circuit breaker around calls to the provider: after `failureThreshold` failures in a row it
// opens and calls fail at once (no waiting on a dead provider); after `cooldownMs` one trial call
// is let through (half-open) — success closes it, failure opens it again.

export type CircuitState = 'closed' | 'open' | 'half_open';

export class CircuitOpenError extends Error {
  constructor(
    readonly dependency: string,
    readonly retryAt: Date,
  ) {
    super(`${dependency} is unavailable (circuit open until ${retryAt.toISOString()})`);
    this.name = 'CircuitOpenError';
  }
}

export interface CircuitBreakerOptions {
  name: string;
  failureThreshold: number;
  cooldownMs: number;
  /** Milliseconds since the epoch. */
  now: () => number;
  /** Whether an error counts as the dependency failing (a refusal of bad input does not). */
  isFailure: (err: unknown) => boolean;
  onStateChange?: (from: CircuitState, to: CircuitState) => void;
}

export class CircuitBreaker {
  private current: CircuitState = 'closed';
  private failures = 0;
  private openedAt = 0;
  private trialInFlight = false;

  constructor(private readonly o: CircuitBreakerOptions) {
    if (!(o.failureThreshold >= 1)) throw new Error('CircuitBreaker: failureThreshold must be >= 1');
    if (!(o.cooldownMs >= 0)) throw new Error('CircuitBreaker: cooldownMs must be >= 0');
  }

  get state(): CircuitState {
    return this.current;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    this.admit();
    const trial = this.current === 'half_open';
    if (trial) this.trialInFlight = true;
    try {
      const result = await fn();
      this.succeeded();
      return result;
    } catch (err) {
      if (this.o.isFailure(err)) this.failed();
      else if (trial) this.succeeded();
      throw err;
    } finally {
      if (trial) this.trialInFlight = false;
    }
  }

  private admit(): void {
    if (this.current === 'closed') return;
    const retryAt = this.openedAt + this.o.cooldownMs;
    if (this.current === 'open' && this.o.now() >= retryAt) this.move('half_open');
    if (this.current === 'half_open' && !this.trialInFlight) return;
    throw new CircuitOpenError(this.o.name, new Date(retryAt));
  }

  private succeeded(): void {
    this.failures = 0;
    if (this.current !== 'closed') this.move('closed');
  }

  private failed(): void {
    this.failures += 1;
    if (this.current === 'half_open' || this.failures >= this.o.failureThreshold) {
      this.openedAt = this.o.now();
      if (this.current !== 'open') this.move('open');
    }
  }

  private move(to: CircuitState): void {
    const from = this.current;
    this.current = to;
    this.o.onStateChange?.(from, to);
  }
}
