// The provider signs each callback: X-Provider-Timestamp (unix seconds) and X-Provider-Signature
// (hex HMAC-SHA256 of `${timestamp}.${rawBody}` with the shared secret). A callback is accepted
// only with a valid signature and a timestamp inside the replay window.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'x-provider-timestamp';
export const SIGNATURE_HEADER = 'x-provider-signature';

export function signPayload(secret: string, timestamp: string, rawBody: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
}

export interface SignedRequest {
  timestamp: string | undefined;
  signature: string | undefined;
  rawBody: Buffer;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

export function verifySignature(r: SignedRequest, secret: string, now: Date, windowSeconds: number): SignatureCheck {
  if (!r.timestamp) return { ok: false, reason: `${TIMESTAMP_HEADER} header is missing` };
  if (!r.signature) return { ok: false, reason: `${SIGNATURE_HEADER} header is missing` };
  if (!/^\d{1,12}$/.test(r.timestamp)) return { ok: false, reason: `${TIMESTAMP_HEADER} must be unix seconds` };
  const skew = Math.abs(now.getTime() / 1000 - Number(r.timestamp));
  if (skew > windowSeconds) return { ok: false, reason: `${TIMESTAMP_HEADER} is outside the ${windowSeconds} s replay window` };
  if (!/^[0-9a-fA-F]{64}$/.test(r.signature)) return { ok: false, reason: `${SIGNATURE_HEADER} must be 64 hex digits` };
  const expected = Buffer.from(signPayload(secret, r.timestamp, r.rawBody), 'hex');
  const given = Buffer.from(r.signature, 'hex');
  if (!timingSafeEqual(expected, given)) return { ok: false, reason: 'the signature does not match' };
  return { ok: true };
}
