// How the provider signs its callbacks: X-Provider-Timestamp = unix seconds, X-Provider-Signature =
// hex HMAC-SHA256 of `${timestamp}.${rawBody}` with the shared secret.
import { createHmac } from 'node:crypto';

export const TIMESTAMP_HEADER = 'x-provider-timestamp';
export const SIGNATURE_HEADER = 'x-provider-signature';

export function sign(secret: string, timestamp: string, rawBody: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');
}
