// Consumes processing's own topic to keep the work queues and deadline timers in step with every
// case, also after a crash between an append and its projection (the outbox relay publishes every
// stored event, so nothing is missed).
import type { EventHandler } from '@onestop/messaging';
import type { CaseProjection } from '../../application/case-projection';
import { PROCESSING_EVENT_PACKAGE } from '../../domain/events';

export function projectionHandler(projection: CaseProjection): EventHandler {
  return async (e) => {
    if (!e.type.startsWith(`${PROCESSING_EVENT_PACKAGE}.`)) return;
    await projection.refresh(e.streamId, e.streamVersion);
  };
}
