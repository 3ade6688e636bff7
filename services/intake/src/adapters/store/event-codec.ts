// Intake events <-> stored/published form: the fully-qualified protobuf type and its bytes.
import { precondition, refuse } from '@onestop/commands';
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
  // Dossiers taken over from a former software (`ops import`, proto legacy_import.proto) are history
  // that only reporting folds: a command or query naming one is refused, not failed.
  if (short.startsWith('Legacy'))
    refuse(precondition("this dossier was imported from a former software's export: it is read-only history, shown by reporting"));
  if (!SHORT_NAMES.has(short)) throw new Error(`not an intake event type: ${stored.type}`);
  return { type: short as IntakeEventType, data: decodeEvent(stored.type, stored.data) } as IntakeEvent;
}
