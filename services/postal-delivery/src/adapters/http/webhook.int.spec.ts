// The webhook endpoint of the running application (real FerretDB and Kafka): signed callbacks
// posted by the test, and the simulator's callbacks under its faults — duplicated, reordered,
// dropped (polling recovers them), badly signed, stale.
import { postal, postalEvents } from '@onestop/contracts';
import { admin } from '../provider/simulator.spec';
import { advance, orderedPickup as ordered, startHarness, waitFor, type Harness } from '../../testing/harness.spec';
import { SIM_SECRET } from '../provider/simulator.spec';
import { signPayload } from './signature';

jest.setTimeout(60_000);

const ShipmentState = postalEvents.ShipmentState;
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

const shipmentOf = async (id: string) => (await h.shipment({ $case: 'shipmentId', shipmentId: id }))[0];

interface Post {
  status: number;
  body: any;
}

async function post(body: unknown, opts: { secret?: string; timestamp?: number; raw?: string } = {}): Promise<Post> {
  const raw = opts.raw ?? JSON.stringify(body);
  const ts = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
  const res = await fetch(`http://127.0.0.1:${h.service.httpPort}/webhooks/provider`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-provider-timestamp': ts,
      'x-provider-signature': signPayload(opts.secret ?? SIM_SECRET, ts, raw),
    },
    body: raw,
  });
  return { status: res.status, body: await res.json() };
}

const callback = (s: postal.Shipment, code: number, at: Date, extra: Record<string, unknown> = {}) => ({
  waybill_number: s.waybillNumber,
  order_number: s.orderNumber,
  status_code: code,
  status_at: at.toISOString(),
  note: '',
  ...extra,
});

