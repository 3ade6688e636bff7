// The webhook's replay window is judged on the wall clock, the status time on the business clock:
// a service on a simulated clock (the demo plays 2020) still accepts the provider's fresh
// signatures and refuses stale ones. The ingest port answers "unknown waybill" (404), which is
// only reached once the signature and the body passed.
import { createLogger } from '@onestop/logging';
import type { ProviderStatusIngest } from '../../application/provider-status';
import { signPayload } from './signature';
import { startWebhookServer, type RunningWebhookServer } from './webhook-server';

const SECRET = 'unit-webhook-secret-0123456789';
const BUSINESS_NOW = new Date('2020-03-02T03:00:00Z');

describe('the webhook on a simulated business clock', () => {
  let server: RunningWebhookServer;
  const ingest = { ingestByWaybill: async () => ({ kind: 'unknown_waybill' }) } as unknown as ProviderStatusIngest;

  beforeAll(async () => {
    server = await startWebhookServer({
      host: '127.0.0.1',
      port: 0,
      secret: SECRET,
      replayWindowSeconds: 300,
      ingest,
      clock: () => BUSINESS_NOW,
      logger: createLogger('postal-delivery-test', 'silent'),
    });
  });
  afterAll(async () => {
    await server?.stop();
  });

  const post = async (timestampSeconds: number) => {
    const raw = JSON.stringify({
      waybill_number: 'WB-UNIT-1',
      order_number: 'TRUCNINH-200302-0001',
      status_code: 4,
      status_at: new Date(BUSINESS_NOW.getTime() - 60_000).toISOString(),
      note: '',
    });
    const ts = String(timestampSeconds);
    const res = await fetch(`http://127.0.0.1:${server.port}/webhooks/provider`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-provider-timestamp': ts, 'x-provider-signature': signPayload(SECRET, ts, raw) },
      body: raw,
    });
    return res.status;
  };

  it('accepts a signature made now by the wall clock although the business date is 2020', async () => {
    expect(await post(Math.floor(Date.now() / 1000))).toBe(404);
  });

  it('refuses a signature as old as the business date (outside the replay window)', async () => {
    expect(await post(Math.floor(BUSINESS_NOW.getTime() / 1000))).toBe(401);
  });
});
