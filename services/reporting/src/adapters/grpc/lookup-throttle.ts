// Guessing an ID number through the citizen's lookup must be slow: per client (the caller's
// token), at most `perClient` lookups per minute; per dossier code, at most `failuresPerCode`
// wrong answers per window — past either, RESOURCE_EXHAUSTED with the seconds to wait. While a
// code is locked even the right ID number waits, or the lock would be no lock. In memory, per
// instance (docs/security.md).
import { ResourceExhaustedError, Throttle, type ThrottleRule } from '@onestop/grpc-kit';

export interface LookupLimits {
  perClient: ThrottleRule;
  failuresPerCode: ThrottleRule;
}

export const DEFAULT_LOOKUP_LIMITS: LookupLimits = {
  perClient: { limit: 30, windowMs: 60_000 },
  failuresPerCode: { limit: 5, windowMs: 15 * 60_000 },
};

export class LookupThrottle {
  private readonly clients: Throttle;
  private readonly codes: Throttle;

  constructor(limits: LookupLimits = DEFAULT_LOOKUP_LIMITS, clock: () => number = Date.now) {
    this.clients = new Throttle(limits.perClient, clock);
    this.codes = new Throttle(limits.failuresPerCode, clock);
  }

  /** Counts a lookup by `client` of `code`, or throws RESOURCE_EXHAUSTED. */
  admit(client: string, code: string): void {
    const byClient = this.clients.retryAfter(client);
    if (byClient > 0) throw new ResourceExhaustedError('too many lookups from this client', byClient);
    const byCode = this.codes.retryAfter(code.toUpperCase());
    if (byCode > 0) throw new ResourceExhaustedError('too many failed lookups of this dossier code', byCode);
    this.clients.record(client);
  }

  /** Counts a lookup of `code` that did not match. */
  failed(code: string): void {
    this.codes.record(code.toUpperCase());
  }
}
