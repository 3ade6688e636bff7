// Exponential backoff with jitter, and a retry loop built on it. Time and randomness are injected
// so the policy is tested without waiting.

export interface BackoffPolicy {
  /** Delay ceiling of the first retry. */
  baseMs: number;
  /** Largest delay ever. */
  maxMs: number;
}

/** A number in [0, 1). */
export type Random = () => number;
export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Delay before retry number `attempt` (1 = first retry): the ceiling doubles per attempt up to
 * maxMs, and the delay is drawn from [ceiling/2, ceiling) ("equal jitter"), so retries of many
 * callers spread out but never come back immediately.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: Random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(ceiling / 2 + random() * (ceiling / 2));
}

export interface RetryOptions {
  /** Total tries, the first included. */
  attempts: number;
  policy: BackoffPolicy;
  random: Random;
  sleep: Sleep;
  /** Whether a failure is worth another try (a refusal is not; a timeout is). */
  retryable: (err: unknown) => boolean;
  onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
}

/** Runs `fn` until it succeeds, fails for good, or the attempts are spent (then the last error). */
export async function retry<T>(fn: (attempt: number) => Promise<T>, o: RetryOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt >= o.attempts || !o.retryable(err)) throw err;
      const delay = backoffDelay(attempt, o.policy, o.random);
      o.onRetry?.(err, attempt, delay);
      await o.sleep(delay);
    }
  }
}
