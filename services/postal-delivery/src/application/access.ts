// Who may act for which unit: desk officers only for their own unit; platform services, the
// online portal, the provider's integration, IT staff and auditors for any unit.
import { InvalidArgumentError, PermissionDeniedError } from '@onestop/grpc-kit';
import type { Actor } from './ports';

const ANY_UNIT_ROLES = new Set(['service', 'citizen_portal', 'postal_provider', 'it_admin', 'auditor', 'specialist', 'leader']);

export function assertActsForUnit(actor: Actor, unitCode: string): void {
  if (ANY_UNIT_ROLES.has(actor.role)) return;
  if (actor.unitCode !== unitCode) {
    throw new PermissionDeniedError(`officer ${actor.officerId} of unit ${actor.unitCode} may not act for unit ${unitCode}`);
  }
}

/** The unit a list covers: the one asked for ('*' = all), defaulting to the caller's. */
export function unitScope(actor: Actor, requested: string): string {
  const unit = requested.trim() || actor.unitCode;
  if (unit === '*') {
    if (!ANY_UNIT_ROLES.has(actor.role)) throw new PermissionDeniedError(`role ${actor.role} may list only its own unit`);
    return unit;
  }
  assertActsForUnit(actor, unit);
  return unit;
}

export function requireRequestId(requestId: string): void {
  if (!requestId || !requestId.trim()) throw new InvalidArgumentError([{ field: 'request_id', description: 'is required (a client-chosen id that makes retries safe)' }]);
  if (requestId.length > 200) throw new InvalidArgumentError([{ field: 'request_id', description: 'must be at most 200 characters' }]);
}
