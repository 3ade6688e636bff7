// Ids derived from other ids, so a retry arrives at the same stream (a name-based UUID, RFC 4122 v5).
import { createHash } from 'node:crypto';

const NAMESPACE = 'onestop.postal-delivery';

export function nameBasedUuid(name: string): string {
  const h = createHash('sha1').update(`${NAMESPACE}:${name}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The pickup a RequestPickup with this request id creates. */
export const pickupIdFor = (requestId: string): string => nameBasedUuid(`pickup:${requestId}`);

/** The request id of the SubmitDossier call for a pickup: one dossier per pickup, however often retried. */
export const deskSubmissionRequestId = (pickupId: string): string => `postal-pickup-${pickupId}`;
