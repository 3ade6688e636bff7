// Where a service takes "now" from. In production: the system clock. In a simulation (the demo
// plays nine months in minutes): one shared simulated clock, kept by a small clock endpoint
// (clock-server.ts) that the simulation advances; every service follows it by long polling, so
// all of them agree on the date. A simulated clock is refused unless ONESTOP_SIMULATION=1 is set
// explicitly, and always refused with NODE_ENV=production; a service on it marks what it
// produces (see `simulated`).
import { z } from 'zod';

export type Clock = () => Date;

export const clockConfigSchema = z.object({
  /** "system" (default) or "simulated" (only with ONESTOP_SIMULATION=1). */
  CLOCK_MODE: z.enum(['system', 'simulated']).default('system'),
  /** The explicit simulation switch: "1" allows CLOCK_MODE=simulated. */
  ONESTOP_SIMULATION: z.enum(['0', '1', '']).default(''),
  /** The simulated clock's endpoint, e.g. http://127.0.0.1:8099 (npm start -- --simulation serves it). */
  SIM_CLOCK_URL: z
    .string()
    .regex(/^https?:\/\/\S+$/, 'expected an http:// URL')
    .optional(),
  NODE_ENV: z.string().optional(),
});

export type ClockConfig = z.infer<typeof clockConfigSchema>;

export class ClockConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClockConfigError';
  }
}

/** Throws a ClockConfigError naming the setting when the configuration may not run on a simulated clock. */
export function checkClockConfig(c: ClockConfig): void {
  if (c.CLOCK_MODE !== 'simulated') return;
  if (c.NODE_ENV === 'production') throw new ClockConfigError('CLOCK_MODE=simulated is refused with NODE_ENV=production');
  if (c.ONESTOP_SIMULATION !== '1') {
    throw new ClockConfigError(
      'CLOCK_MODE=simulated is refused unless ONESTOP_SIMULATION=1 is set explicitly (a simulation, never production)',
    );
  }
  if (!c.SIM_CLOCK_URL)
    throw new ClockConfigError('SIM_CLOCK_URL: required with CLOCK_MODE=simulated (the clock endpoint, e.g. http://127.0.0.1:8099)');
}

export interface ClockReading {
  version: number;
  /** Simulated instant, epoch milliseconds. */
  nowMs: number;
}

/**
 * The simulated instant as a service sees it: the last reading from the endpoint plus the real
 * time elapsed since (so time never stands still for retries and back-offs), never past the
 * next reading and never backwards.
 */
export class FollowedClock {
  private reading: ClockReading;
  private receivedAt: number;
  private last = 0;

  constructor(
    first: ClockReading,
    private readonly realNow: () => number = Date.now,
  ) {
    this.reading = first;
    this.receivedAt = realNow();
  }

  get version(): number {
    return this.reading.version;
  }

  update(r: ClockReading): void {
    if (r.version <= this.reading.version) return;
    this.reading = r;
    this.receivedAt = this.realNow();
  }

  now(): Date {
    const t = Math.max(this.last, this.reading.nowMs + (this.realNow() - this.receivedAt));
    this.last = t;
    return new Date(t);
  }
}

export interface RunningClock {
  now: Clock;
  simulated: boolean;
  stop(): void;
}

/**
 * Starts the service's clock: the system clock, or (simulation) the shared simulated clock —
 * the first reading is awaited, so a service never starts on a wrong date.
 */
export async function startClock(c: ClockConfig, who: string, options: { offsetMs?: number } = {}): Promise<RunningClock> {
  checkClockConfig(c);
  const offset = options.offsetMs ?? 0;
  if (c.CLOCK_MODE !== 'simulated') return { now: () => new Date(Date.now() + offset), simulated: false, stop: () => undefined };
  const base = c.SIM_CLOCK_URL!.replace(/\/+$/, '');
  const id = `${who}-${process.pid}`;
  const read = async (after: number, waitMs: number, signal: AbortSignal): Promise<ClockReading> => {
    const res = await fetch(`${base}/clock?after=${after}&wait=${waitMs}&who=${encodeURIComponent(id)}`, { signal });
    if (!res.ok) throw new Error(`clock endpoint ${base}: HTTP ${res.status}`);
    const body = (await res.json()) as { version?: unknown; nowMs?: unknown };
    if (typeof body.version !== 'number' || typeof body.nowMs !== 'number') throw new Error(`clock endpoint ${base}: unexpected answer`);
    return { version: body.version, nowMs: body.nowMs };
  };
  const abort = new AbortController();
  let first: ClockReading;
  try {
    first = await read(-1, 0, AbortSignal.timeout(10_000));
  } catch (err) {
    throw new ClockConfigError(`SIM_CLOCK_URL: cannot read the simulated clock at ${base}: ${(err as Error).message}`);
  }
  const clock = new FollowedClock(first);
  let running = true;
  void (async () => {
    while (running) {
      try {
        clock.update(await read(clock.version, 10_000, abort.signal));
      } catch {
        if (running) await new Promise((r) => setTimeout(r, 200));
      }
    }
  })();
  return {
    now: () => new Date(clock.now().getTime() + offset),
    simulated: true,
    stop() {
      running = false;
      abort.abort();
    },
  };
}