describe('the provider webhook', () => {
  it('records a signed status; the same callback again is acknowledged as a duplicate and changes nothing', async () => {
    const s = await ordered(h);
    const cb = callback(s, 4, new Date());
    expect(await post(cb)).toEqual({ status: 200, body: { result: 'recorded', applied: true, state: 'SHIPMENT_STATE_PICKING_UP' } });
    const version = (await shipmentOf(s.shipmentId)).version;
    expect(await post(cb)).toEqual({ status: 200, body: { result: 'duplicate' } });
    expect((await shipmentOf(s.shipmentId)).version).toBe(version);
  });

  it('a status older than the current one is recorded but never moves the shipment backwards', async () => {
    const s = await ordered(h);
    const now = Date.now();
    expect((await post(callback(s, 10, new Date(now)))).body.applied).toBe(true);
    expect(await post(callback(s, 4, new Date(now - 60_000)))).toEqual({
      status: 200,
      body: { result: 'recorded', applied: false, state: 'SHIPMENT_STATE_IN_TRANSIT' },
    });
    const after = await shipmentOf(s.shipmentId);
    expect(after.state).toBe(ShipmentState.SHIPMENT_STATE_IN_TRANSIT);
    expect(after.tracking.at(-1)).toMatchObject({ providerStatusCode: 4, applied: false });
  });

  it('a bad signature or a stale timestamp is 401 and records nothing', async () => {
    const s = await ordered(h);
    const version = (await shipmentOf(s.shipmentId)).version;
    const bad = await post(callback(s, 4, new Date()), { secret: 'some-other-secret-value' });
    expect(bad).toEqual({ status: 401, body: { error: 'the signature does not match' } });
    const stale = await post(callback(s, 4, new Date()), { timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect(stale.status).toBe(401);
    expect(stale.body.error).toContain('replay window');
    const unsigned = await fetch(`http://127.0.0.1:${h.service.httpPort}/webhooks/provider`, {
      method: 'POST',
      body: JSON.stringify(callback(s, 4, new Date())),
    });
    expect(unsigned.status).toBe(401);
    expect((await shipmentOf(s.shipmentId)).version).toBe(version);
  });

  it('a malformed body is 400 naming the problem', async () => {
    const s = await ordered(h);
    expect(await post(undefined, { raw: '{"waybill_number":' })).toEqual({
      status: 400,
      body: { error: '(body): is not JSON', field: '(body)' },
    });
    expect(await post(callback(s, 17, new Date()))).toEqual({
      status: 400,
      body: { error: 'status_code: 17 is not a provider status code', field: 'status_code' },
    });
    expect((await post({ ...callback(s, 4, new Date()), status_at: 'soon' })).body.field).toBe('status_at');
    expect((await post(callback(s, 4, new Date(), { order_number: 'SOMEONE-ELSE-KQ' }))).body.field).toBe('order_number');
  });

  it('issue 15 §6: a status_at of 9999-12-31 is 400 and records nothing, so the next real status still applies', async () => {
    const s = await ordered(h);
    const version = (await shipmentOf(s.shipmentId)).version;
    const far = await post(callback(s, 4, new Date('9999-12-31T00:00:00Z')));
    expect(far).toMatchObject({ status: 400, body: { field: 'status_at' } });
    expect((await shipmentOf(s.shipmentId)).version).toBe(version);
    expect((await post(callback(s, 4, new Date()))).status).toBe(200);
    expect((await shipmentOf(s.shipmentId)).version).toBeGreaterThan(version);
  });

  it('an unknown waybill is 404', async () => {
    const r = await post({
      waybill_number: 'SIM999999999999',
      order_number: 'X-HS',
      status_code: 4,
      status_at: new Date().toISOString(),
      note: '',
    });
    expect(r).toEqual({ status: 404, body: { error: 'unknown waybill SIM999999999999' } });
  });
});

describe("the simulator's callbacks under faults", () => {
  afterEach(async () => {
    await admin(h.sim, 'POST', '/faults', {});
  });

  it('duplicated callbacks are recorded once', async () => {
    const s = await ordered(h);
    await admin(h.sim, 'POST', '/faults', { duplicate_callbacks: true });
    await advance(h, s.waybillNumber, 2, 4);
    const after = await shipmentOf(s.shipmentId);
    const reports = after.tracking.filter((t) => t.event === 'ProviderStatusReported').map((t) => t.providerStatusCode);
    expect(reports).toEqual([1, 2, 4]);
    const log = (await admin(h.sim, 'GET', '/callbacks')).callbacks.filter(
      (c: any) => c.waybill_number === s.waybillNumber && c.status_code === 4,
    );
    expect(log.filter((c: any) => c.outcome === 'sent' && c.response_status === 200)).toHaveLength(2);
  });

  it('callbacks sent newest first end in the newest state, the older ones recorded as late', async () => {
    const s = await ordered(h);
    await admin(h.sim, 'POST', '/faults', { reorder_callbacks: true });
    const t = Date.now();
    await advance(
      h,
      s.waybillNumber,
      ...[4, 6, 7, 10].map((code, i) => ({ status_code: code, status_at: new Date(t + i * 1000).toISOString() })),
    );
    await admin(h.sim, 'POST', '/callbacks/flush');
    await h.sim.callbacks.idle();
    const after = await shipmentOf(s.shipmentId);
    expect(after.state).toBe(ShipmentState.SHIPMENT_STATE_IN_TRANSIT);
    const reports = after.tracking.filter((x) => x.event === 'ProviderStatusReported' && x.providerStatusCode !== 1);
    expect(reports.map((x) => [x.providerStatusCode, x.applied])).toEqual([
      [10, true],
      [7, false],
      [6, false],
      [4, false],
    ]);
  });

  it('dropped callbacks are found by polling', async () => {
    const s = await ordered(h);
    await admin(h.sim, 'POST', '/faults', { drop_callbacks: 3 });
    await advance(h, s.waybillNumber, 2, 4, 6);
    expect((await shipmentOf(s.shipmentId)).state).toBe(ShipmentState.SHIPMENT_STATE_ORDER_CREATED);
    await waitFor('the order in the read model', async () => {
      const open = await h.mongo
        .db(h.config.MONGO_DB)
        .collection('shipments_v1')
        .findOne({ _id: s.shipmentId as never, waybillNumber: s.waybillNumber });
      return !!open;
    });
    const round = await h.service.poller!.pollOnce();
    expect(round.recorded).toBeGreaterThanOrEqual(3);
    const after = await shipmentOf(s.shipmentId);
    expect(after.state).toBe(ShipmentState.SHIPMENT_STATE_COLLECTED);
    expect(
      after.tracking.filter((x) => x.source === postalEvents.StatusSource.STATUS_SOURCE_POLL).map((x) => x.providerStatusCode),
    ).toEqual([2, 4, 6]);
    expect((await h.service.poller!.pollOnce()).recorded).toBe(0);
  });

  it('a badly signed or stale callback is refused (401) and records nothing', async () => {
    const s = await ordered(h);
    const version = (await shipmentOf(s.shipmentId)).version;
    await admin(h.sim, 'POST', '/faults', { bad_signature_next: 1 });
    await advance(h, s.waybillNumber, 4);
    await admin(h.sim, 'POST', '/faults', { stale_timestamp_next: 1 });
    await advance(h, s.waybillNumber, 6);
    const refused = (await admin(h.sim, 'GET', '/callbacks')).callbacks.filter(
      (c: any) => c.waybill_number === s.waybillNumber && [4, 6].includes(c.status_code),
    );
    expect(refused.map((c: any) => c.response_status)).toEqual([401, 401]);
    const after = await shipmentOf(s.shipmentId);
    expect(after.version).toBe(version);
    expect(after.tracking.filter((t) => [4, 6].includes(t.providerStatusCode))).toEqual([]);
  });
});
