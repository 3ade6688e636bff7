// The HTTP adapter against the real simulator (HTTP over loopback): idempotent creates under
// timeouts and 5xx, refusals, cancellation, status history, and the circuit breaker.
import { silentLogger } from '@onestop/logging';
import type { RunningSimulator } from '../../../../../infra/postal-simulator/src/server';
import { ProviderRefusedError, ProviderUnavailableError } from '../../application/errors';
import type { ProviderOrder } from '../../application/ports';
import { CircuitBreaker, CircuitOpenError } from '../../application/resilience/circuit-breaker';
import { HttpPostalProvider } from './http-postal-provider';
import { admin, SIM_API_KEY, startTestSimulator } from './simulator.spec';

let sim: RunningSimulator;
let now = 1_000_000;
let breaker: CircuitBreaker;
const slept: number[] = [];

function provider(overrides: { apiKey?: string; timeoutMs?: number; attempts?: number } = {}) {
  breaker = new CircuitBreaker({
    name: 'postal provider',
    failureThreshold: 3,
    cooldownMs: 30_000,
    now: () => now,
    isFailure: (e) => e instanceof ProviderUnavailableError,
  });
  return new HttpPostalProvider({
    baseUrl: sim.url,
    apiKey: overrides.apiKey ?? SIM_API_KEY,
    timeoutMs: overrides.timeoutMs ?? 2_000,
    attempts: overrides.attempts ?? 4,
    backoff: { baseMs: 10, maxMs: 40 },
    breaker,
    random: () => 0.5,
    sleep: async (ms) => {
      slept.push(ms);
    },
    logger: silentLogger(),
  });
}

let seq = 0;
function order(service: 'pickup' | 'delivery' = 'delivery'): ProviderOrder {
  seq += 1;
  return {
    orderNumber: `000.00.11.H40-240304-${String(seq).padStart(4, '0')}-KQ`,
    service,
    sender: { name: 'Bộ phận Một cửa', address: 'UBND huyện Trực Ninh', phone: '02283881234' },
    receiver: { name: 'Nguyễn Văn An', address: 'Xóm 3, xã Trực Hưng', phone: '0912345678' },
    codAmountVnd: 30_000,
    note: '',
  };
}

const ordersNamed = async (orderNumber: string) =>
  (await admin(sim, 'GET', `/orders?order_number=${encodeURIComponent(orderNumber)}`)).orders;

beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(async () => {
  await sim.close();
});
beforeEach(async () => {
  await admin(sim, 'POST', '/reset');
  slept.length = 0;
});

