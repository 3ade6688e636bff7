// The postal-delivery streams' events: the payload types are the wire contracts
// (proto/onestop/postal/v1/events.proto), which are plain data; here they get a discriminated
// union for evolve/decide.
import type { postalEvents as ev } from '@onestop/contracts';

export type PostalEvent =
  | { type: 'PickupRequested'; data: ev.PickupRequested }
  | { type: 'ResultShipmentRequested'; data: ev.ResultShipmentRequested }
  | { type: 'ProviderOrderAccepted'; data: ev.ProviderOrderAccepted }
  | { type: 'ProviderOrderRejected'; data: ev.ProviderOrderRejected }
  | { type: 'ProviderStatusReported'; data: ev.ProviderStatusReported }
  | { type: 'DossierCollected'; data: ev.DossierCollected }
  | { type: 'DossierHandedOver'; data: ev.DossierHandedOver }
  | { type: 'DossierSubmittedToDesk'; data: ev.DossierSubmittedToDesk }
  | { type: 'DeskCallFailed'; data: ev.DeskCallFailed }
  | { type: 'PickupFailed'; data: ev.PickupFailed }
  | { type: 'CancellationRequested'; data: ev.CancellationRequested }
  | { type: 'ShipmentCancelled'; data: ev.ShipmentCancelled }
  | { type: 'CancellationRejected'; data: ev.CancellationRejected }
  | { type: 'DeliveryAttemptFailed'; data: ev.DeliveryAttemptFailed }
  | { type: 'ResultDelivered'; data: ev.ResultDelivered }
  | { type: 'ResultReturnedToDesk'; data: ev.ResultReturnedToDesk }
  | { type: 'ResultOutcomeRecordedAtDesk'; data: ev.ResultOutcomeRecordedAtDesk }
  | { type: 'CodRemitted'; data: ev.CodRemitted };

export type PostalEventType = PostalEvent['type'];

export const POSTAL_EVENT_PACKAGE = 'onestop.postal.v1';

export const POSTAL_EVENT_TYPES: readonly PostalEventType[] = [
  'PickupRequested',
  'ResultShipmentRequested',
  'ProviderOrderAccepted',
  'ProviderOrderRejected',
  'ProviderStatusReported',
  'DossierCollected',
  'DossierHandedOver',
  'DossierSubmittedToDesk',
  'DeskCallFailed',
  'PickupFailed',
  'CancellationRequested',
  'ShipmentCancelled',
  'CancellationRejected',
  'DeliveryAttemptFailed',
  'ResultDelivered',
  'ResultReturnedToDesk',
  'ResultOutcomeRecordedAtDesk',
  'CodRemitted',
];

/** A postal event as stored: the event plus its id, version and time in the stream. */
export interface RecordedPostalEvent {
  id: string;
  version: number;
  recordedAt: Date;
  event: PostalEvent;
}

/** Builds an event value with its type checked against its payload. */
export function postalEvent<T extends PostalEventType>(type: T, data: Extract<PostalEvent, { type: T }>['data']): PostalEvent {
  return { type, data } as PostalEvent;
}
