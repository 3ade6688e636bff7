// Hostile bodies for the postal provider's webhook, signed with the shared secret (so they pass the
// signature check and reach the body's parser and the ingest), and the POST that sends them.
import { createHmac } from 'node:crypto';
import * as fc from 'fast-check';

const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', ' ', '\u200b', 'a\u0000b', 'x'.repeat(100_000), 'VN123456789', 'W 1', '9999-12-31T23:59:59Z', '1900-01-01T00:00:00Z'),
);
const hostileNumber = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(1, 4, 14, 99, -1, 2 ** 53, 1e308, 0.5),
  fc.constant(null),
  fc.string({ maxLength: 5 }),
);
const instant = fc.oneof(
  fc.date({ min: new Date('1900-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom('', 'not a date', '2026-02-30T00:00:00Z', '+275760-09-13T00:00:00.000Z', '1e13', new Date().toISOString()),
  fc.integer().map(String),
);

/** JSON bodies: the provider's shape with hostile values, other JSON, and text that is not JSON. */
export function webhookBodyArb(): fc.Arbitrary<string> {
  const shaped = fc
    .record(
      {
        waybill_number: hostileString,
        order_number: hostileString,
        status_code: hostileNumber,
        status_at: instant,
        note: fc.oneof(hostileString, hostileNumber),
        cod_amount: hostileNumber,
        extra: fc.jsonValue({ maxDepth: 2 }),
      },
      { requiredKeys: [] },
    )
    .map((b) => JSON.stringify(b));
  return fc.oneof(
    { weight: 6, arbitrary: shaped },
    { weight: 2, arbitrary: fc.json({ maxDepth: 3 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('', '[]', 'null', '{', '{"waybill_number":' + '['.repeat(5000), '"' + 'x'.repeat(300_000) + '"'),
    },
  );
}

/** POSTs a body signed as the provider signs (X-Provider-Timestamp, X-Provider-Signature). */
export async function signedWebhook(url: string, body: string, secret: string): Promise<{ status: number; text: string }> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-provider-timestamp': timestamp, 'x-provider-signature': signature },
    body,
  });
  return { status: res.status, text: await res.text() };
}
