import { decodeEvent } from '@onestop/contracts';
import type { DossierFact } from '../../domain/facts';
import { INTAKE_TRANSLATORS } from './intake';
import { LEGACY_IMPORT_TRANSLATORS } from './legacy-import';
import { POSTAL_TRANSLATORS } from './postal';
import { PROCESSING_TRANSLATORS } from './processing';
import { PayloadReader, PoisonEventError, type IncomingEvent, type Translation, type Translator } from './incoming-event';

const PACKAGES: Record<string, Record<string, Translator<never>>> = {
  'onestop.intake.v1': { ...INTAKE_TRANSLATORS, ...LEGACY_IMPORT_TRANSLATORS },
  'onestop.processing.v1': PROCESSING_TRANSLATORS,
  'onestop.postal.v1': POSTAL_TRANSLATORS,
};

function translatorOf(type: string): Translator<never> | undefined {
  const dot = type.lastIndexOf('.');
  return PACKAGES[type.slice(0, dot)]?.[type.slice(dot + 1)];
}

/**
 * The dossier fact an event stands for; null for a type reporting does not fold (unknown, or a
 * mirror such as intake's ProcessingStatusNoted). Throws PoisonEventError for a known type whose
 * payload cannot be used.
 */
export function translateEvent(e: IncomingEvent): Translation | null {
  const translator = translatorOf(e.type);
  if (!translator) return null;
  let payload: unknown;
  try {
    payload = decodeEvent(e.type, e.data);
  } catch (err) {
    throw new PoisonEventError(e.id, e.type, `payload does not decode: ${(err as Error).message}`);
  }
  return (translator as Translator<unknown>)(payload, new PayloadReader(e));
}

/** The fact with its place in history, as the fold takes it. */
export function toDossierFact(e: IncomingEvent, t: Translation, dossierId: string): DossierFact {
  return {
    ...t.fact,
    dossierId,
    meta: {
      eventId: e.id,
      source: e.source,
      type: e.type,
      streamId: e.streamId,
      streamVersion: e.streamVersion,
      recordedAt: e.recordedAt,
      actorId: e.actorId,
    },
  };
}

export { PoisonEventError, type IncomingEvent, type Translation, type PickupLink } from './incoming-event';
