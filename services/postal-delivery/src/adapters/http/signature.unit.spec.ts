import { createHmac } from 'node:crypto';
import { signPayload, verifySignature } from './signature';

const secret = 'test-postal-webhook-secret';
const body = Buffer.from('{"waybill_number":"SIM1","status_code":4}');
const now = new Date('2024-03-04T01:00:00Z');
const ts = String(now.getTime() / 1000);
const window = 300;

describe('webhook signature', () => {
  it('is hex HMAC-SHA256 of "<timestamp>.<raw body>"', () => {
    const expected = createHmac('sha256', secret).update(`${ts}.${body.toString()}`).digest('hex');
    expect(signPayload(secret, ts, body)).toBe(expected);
  });

  it('accepts a correctly signed, fresh callback', () => {
    expect(verifySignature({ timestamp: ts, signature: signPayload(secret, ts, body), rawBody: body }, secret, now, window)).toEqual({
      ok: true,
    });
  });

  it('rejects a signature made with another secret or over another body', () => {
    const other = verifySignature(
      { timestamp: ts, signature: signPayload('another-secret-entirely', ts, body), rawBody: body },
      secret,
      now,
      window,
    );
    expect(other).toEqual({ ok: false, reason: 'the signature does not match' });
    const tampered = Buffer.from(body.toString().replace('4', '14'));
    expect(verifySignature({ timestamp: ts, signature: signPayload(secret, ts, body), rawBody: tampered }, secret, now, window).ok).toBe(
      false,
    );
  });

  it('rejects a timestamp outside the replay window, either side, even when correctly signed', () => {
    for (const skew of [-301, 301]) {
      const t = String(Number(ts) + skew);
      const r = verifySignature({ timestamp: t, signature: signPayload(secret, t, body), rawBody: body }, secret, now, window);
      expect(r).toEqual({ ok: false, reason: expect.stringContaining('replay window') });
    }
    const edge = String(Number(ts) - 300);
    expect(verifySignature({ timestamp: edge, signature: signPayload(secret, edge, body), rawBody: body }, secret, now, window).ok).toBe(
      true,
    );
  });

  it('names a missing or malformed header', () => {
    const sig = signPayload(secret, ts, body);
    expect(verifySignature({ timestamp: undefined, signature: sig, rawBody: body }, secret, now, window)).toEqual({
      ok: false,
      reason: 'x-provider-timestamp header is missing',
    });
    expect(verifySignature({ timestamp: ts, signature: undefined, rawBody: body }, secret, now, window)).toEqual({
      ok: false,
      reason: 'x-provider-signature header is missing',
    });
    expect(verifySignature({ timestamp: '2024-03-04T01:00:00Z', signature: sig, rawBody: body }, secret, now, window)).toMatchObject({
      reason: expect.stringContaining('unix seconds'),
    });
    expect(verifySignature({ timestamp: ts, signature: 'abc', rawBody: body }, secret, now, window)).toMatchObject({
      reason: expect.stringContaining('64 hex'),
    });
  });
});
