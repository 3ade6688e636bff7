// A sliding-window limiter per key (a client, a dossier code), in memory: at most `limit` events
// per `windowMs`. Used where guessing must be slow (the citizen's lookup by code and ID number).
// Memory is bounded: past `maxKeys` keys the least recently used are forgotten.

export interface ThrottleRule {
  limit: number;
  windowMs: number;
}

export class Throttle {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly rule: ThrottleRule,
    private readonly clock: () => number = Date.now,
    private readonly maxKeys = 100_000,
  ) {
    if (!Number.isInteger(rule.limit) || rule.limit < 1 || !(rule.windowMs > 0))
      throw new Error('a throttle needs a limit >= 1 and a window > 0');
  }

  /** Seconds until `key` may go again (0: now), without counting anything. */
  retryAfter(key: string): number {
    const recent = this.recent(key, this.clock());
    if (recent.length < this.rule.limit) return 0;
    return Math.max(1, Math.ceil((recent[0] + this.rule.windowMs - this.clock()) / 1000));
  }

  /** Counts one event for `key`. */
  record(key: string): void {
    const now = this.clock();
    const recent = this.recent(key, now);
    recent.push(now);
    this.hits.delete(key); // re-insert: the map's order is the order of last use
    this.hits.set(key, recent);
    if (this.hits.size > this.maxKeys) this.hits.delete(this.hits.keys().next().value as string);
  }

  /** Counts one event if allowed; returns 0 then, else the seconds to wait (nothing counted). */
  take(key: string): number {
    const wait = this.retryAfter(key);
    if (wait === 0) this.record(key);
    return wait;
  }

  private recent(key: string, now: number): number[] {
    const kept = (this.hits.get(key) ?? []).filter((t) => t > now - this.rule.windowMs);
    if (kept.length) this.hits.set(key, kept);
    else this.hits.delete(key);
    return kept;
  }
}
