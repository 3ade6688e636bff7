// Checks every command request shares (request id, dossier id) and the call's metadata.
import { refuseIfInvalid, requestIdViolations as requestIdRule } from '@onestop/commands';
import type { CallContext } from '@onestop/grpc-kit';
import type { CommandMeta } from '../../application/ports';
import type { Violation } from '../../domain/decision';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The platform's request-id rule: bounded client ids; ids processing derives itself (applied
 * intake events, deadline timers) are in the reserved namespace, which no caller of ProcessingService may use.
 */
export function requestIdViolations(requestId: string): Violation[] {
  return requestIdRule(requestId);
}

export function dossierIdViolations(dossierId: string): Violation[] {
  if (!dossierId) return [{ field: 'dossier_id', description: 'is required' }];
  return UUID.test(dossierId) ? [] : [{ field: 'dossier_id', description: 'must be a dossier id (UUID)' }];
}

/** The command's metadata, after checking the ids every command carries. */
export function commandMeta(req: { requestId: string; dossierId: string }, ctx: CallContext): CommandMeta {
  refuseIfInvalid([...requestIdViolations(req.requestId), ...dossierIdViolations(req.dossierId)]);
  return { requestId: req.requestId, correlationId: ctx.correlationId, actor: ctx.identity };
}
