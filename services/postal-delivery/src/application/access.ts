// Who may act for which unit: desk officers only for their own unit; platform services, the
// online portal, the provider's integration, IT staff and auditors for any unit.
import { denied, type Rejection, refuse } from '@onestop/commands';
import type { Actor } from './ports';

const ANY_UNIT_ROLES = new Set(['service', 'citizen_portal', 'postal_provider', 'it_admin', 'auditor', 'specialist', 'leader']);

/** Why the actor may not act for the unit; undefined when they may. */
export function actsForUnit(actor: Actor, unitCode: string): Rejection | undefined {
  if (ANY_UNIT_ROLES.has(actor.role) || actor.unitCode === unitCode) return undefined;
  return denied(`officer ${actor.officerId} of unit ${actor.unitCode} may not act for unit ${unitCode}`);
}

export function assertActsForUnit(actor: Actor, unitCode: string): void {
  const refusal = actsForUnit(actor, unitCode);
  if (refusal) refuse(refusal);
}

/** The unit a list covers: the one asked for ('*' = all), defaulting to the caller's. */
export function unitScope(actor: Actor, requested: string): string {
  const unit = requested.trim() || actor.unitCode;
  if (unit === '*') {
    if (!ANY_UNIT_ROLES.has(actor.role)) refuse(denied(`role ${actor.role} may list only its own unit`));
    return unit;
  }
  assertActsForUnit(actor, unit);
  return unit;
}
