// Registry of event payload types by their fully qualified protobuf name, e.g.
// "onestop.intake.v1.DossierReceived". This name is the CloudEvents `ce_type` and the `type`
// stored with each event.
import { BinaryReader, BinaryWriter } from '@bufbuild/protobuf/wire';
import * as intakeEventsModule from './gen/onestop/intake/v1/events';
import * as legacyImportModule from './gen/onestop/intake/v1/legacy_import';
import * as processingEventsModule from './gen/onestop/processing/v1/events';
import * as postalEventsModule from './gen/onestop/postal/v1/events';

export interface EventCodec<T = unknown> {
  encode(message: T, writer?: BinaryWriter): BinaryWriter;
  decode(input: BinaryReader | Uint8Array, length?: number): T;
  fromPartial(object: unknown): T;
  toJSON(message: T): unknown;
}

type EventModule = Record<string, unknown>;

function isCodec(value: unknown): value is EventCodec {
  const v = value as Partial<EventCodec> | null;
  return !!v && typeof v.encode === 'function' && typeof v.decode === 'function' && typeof v.fromPartial === 'function';
}

/** Registers every message of a generated module under its protobuf package. */
function register(target: Map<string, EventCodec>, protobufPackage: string, module: EventModule): void {
  for (const [name, value] of Object.entries(module)) {
    if (isCodec(value)) target.set(`${protobufPackage}.${name}`, value);
  }
}

/** Every event payload type the platform publishes. */
export const eventTypes: ReadonlyMap<string, EventCodec> = (() => {
  const map = new Map<string, EventCodec>();
  register(map, 'onestop.intake.v1', intakeEventsModule);
  register(map, 'onestop.intake.v1', legacyImportModule);
  register(map, 'onestop.processing.v1', processingEventsModule);
  register(map, 'onestop.postal.v1', postalEventsModule);
  return map;
})();

function codecOf(type: string): EventCodec {
  const codec = eventTypes.get(type);
  if (!codec) throw new Error(`unknown event type "${type}"`);
  return codec;
}

/** Fully qualified name of a payload codec, e.g. eventTypeName(DossierReceived). */
export function eventTypeName(codec: EventCodec): string {
  for (const [name, c] of eventTypes) if (c === codec) return name;
  throw new Error('codec is not a registered event type');
}

export function encodeEvent<T>(type: string, payload: T): Uint8Array {
  const codec = codecOf(type) as EventCodec<T>;
  return codec.encode(codec.fromPartial(payload)).finish();
}

export function decodeEvent<T = unknown>(type: string, data: Uint8Array): T {
  return codecOf(type).decode(data) as T;
}
