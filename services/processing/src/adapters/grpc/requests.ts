// Checks every command request shares (request id, dossier id) and the call's metadata.
import { type CallContext, InvalidArgumentError } from '@onestop/grpc-kit';
import type { CommandMeta } from '../../application/ports';
import type { Violation } from '../../domain/decision';

const REQUEST_ID = /^[\w.:-]{1,128}$/;
/** Request ids processing uses itself: applied intake events and deadline timers. */
const RESERVED = /^intake-event:|^[^:]+:(dossier|step)_(due_soon|overdue):/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function requestIdViolations(requestId: string): Violation[] {
  if (!requestId) return [{ field: 'request_id', description: 'is required (a client-chosen id that makes retries safe)' }];
  if (!REQUEST_ID.test(requestId)) return [{ field: 'request_id', description: 'must be 1-128 letters, digits, or . _ : -' }];
  if (RESERVED.test(requestId)) return [{ field: 'request_id', description: 'has a form reserved for processing itself' }];
  return [];
}

export function dossierIdViolations(dossierId: string): Violation[] {
  if (!dossierId) return [{ field: 'dossier_id', description: 'is required' }];
  return UUID.test(dossierId) ? [] : [{ field: 'dossier_id', description: 'must be a dossier id (UUID)' }];
}

/** The command's metadata, after checking the ids every command carries. */
export function commandMeta(req: { requestId: string; dossierId: string }, ctx: CallContext): CommandMeta {
  const violations = [...requestIdViolations(req.requestId), ...dossierIdViolations(req.dossierId)];
  if (violations.length) throw new InvalidArgumentError(violations);
  return { requestId: req.requestId, correlationId: ctx.correlationId, actor: ctx.identity };
}