describe('HTTP postal provider against the simulator', () => {
  it('creates an order, and a retried create with the same key returns the same order', async () => {
    const p = provider();
    const o = order();
    const first = await p.createOrder(o, o.orderNumber);
    expect(first.waybillNumber).toMatch(/^SIM\d{12}$/);
    expect(first.feeVnd).toBeGreaterThan(0);
    expect(await p.createOrder(o, o.orderNumber)).toEqual(first);
    expect(await ordersNamed(o.orderNumber)).toHaveLength(1);
  });

  it('rides out 5xx answers with backoff and creates one order', async () => {
    const p = provider();
    const o = order();
    await admin(sim, 'POST', '/faults', { fail_next: 2 });
    const created = await p.createOrder(o, o.orderNumber);
    expect(created.waybillNumber).toBeTruthy();
    expect(slept).toHaveLength(2);
    expect(slept[1]).toBeGreaterThanOrEqual(slept[0]);
    expect(await ordersNamed(o.orderNumber)).toHaveLength(1);
  });

  it('answers within the timeout despite added latency', async () => {
    const p = provider({ timeoutMs: 3_000 });
    await admin(sim, 'POST', '/faults', { latency_ms: 200 });
    expect(await p.quoteFee({ service: 'pickup', fromAddress: 'a', toAddress: 'b', codAmountVnd: 0 })).toBe(28_000);
    expect(slept).toHaveLength(0);
  });

  it('a create that timed out after the provider made the order is retried into the same order, not a second one', async () => {
    const p = provider({ timeoutMs: 300 });
    const o = order();
    await admin(sim, 'POST', '/faults', { timeout_next: 1, hold_ms: 2_000 });
    const created = await p.createOrder(o, o.orderNumber);
    expect(slept).toHaveLength(1);
    const orders = await ordersNamed(o.orderNumber);
    expect(orders).toHaveLength(1);
    expect(orders[0].waybill_number).toBe(created.waybillNumber);
  });

  it('an order number already taken under another key is the existing order', async () => {
    const p = provider();
    const o = order();
    const first = await p.createOrder(o, 'key-1');
    expect(await p.createOrder(o, 'key-2')).toEqual(first);
  });

  it('a refusal (bad order) is not retried', async () => {
    const p = provider();
    const bad = { ...order(), receiver: { name: 'An', address: '', phone: '1' } };
    await expect(p.createOrder(bad, bad.orderNumber)).rejects.toEqual(
      expect.objectContaining({ name: 'ProviderRefusedError', status: 400 }),
    );
    expect(slept).toHaveLength(0);
    expect(breaker.state).toBe('closed');
  });

  it('cancels before pickup (status 9) and is refused once delivered', async () => {
    const p = provider();
    const a = await p.createOrder(order('pickup'), 'c-1');
    expect((await p.cancelOrder(a.waybillNumber, 'citizen came to the counter')).statusCode).toBe(9);
    const b = await p.createOrder(order('delivery'), 'c-2');
    await admin(sim, 'POST', `/orders/${b.waybillNumber}/advance`, { status_code: 14 });
    await expect(p.cancelOrder(b.waybillNumber, 'too late')).rejects.toBeInstanceOf(ProviderRefusedError);
  });

  it('reads the status history', async () => {
    const p = provider();
    const a = await p.createOrder(order(), 'h-1');
    await admin(sim, 'POST', `/orders/${a.waybillNumber}/advance`, { status_code: 4 });
    await admin(sim, 'POST', `/orders/${a.waybillNumber}/advance`, { status_code: 21, cod_amount: 30_000 });
    const status = await p.getStatus(a.waybillNumber);
    expect(status.history.map((h) => h.statusCode)).toEqual([1, 4, 21]);
    expect(status.history[2].codAmountVnd).toBe(30_000);
    await expect(p.getStatus('SIM000000000000')).rejects.toEqual(expect.objectContaining({ status: 404 }));
  });

  it('opens the circuit while the provider is down, fails fast, and closes once it is back', async () => {
    const p = provider({ attempts: 2 });
    await admin(sim, 'POST', '/faults', { down: true });
    await expect(p.quoteFee({ service: 'delivery', fromAddress: 'a', toAddress: 'b', codAmountVnd: 0 })).rejects.toBeInstanceOf(
      ProviderUnavailableError,
    );
    await expect(p.quoteFee({ service: 'delivery', fromAddress: 'a', toAddress: 'b', codAmountVnd: 0 })).rejects.toBeInstanceOf(
      ProviderUnavailableError,
    );
    expect(breaker.state).toBe('open');
    await admin(sim, 'POST', '/faults', {});
    const failFast = await p
      .quoteFee({ service: 'delivery', fromAddress: 'a', toAddress: 'b', codAmountVnd: 0 })
      .catch((e: ProviderUnavailableError) => e);
    expect(failFast).toBeInstanceOf(ProviderUnavailableError);
    expect((failFast as ProviderUnavailableError).cause).toBeInstanceOf(CircuitOpenError);
    now += 30_000;
    expect(await p.quoteFee({ service: 'delivery', fromAddress: 'a', toAddress: 'b', codAmountVnd: 0 })).toBe(20_000);
    expect(breaker.state).toBe('closed');
  });

  it('wrong credentials are unavailability (fix the configuration), not a refusal of the order', async () => {
    const p = provider({ apiKey: 'not-the-key', attempts: 1 });
    await expect(p.quoteFee({ service: 'pickup', fromAddress: 'a', toAddress: 'b', codAmountVnd: 0 })).rejects.toThrow(/credentials/);
  });
});
