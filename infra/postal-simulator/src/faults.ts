// Faults the simulator can be told to inject (POST /_admin/faults), so tests can exercise the
// platform's timeouts, retries, circuit breaker and webhook handling against a real HTTP server.
export interface Faults {
  /** Added to every API response. */
  latency_ms: number;
  /** The next N API requests answer `fail_status` (default 503). */
  fail_next: number;
  fail_status: number;
  /** Every API request answers `fail_status` until cleared. */
  down: boolean;
  /** The next N API requests are carried out, but the answer is held `hold_ms` (the caller times out). */
  timeout_next: number;
  hold_ms: number;
  /** The next N status callbacks are never sent. */
  drop_callbacks: number;
  /** Every status callback is sent twice. */
  duplicate_callbacks: boolean;
  /** Status callbacks are held, then sent newest first at POST /_admin/callbacks/flush (or when turned off). */
  reorder_callbacks: boolean;
  /** The next N callbacks are signed with a wrong secret. */
  bad_signature_next: number;
  /** The next N callbacks carry a timestamp 10 minutes old. */
  stale_timestamp_next: number;
}

export const NO_FAULTS: Faults = {
  latency_ms: 0,
  fail_next: 0,
  fail_status: 503,
  down: false,
  timeout_next: 0,
  hold_ms: 30_000,
  drop_callbacks: 0,
  duplicate_callbacks: false,
  reorder_callbacks: false,
  bad_signature_next: 0,
  stale_timestamp_next: 0,
};

const COUNTS = [
  'latency_ms',
  'fail_next',
  'timeout_next',
  'hold_ms',
  'drop_callbacks',
  'bad_signature_next',
  'stale_timestamp_next',
] as const;
const FLAGS = ['down', 'duplicate_callbacks', 'reorder_callbacks'] as const;

/** Parses a fault set; fields left out take their no-fault value. Returns an error naming the field. */
export function parseFaults(body: unknown): Faults | { error: string; field: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { error: 'must be a JSON object', field: '(body)' };
  const input = body as Record<string, unknown>;
  const known = new Set<string>([...COUNTS, ...FLAGS, 'fail_status']);
  const unknown = Object.keys(input).find((k) => !known.has(k));
  if (unknown) return { error: `unknown fault (known: ${[...known].join(', ')})`, field: unknown };
  const faults: Faults = { ...NO_FAULTS };
  for (const k of COUNTS) {
    const v = input[k];
    if (v === undefined) continue;
    if (!Number.isInteger(v) || (v as number) < 0) return { error: 'must be a whole number >= 0', field: k };
    faults[k] = v as number;
  }
  for (const k of FLAGS) {
    const v = input[k];
    if (v === undefined) continue;
    if (typeof v !== 'boolean') return { error: 'must be true or false', field: k };
    faults[k] = v;
  }
  if (input.fail_status !== undefined) {
    const s = input.fail_status;
    if (!Number.isInteger(s) || (s as number) < 500 || (s as number) > 599) return { error: 'must be a 5xx status', field: 'fail_status' };
    faults.fail_status = s as number;
  }
  return faults;
}

/** What to do to one API request, consuming the counted faults. */
export type ApiFault = { kind: 'fail'; status: number } | { kind: 'hold'; ms: number } | null;

export function takeApiFault(f: Faults): ApiFault {
  if (f.down) return { kind: 'fail', status: f.fail_status };
  if (f.fail_next > 0) {
    f.fail_next -= 1;
    return { kind: 'fail', status: f.fail_status };
  }
  if (f.timeout_next > 0) {
    f.timeout_next -= 1;
    return { kind: 'hold', ms: f.hold_ms };
  }
  return null;
}
