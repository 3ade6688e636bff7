// Who may act for which unit: a desk officer acts only for their own unit (a commune officer for
// their commune); platform services and the online portal act for any unit.
import { denied, type Rejection, refuse } from '@onestop/commands';
import type { Actor, CommandMeta } from './ports';

const ANY_UNIT_ROLES = new Set(['service', 'citizen_portal', 'it_admin', 'auditor']);

/** Why the actor may not act for the unit; undefined when they may. */
export function actsForUnit(actor: Actor, unitCode: string): Rejection | undefined {
  if (ANY_UNIT_ROLES.has(actor.role) || actor.unitCode === unitCode) return undefined;
  return denied(`officer ${actor.officerId} of unit ${actor.unitCode} may not act for unit ${unitCode}`);
}

export function assertActsForUnit(actor: Actor, unitCode: string): void {
  const refusal = actsForUnit(actor, unitCode);
  if (refusal) refuse(refusal);
}

/**
 * The metadata recorded with a dossier's events: a platform service or the portal, whose token names
 * no unit, is recorded as acting for the dossier's unit (the event store requires a unit).
 */
export function actingFor(meta: CommandMeta, unitCode: string): CommandMeta {
  return meta.actor.unitCode ? meta : { ...meta, actor: { ...meta.actor, unitCode } };
}

/** Agencies' staff may read dossiers of any unit of the district; desk officers only their own. */
export function assertMayRead(actor: Actor, unitCode: string): void {
  if (['specialist', 'leader'].includes(actor.role)) return;
  assertActsForUnit(actor, unitCode);
}
