// Keeps the online-submission queue from the desk's own events on Kafka.
import type { EventEnvelope } from '@onestop/messaging';
import { fromStored } from '../store/event-codec';
import type { OnlineQueueStore } from '../store/online-queue';

const LEAVES_QUEUE = new Set(['DossierReceived', 'ReceptionGuidanceIssued', 'DossierRefused', 'DossierWithdrawn']);

export function onlineQueueHandler(queue: OnlineQueueStore) {
  return async (envelope: EventEnvelope): Promise<void> => {
    const event = fromStored(envelope);
    if (event.type === 'DossierSubmittedOnline') {
      await queue.record(envelope.streamId, envelope.streamVersion, {
        unitCode: event.data.unitCode,
        submittedAt: event.data.submittedAt ?? envelope.time,
        waiting: true,
      });
    } else if (LEAVES_QUEUE.has(event.type)) {
      await queue.record(envelope.streamId, envelope.streamVersion, { waiting: false });
    }
  };
}
