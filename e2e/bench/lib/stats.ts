// Timing helpers of the benchmark: monotonic clock, percentiles, bounded worker pools.

export const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

/** The p-th percentile (0–100) of the values, nearest rank; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export interface RunResult {
  count: number;
  seconds: number;
  perSecond: number;
  latenciesMs: number[];
}

/**
 * Runs `count` operations with `concurrency` workers, each op timed; resolves with the rate.
 * Stops early (count = what finished) once `deadlineMs` (absolute, nowMs) has passed.
 */
export async function runPool(
  count: number,
  concurrency: number,
  op: (i: number) => Promise<unknown>,
  deadlineMs = Infinity,
): Promise<RunResult> {
  let next = 0;
  let done = 0;
  const latenciesMs: number[] = [];
  const started = nowMs();
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, async () => {
      for (let i = next++; i < count && nowMs() < deadlineMs; i = next++) {
        const t0 = nowMs();
        await op(i);
        latenciesMs.push(nowMs() - t0);
        done++;
      }
    }),
  );
  const seconds = (nowMs() - started) / 1000;
  return { count: done, seconds, perSecond: done / seconds, latenciesMs };
}

export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number >= 0; got "${raw}"`);
  return value;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
