// The shipment streams on the platform's event store: events as protobuf (type =
// "onestop.postal.v1.<Name>"), the event store's typed conflicts translated for the use cases.
import { decodeEvent, encodeEvent } from '@onestop/contracts';
import { ConcurrencyError, DuplicateRequestError, type EventStore, type RecordedEvent } from '@onestop/eventstore';
import { traceMetadata } from '@onestop/observability';
import { RequestAlreadyHandled, StreamConflict } from '../../application/errors';
import type { AppendRequest, LoadedShipment, ShipmentStreams, StoredAnswer } from '../../application/ports';
import { POSTAL_EVENT_PACKAGE, POSTAL_EVENT_TYPES, type PostalEvent, type PostalEventType, type RecordedPostalEvent } from '../../domain/events';
import { fold } from '../../domain/shipment';

const KNOWN = new Set<string>(POSTAL_EVENT_TYPES);

export function encodePostalEvent(e: PostalEvent): { type: string; data: Uint8Array } {
  const type = `${POSTAL_EVENT_PACKAGE}.${e.type}`;
  return { type, data: encodeEvent(type, e.data) };
}

/** The postal event in a stored or consumed event; undefined for a type that is not ours. */
export function decodePostalEvent(type: string, data: Uint8Array): PostalEvent | undefined {
  if (!type.startsWith(`${POSTAL_EVENT_PACKAGE}.`)) return undefined;
  const name = type.slice(POSTAL_EVENT_PACKAGE.length + 1);
  if (!KNOWN.has(name)) return undefined;
  return { type: name as PostalEventType, data: decodeEvent(type, data) } as PostalEvent;
}

function recorded(e: RecordedEvent): RecordedPostalEvent {
  const event = decodePostalEvent(e.type, e.data);
  if (!event) throw new Error(`stream ${e.streamId} holds an event of unknown type ${e.type}`);
  return { id: e.id, version: e.version, recordedAt: e.recordedAt, event };
}

export class EventStoreShipmentStreams implements ShipmentStreams {
  /** `onAppended` runs after each append (e.g. nudging the outbox relay). */
  constructor(
    private readonly store: EventStore,
    private readonly onAppended: () => void = () => undefined,
  ) {}

  async load(shipmentId: string): Promise<LoadedShipment> {
    const events = (await this.store.readStream(shipmentId)).map(recorded);
    return { shipment: fold(events.map((e) => e.event)), events };
  }

  async append(shipmentId: string, events: PostalEvent[], r: AppendRequest): Promise<RecordedPostalEvent[]> {
    try {
      const commit = await this.store.append(shipmentId, events.map(encodePostalEvent), {
        expectedVersion: r.expectedVersion === 0 ? 'no_stream' : r.expectedVersion,
        requestId: r.meta.requestId,
        result: r.answer,
        metadata: {
          requestId: r.meta.requestId,
          correlationId: r.meta.correlationId,
          actor: r.meta.actor,
          ...(r.meta.causationId ? { causationId: r.meta.causationId } : {}),
          ...traceMetadata(),
        },
      });
      this.onAppended();
      return commit.events.map(recorded);
    } catch (err) {
      if (err instanceof DuplicateRequestError) throw new RequestAlreadyHandled(err.result as StoredAnswer | undefined);
      if (err instanceof ConcurrencyError) throw new StreamConflict(err.message);
      throw err;
    }
  }

  async answerFor(requestId: string): Promise<StoredAnswer | undefined> {
    const commit = await this.store.findByRequestId(requestId);
    if (!commit) return undefined;
    return (commit.result as StoredAnswer | null) ?? { command: '(internal)', response: null };
  }
}
