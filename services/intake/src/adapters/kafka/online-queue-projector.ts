// Keeps the online-submission queue from the desk's own events on Kafka. Only online dossiers
// are ever in it: a receipt, guidance or refusal at the counter or the postal hand-over writes
// nothing (on FerretDB every write by _id scans the collection, so a document per dossier made
// each receipt's projection slower as the dossiers piled up).
import { common } from '@onestop/contracts';
import type { EventEnvelope } from '@onestop/messaging';
import { fromStored } from '../store/event-codec';
import type { OnlineQueueStore } from '../store/online-queue';

const LEAVES_QUEUE = new Set(['DossierReceived', 'ReceptionGuidanceIssued', 'DossierRefused', 'DossierWithdrawn']);

export function onlineQueueHandler(queue: Pick<OnlineQueueStore, 'record'>) {
  return async (envelope: EventEnvelope): Promise<void> => {
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
