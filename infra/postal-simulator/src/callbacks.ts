// Status callbacks (webhooks) to the platform: signed, retried on failure, sent in order per
// waybill, and subject to the callback faults — dropped, duplicated, held and sent newest first,
// badly signed, stale.
import * as http from 'node:http';
import type { Logger } from '@onestop/logging';
import type { Faults } from './faults';
import type { Order, StatusEntry } from './orders';
import { sign, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './signing';

export interface CallbackPayload {
  waybill_number: string;
  order_number: string;
  status_code: number;
  status_at: string;
  note: string;
  cod_amount?: number;
}

/** One delivery attempt of a callback, kept for tests and the admin API. */
export interface CallbackRecord {
  seq: number;
  waybill_number: string;
  status_code: number;
  status_at: string;
  attempt: number;
  /** 'sent' (with response_status), 'dropped', 'held', or 'error' (with error). */
  outcome: 'sent' | 'dropped' | 'held' | 'error';
  response_status?: number;
  error?: string;
  at: string;
}

export interface CallbackTarget {
  url: string;
  secret: string;
}

export interface CallbackSenderOptions {
  target: () => CallbackTarget;
  faults: () => Faults;
  clock: () => Date;
  logger: Logger;
  /** Retries after a failed delivery (network error, 5xx, 404). Default 3. */
  retries?: number;
  retryBaseMs?: number;
}

const STALE_SECONDS = 600;

export function payloadOf(order: Order, entry: StatusEntry): CallbackPayload {
  return {
    waybill_number: order.waybill_number,
    order_number: order.order_number,
    status_code: entry.status_code,
    status_at: entry.status_at,
    note: entry.note,
    ...(entry.cod_amount !== undefined ? { cod_amount: entry.cod_amount } : {}),
  };
}

export class CallbackSender {
  readonly log: CallbackRecord[] = [];
  private held: CallbackPayload[] = [];
  private inFlight = new Set<Promise<void>>();
  private chains = new Map<string, Promise<void>>();
  private seq = 0;

  constructor(private readonly o: CallbackSenderOptions) {}

  /** Sends (or drops, duplicates, holds) the callback for a new status. */
  enqueue(payload: CallbackPayload): void {
    const f = this.o.faults();
    if (f.drop_callbacks > 0) {
      f.drop_callbacks -= 1;
      this.record(payload, 0, { outcome: 'dropped' });
      return;
    }
    const copies = f.duplicate_callbacks ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      if (f.reorder_callbacks) {
        this.held.push(payload);
        this.record(payload, 0, { outcome: 'held' });
      } else this.track(payload.waybill_number, () => this.deliver(payload));
    }
  }

  /** Sends the held callbacks, newest first. */
  flush(): number {
    const held = this.held.reverse();
    this.held = [];
    for (const p of held) this.track(p.waybill_number, () => this.deliver(p));
    return held.length;
  }

  /** Resolves when no callback is being sent. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  clear(): void {
    this.held = [];
    this.log.length = 0;
  }

  /** Callbacks of one waybill go one after another, in the order given (retries included). */
  private track(waybill: string, send: () => Promise<void>): void {
    const p = (this.chains.get(waybill) ?? Promise.resolve()).then(send);
    this.chains.set(waybill, p);
    this.inFlight.add(p);
    void p.finally(() => {
      this.inFlight.delete(p);
      if (this.chains.get(waybill) === p) this.chains.delete(waybill);
    });
  }

  private async deliver(payload: CallbackPayload): Promise<void> {
    const retries = this.o.retries ?? 3;
    const base = this.o.retryBaseMs ?? 200;
    const { url, secret } = this.o.target();
    if (!url) {
      this.record(payload, 1, { outcome: 'error', error: 'no webhook URL configured' });
      return;
    }
    const f = this.o.faults();
    const badSignature = takeCount(f, 'bad_signature_next');
    const stale = takeCount(f, 'stale_timestamp_next');
    for (let attempt = 1; attempt <= retries + 1; attempt++) {
      const body = JSON.stringify(payload);
      const ts = String(Math.floor(this.o.clock().getTime() / 1000) - (stale ? STALE_SECONDS : 0));
      const signature = sign(badSignature ? `${secret}-wrong` : secret, ts, body);
      const result = await post(url, body, { [TIMESTAMP_HEADER]: ts, [SIGNATURE_HEADER]: signature });
      if ('status' in result) this.record(payload, attempt, { outcome: 'sent', response_status: result.status });
      else this.record(payload, attempt, { outcome: 'error', error: result.error });
      if (!shouldRetry(result)) return;
      await new Promise((r) => setTimeout(r, base * 2 ** (attempt - 1)));
    }
    this.o.logger.warn({ waybill: payload.waybill_number, statusCode: payload.status_code }, 'callback not accepted after retries');
  }

  private record(p: CallbackPayload, attempt: number, r: Pick<CallbackRecord, 'outcome' | 'response_status' | 'error'>): void {
    this.seq += 1;
    this.log.push({
      seq: this.seq,
      waybill_number: p.waybill_number,
      status_code: p.status_code,
      status_at: p.status_at,
      attempt,
      ...r,
      at: this.o.clock().toISOString(),
    });
    this.o.logger.debug({ waybill: p.waybill_number, statusCode: p.status_code, attempt, ...r }, 'callback');
  }
}

function takeCount(f: Faults, key: 'bad_signature_next' | 'stale_timestamp_next'): boolean {
  if (f[key] <= 0) return false;
  f[key] -= 1;
  return true;
}

/** Network errors, 5xx and 404 (the platform may not know the waybill yet) are retried. */
function shouldRetry(r: { status: number } | { error: string }): boolean {
  if ('error' in r) return true;
  return r.status >= 500 || r.status === 404;
}

function post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number } | { error: string }> {
  return new Promise((resolve) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        timeout: 5_000,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('callback timed out')));
    req.on('error', (err) => resolve({ error: err.message }));
    req.end(body);
  });
}
