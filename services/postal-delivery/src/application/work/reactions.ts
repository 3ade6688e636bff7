// Which recorded events call for work: the provider's order or cancellation, the submission to the
// desk, the delivery outcome for the desk. Enqueueing is a claim keyed by (kind, shipment), so
// consuming the same history again — a redelivery, a replay from the beginning — calls for nothing new.
import type { PostalEvent } from '../../domain/events';
import type { Clock, WorkKind, WorkQueue } from '../ports';

export function workCalledFor(e: PostalEvent): WorkKind[] {
  switch (e.type) {
    case 'PickupRequested':
    case 'ResultShipmentRequested':
      return ['create-order'];
    case 'CancellationRequested':
      return ['cancel-order'];
    case 'DossierHandedOver':
      return ['submit-dossier'];
    case 'ResultDelivered':
      return ['record-result-delivery'];
    case 'ResultReturnedToDesk':
      return e.data.providerReturnRequested ? ['cancel-order', 'record-result-delivery'] : ['record-result-delivery'];
    default:
      return [];
  }
}

export class Reactions {
  constructor(
    private readonly work: WorkQueue,
    private readonly clock: Clock,
    private readonly onEnqueued: () => void = () => undefined,
  ) {}

  /** Returns the kinds newly enqueued (empty on a replay). */
  async onEvent(shipmentId: string, eventId: string, event: PostalEvent): Promise<WorkKind[]> {
    const added: WorkKind[] = [];
    for (const kind of workCalledFor(event)) {
      if (await this.work.enqueue(kind, shipmentId, eventId, this.clock())) added.push(kind);
    }
    if (added.length) this.onEnqueued();
    return added;
  }
}
