import { NO_FAULTS, parseFaults, takeApiFault } from './faults';
import { OrderBook, quoteFee, type OrderInput } from './orders';
import { sign } from './signing';
import { createHmac } from 'node:crypto';

const input = (order_number: string, service: 'pickup' | 'delivery' = 'delivery'): OrderInput => ({
  order_number,
  service,
  sender: { name: 'a', address: 'b', phone: 'c' },
  receiver: { name: 'd', address: 'e', phone: 'f' },
  cod_amount: 30_000,
  note: '',
});

describe('simulated provider', () => {
  it('creates an order once per idempotency key, and refuses a second order with the same number', () => {
    const book = new OrderBook(() => new Date('2024-03-04T00:00:00Z'));
    const first = book.create(input('X-KQ'), 'k1');
    expect(first.kind).toBe('created');
    expect(book.create(input('X-KQ'), 'k1')).toEqual({ kind: 'replayed', order: first.order });
    expect(book.create(input('X-KQ'), 'k2')).toEqual({ kind: 'conflict', order: first.order });
    expect(first.order.history).toEqual([{ status_code: 1, status_at: '2024-03-04T00:00:00.000Z', note: 'order created' }]);
  });

  it('cancels before collection (9), returns after it (22), refuses once delivered or a collected pickup', () => {
    const book = new OrderBook(() => new Date());
    const early = book.create(input('A'), 'a').order;
    expect(book.cancel(early, '')).toMatchObject({ kind: 'cancelled', entry: { status_code: 9 } });
    const moving = book.create(input('B'), 'b').order;
    book.advance(moving, { status_code: 12 });
    expect(book.cancel(moving, '')).toMatchObject({ kind: 'cancelled', entry: { status_code: 22 } });
    const delivered = book.create(input('C'), 'c').order;
    book.advance(delivered, { status_code: 14 });
    expect(book.cancel(delivered, '').kind).toBe('refused');
    const collected = book.create(input('D', 'pickup'), 'd').order;
    book.advance(collected, { status_code: 6 });
    expect(book.cancel(collected, '').kind).toBe('refused');
  });

  it('quotes a base fee, a pickup surcharge and 1% of the cash to collect', () => {
    expect(quoteFee('delivery', 0)).toBe(20_000);
    expect(quoteFee('pickup', 0)).toBe(28_000);
    expect(quoteFee('delivery', 50_000)).toBe(20_500);
  });

  it('parses faults, naming a bad field, and counts down counted faults', () => {
    expect(parseFaults({ fail_next: 2 })).toEqual({ ...NO_FAULTS, fail_next: 2 });
    expect(parseFaults({ fail_next: -1 })).toEqual({ error: 'must be a whole number >= 0', field: 'fail_next' });
    expect(parseFaults({ down: 'yes' })).toEqual({ error: 'must be true or false', field: 'down' });
    expect(parseFaults({ fail_status: 404 })).toMatchObject({ field: 'fail_status' });
    expect(parseFaults({ sometimes: 1 })).toMatchObject({ field: 'sometimes' });
    const f = { ...NO_FAULTS, fail_next: 1, timeout_next: 1 };
    expect(takeApiFault(f)).toEqual({ kind: 'fail', status: 503 });
    expect(takeApiFault(f)).toEqual({ kind: 'hold', ms: 30_000 });
    expect(takeApiFault(f)).toBeNull();
  });

  it('signs callbacks as hex HMAC-SHA256 of "<timestamp>.<body>"', () => {
    expect(sign('s3cret', '1700000000', '{"a":1}')).toBe(createHmac('sha256', 's3cret').update('1700000000.{"a":1}').digest('hex'));
  });
});
