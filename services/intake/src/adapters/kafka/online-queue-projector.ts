// Keeps the online-submission queue from the desk's own events on Kafka. Only online dossiers
// are ever in it: a receipt, guidance or refusal at the counter or the postal hand-over writes
// nothing (on FerretDB every write by _id scans the collection, so a document per dossier made
// each receipt's projection slower as the dossiers piled up).
import { common } from '@onestop/contracts';
import type { EventEnvelope } from '@onestop/messaging';
import { INTAKE_EVENT_PACKAGE } from '../../domain/events';
import { fromStored } from '../store/event-codec';
import type { OnlineQueueStore } from '../store/online-queue';

const LEAVES_QUEUE = new Set(['DossierReceived', 'ReceptionGuidanceIssued', 'DossierRefused', 'DossierWithdrawn']);
/** The full type names this projection reads; every other event is passed by without decoding it. */
const READS = new Set([...LEAVES_QUEUE, 'DossierSubmittedOnline'].map((t) => `${INTAKE_EVENT_PACKAGE}.${t}`));

export function onlineQueueHandler(queue: Pick<OnlineQueueStore, 'record'>) {
  return async (envelope: EventEnvelope): Promise<void> => {
    if (!READS.has(envelope.type)) return;
    const event = fromStored(envelope);
    if (event.type === 'DossierSubmittedOnline') {
      await queue.record(envelope.streamId, envelope.streamVersion, {
        unitCode: event.data.unitCode,
        submittedAt: event.data.submittedAt ?? envelope.time,
        waiting: true,
      });
      return;
    }
    if (!LEAVES_QUEUE.has(event.type)) return;
    const channel = 'channel' in event.data ? event.data.channel : undefined;
    if (channel !== undefined && channel !== common.Channel.CHANNEL_ONLINE) return;
    await queue.record(envelope.streamId, envelope.streamVersion, { waiting: false });
  };
}

/**
 * The same projection for a fetched batch (EventConsumer's batchHandler): the events in order, with
 * no delivery of its own per event (a child logger, a retry loop) for the many the queue ignores.
 * A failure hands the batch back to the consumer, which delivers it one event at a time.
 */
export function onlineQueueBatchHandler(queue: Pick<OnlineQueueStore, 'record'>) {
  const handle = onlineQueueHandler(queue);
  return async (envelopes: readonly EventEnvelope[]): Promise<void> => {
    for (const envelope of envelopes) await handle(envelope);
  };
}
