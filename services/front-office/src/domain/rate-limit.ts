// A fixed-window counter per key (the caller's address): pure, the clock passed in.

export interface RateWindow {
  startedAt: number;
  count: number;
}

export interface RateDecision {
  allowed: boolean;
  /** Seconds until the window opens again, when refused. */
  retryAfterSeconds: number;
  window: RateWindow;
}

export function decideRate(previous: RateWindow | undefined, now: number, limit: number, windowMs: number): RateDecision {
  const window = !previous || now - previous.startedAt >= windowMs ? { startedAt: now, count: 0 } : { ...previous };
  if (window.count >= limit) {
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((window.startedAt + windowMs - now) / 1000)), window };
  }
  window.count += 1;
  return { allowed: true, retryAfterSeconds: 0, window };
}

/** Keeps the windows of recent callers in memory; forgets windows that ended. */
export class RateLimiter {
  private readonly windows = new Map<string, RateWindow>();
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  take(key: string): RateDecision {
    const now = this.clock();
    if (this.windows.size > 10_000) {
      for (const [k, w] of this.windows) if (now - w.startedAt >= this.windowMs) this.windows.delete(k);
    }
    const decision = decideRate(this.windows.get(key), now, this.limit, this.windowMs);
    this.windows.set(key, decision.window);
    return decision;
  }
}
