// Who may act for which unit: a desk officer acts only for their own unit (a commune officer for
// their commune) — or for a unit their unit carries on since the map changed (an officer of a
// commune formed on 1 July 2025 works its predecessors' dossiers); platform services and the
// online portal act for any unit.
import { type AdminMap, carriesOn } from '@onestop/admin-map';
import { denied, type Rejection, refuse } from '@onestop/commands';
import type { Actor, CommandMeta } from './ports';

const ANY_UNIT_ROLES = new Set(['service', 'citizen_portal', 'it_admin', 'auditor']);

/** The map and the moment successions are judged at; without it only the own unit counts. */
export interface MapContext {
  map: AdminMap;
  at: Date | string;
}

/** Why the actor may not act for the unit; undefined when they may. */
export function actsForUnit(actor: Actor, unitCode: string, ctx?: MapContext): Rejection | undefined {
  if (ANY_UNIT_ROLES.has(actor.role) || actor.unitCode === unitCode) return undefined;
  if (ctx && actor.unitCode && carriesOn(ctx.map, actor.unitCode, unitCode, ctx.at)) return undefined;
  return denied(`officer ${actor.officerId} of unit ${actor.unitCode} may not act for unit ${unitCode}`);
}

/** The units whose work `unitCode` carries on at the context's date, itself excluded (none without a map). */
export function carriedUnits(unitCode: string, ctx?: MapContext): string[] {
  if (!ctx || !unitCode || !ctx.map.units.has(unitCode)) return [];
  return [...ctx.map.units.keys()].filter((code) => code !== unitCode && carriesOn(ctx.map, unitCode, code, ctx.at)).sort();
}

export function assertActsForUnit(actor: Actor, unitCode: string, ctx?: MapContext): void {
  const refusal = actsForUnit(actor, unitCode, ctx);
  if (refusal) refuse(refusal);
}

/**
 * The metadata recorded with a dossier's events: a platform service or the portal, whose token names
 * no unit, is recorded as acting for the dossier's unit (the event store requires a unit).
 */
export function actingFor(meta: CommandMeta, unitCode: string): CommandMeta {
  return meta.actor.unitCode ? meta : { ...meta, actor: { ...meta.actor, unitCode } };
}

/** Agencies' staff may read dossiers of any unit of the district; desk officers only their own (or their predecessors'). */
export function assertMayRead(actor: Actor, unitCode: string, ctx?: MapContext): void {
  if (['specialist', 'leader'].includes(actor.role)) return;
  assertActsForUnit(actor, unitCode, ctx);
}
