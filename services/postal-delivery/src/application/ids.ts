// Ids derived from other ids, so a retry arrives at the same stream (a name-based UUID, RFC 4122 v5),
// and the request ids postal-delivery derives itself, in the platform's reserved namespace (a
// client cannot send them, so cannot claim them ahead of the platform).
import { createHash } from 'node:crypto';
import { derivedRequestId } from '@onestop/commands';

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
export const deskSubmissionRequestId = (pickupId: string): string => derivedRequestId('postal-pickup', pickupId);

/** The request id of the RecordResultDelivery call for a delivery outcome (the event that called for it). */
export const deskDeliveryRequestId = (sourceEventId: string): string => derivedRequestId('postal.result-delivery', sourceEventId);

/** The request id under which a job records one kind of outcome for its work item. */
export const workOutcomeRequestId = (workItemId: string, outcome: string): string =>
  derivedRequestId('postal.work', `${workItemId}/${outcome}`);

/** The request id of a provider status report: one per (shipment, code, provider time). */
export const statusReportRequestId = (shipmentId: string, statusCode: number, statusAt: Date): string =>
  derivedRequestId('postal.status', `${shipmentId}:${statusCode}@${statusAt.getTime()}`);

/** The request id of the result shipment called for a dossier. */
export const resultShipmentRequestId = (dossierId: string): string => derivedRequestId('postal.result-shipment', dossierId);
