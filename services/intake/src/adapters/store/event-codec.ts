// Intake events <-> stored/published form: the fully-qualified protobuf type and its bytes.
import { decodeEvent, encodeEvent } from '@onestop/contracts';
import { INTAKE_EVENT_PACKAGE, INTAKE_EVENT_TYPES, type IntakeEvent, type IntakeEventType } from '../../domain/events';

const SHORT_NAMES = new Set<string>(INTAKE_EVENT_TYPES);

export function toStored(event: IntakeEvent): { type: string; data: Uint8Array } {
  const type = `${INTAKE_EVENT_PACKAGE}.${event.type}`;
  return { type, data: encodeEvent(type, event.data) };
}

export function fromStored(stored: { type: string; data: Uint8Array }): IntakeEvent {
  const prefix = `${INTAKE_EVENT_PACKAGE}.`;
  const short = stored.type.startsWith(prefix) ? stored.type.slice(prefix.length) : '';
  if (!SHORT_NAMES.has(short)) throw new Error(`not an intake event type: ${stored.type}`);
  return { type: short as IntakeEventType, data: decodeEvent(stored.type, stored.data) } as IntakeEvent;
}
