// The shipment streams on the platform's event store: events as protobuf (type =
// "onestop.postal.v1.<Name>"); every write goes through the platform's one command handler.
import { CommandHandler, type StreamModel } from '@onestop/commands';
import { decodeEvent, encodeEvent } from '@onestop/contracts';
import type { Commit, EventStore, RecordedEvent } from '@onestop/eventstore';
import type { LoadedShipment, ShipmentCommands, ShipmentStreams } from '../../application/ports';
import { evolve, initialState, type ShipmentState } from '../../domain/decide';
import {
  POSTAL_EVENT_PACKAGE,
  POSTAL_EVENT_TYPES,
  type PostalEvent,
  type PostalEventType,
  type RecordedPostalEvent,
} from '../../domain/events';
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

/** How a shipment stream is read and written: the postal event codec and the shipment's fold. */
export const shipmentModel: StreamModel<PostalEvent, ShipmentState> = {
  decode: (r) => recorded(r).event,
  encode: encodePostalEvent,
  initialState,
  evolve,
};

export class EventStoreShipmentStreams implements ShipmentStreams {
  readonly commands: ShipmentCommands;

  /** `onAppended` runs after each append (e.g. nudging the outbox relay). */
  constructor(
    private readonly store: EventStore,
    onAppended: (commit: Commit) => void = () => undefined,
  ) {
    this.commands = new CommandHandler(store, shipmentModel, { onAppended });
  }

  async load(shipmentId: string): Promise<LoadedShipment> {
    const events = (await this.store.readStream(shipmentId)).map(recorded);
    return { shipment: fold(events.map((e) => e.event)), events };
  }
}
