// The simulated provider's order book (in memory: the simulator stands in for the provider's own
// systems). Orders carry their status history; the API, the admin endpoint and the auto-advance
// timer all append to it.
import { randomInt } from 'node:crypto';

export type Service = 'pickup' | 'delivery';

export interface Party {
  name: string;
  address: string;
  phone: string;
}

export interface StatusEntry {
  status_code: number;
  status_at: string;
  note: string;
  cod_amount?: number;
}

export interface OrderInput {
  order_number: string;
  service: Service;
  sender: Party;
  receiver: Party;
  cod_amount: number;
  note: string;
}

export interface Order extends OrderInput {
  waybill_number: string;
  fee: number;
  created_at: string;
  idempotency_key: string;
  history: StatusEntry[];
}

/** The provider's status codes (domain brief §5). */
export const STATUS_CODES = new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 20, 21, 22]);
const PICKED_UP = 6;
/** Codes at or after 6 that do not mean the parcel was collected. */
const NOT_COLLECTED = new Set([8, 9]);
const DELIVERED = new Set([14, 21]);
const CANCELLED = new Set([9, 22]);

/** The walk an order takes when left alone (auto-advance). */
export function happyPath(order: Order): number[] {
  if (order.service === 'pickup') return [2, 4, 6, 7, 10, 12, 14];
  return [2, 4, 6, 7, 10, 11, 12, 14, ...(order.cod_amount > 0 ? [21] : [])];
}

/** Fee in đồng: a base, a pickup surcharge and 1% of the cash to collect. */
export function quoteFee(service: Service, codAmount: number): number {
  return 20_000 + (service === 'pickup' ? 8_000 : 0) + Math.round(Math.max(0, codAmount) / 100);
}

export type CreateOutcome = { kind: 'created' | 'replayed'; order: Order } | { kind: 'conflict'; order: Order };
export type CancelOutcome = { kind: 'cancelled'; entry: StatusEntry } | { kind: 'refused'; reason: string };

export class OrderBook {
  private readonly byWaybill = new Map<string, Order>();
  private readonly byKey = new Map<string, Order>();
  private readonly byOrderNumber = new Map<string, Order>();

  constructor(private readonly clock: () => Date) {}

  create(input: OrderInput, idempotencyKey: string): CreateOutcome {
    const replay = this.byKey.get(idempotencyKey);
    if (replay) return { kind: 'replayed', order: replay };
    const existing = this.byOrderNumber.get(input.order_number);
    if (existing) return { kind: 'conflict', order: existing };
    const now = this.clock().toISOString();
    const order: Order = {
      ...input,
      waybill_number: this.newWaybill(),
      fee: quoteFee(input.service, input.cod_amount),
      created_at: now,
      idempotency_key: idempotencyKey,
      history: [{ status_code: 1, status_at: now, note: 'order created' }],
    };
    this.byWaybill.set(order.waybill_number, order);
    this.byKey.set(idempotencyKey, order);
    this.byOrderNumber.set(order.order_number, order);
    return { kind: 'created', order };
  }

  get(waybill: string): Order | undefined {
    return this.byWaybill.get(waybill);
  }

  findByOrderNumber(orderNumber: string): Order | undefined {
    return this.byOrderNumber.get(orderNumber);
  }

  list(): Order[] {
    return [...this.byWaybill.values()];
  }

  /** Appends a status as given (a real provider's reports are not always in order). */
  advance(order: Order, status: { status_code: number; note?: string; cod_amount?: number; status_at?: string }): StatusEntry {
    const entry: StatusEntry = {
      status_code: status.status_code,
      status_at: status.status_at ?? this.clock().toISOString(),
      note: status.note ?? '',
      ...(status.cod_amount !== undefined ? { cod_amount: status.cod_amount } : {}),
    };
    order.history.push(entry);
    return entry;
  }

  cancel(order: Order, reason: string): CancelOutcome {
    const codes = order.history.map((h) => h.status_code);
    const last = codes[codes.length - 1];
    if (CANCELLED.has(last)) return { kind: 'cancelled', entry: order.history[order.history.length - 1] };
    if (codes.some((c) => DELIVERED.has(c))) return { kind: 'refused', reason: 'the order was already delivered' };
    const pickedUp = codes.some((c) => c >= PICKED_UP && !NOT_COLLECTED.has(c));
    if (pickedUp && order.service === 'pickup') return { kind: 'refused', reason: 'the dossier was already picked up' };
    const code = pickedUp ? 22 : 9;
    return { kind: 'cancelled', entry: this.advance(order, { status_code: code, note: reason || 'cancelled by the customer' }) };
  }

  reset(): void {
    this.byWaybill.clear();
    this.byKey.clear();
    this.byOrderNumber.clear();
  }

  private newWaybill(): string {
    for (;;) {
      const waybill = `SIM${String(randomInt(0, 1e12)).padStart(12, '0')}`;
      if (!this.byWaybill.has(waybill)) return waybill;
    }
  }
}

export function lastStatus(order: Order): StatusEntry {
  return order.history[order.history.length - 1];
}
