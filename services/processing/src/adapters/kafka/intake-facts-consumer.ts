// Consumes intake's events: DossierReceived opens a case, SupplementReceived resumes it,
// DossierWithdrawn closes it; everything else on the topic is not processing's business.
import { decodeEvent, type intakeEvents } from '@onestop/contracts';
import type { EventEnvelope, EventHandler } from '@onestop/messaging';
import type { IntakeFact, IntakeFacts } from '../../application/intake-facts';

const INTAKE = 'onestop.intake.v1.';
const CONSUMED = new Set(['DossierReceived', 'SupplementReceived', 'DossierWithdrawn']);

export function toIntakeFact(e: Pick<EventEnvelope, 'type' | 'data'>): IntakeFact | undefined {
  if (!e.type.startsWith(INTAKE)) return undefined;
  const name = e.type.slice(INTAKE.length);
  if (!CONSUMED.has(name)) return undefined;
  return { type: name, data: decodeEvent<intakeEvents.DossierReceived>(e.type, e.data) } as IntakeFact;
}

export function intakeFactsHandler(facts: IntakeFacts, logger: { info(obj: object, msg: string): void }): EventHandler {
  return async (e) => {
    const fact = toIntakeFact(e);
    if (!fact) return;
    const result = await facts.apply(fact, { eventId: e.id, correlationId: e.metadata.correlationId, actor: e.metadata.actor });
    logger.info(
      { dossierId: fact.data.dossierId, correlationId: e.metadata.correlationId, eventId: e.id, type: fact.type, result },
      'intake fact applied',
    );
  };
}
