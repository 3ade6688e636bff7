// Agencies (specialised departments) over time: the unit each belongs to and the period it
// existed. When a case's agency no longer exists (the district's departments stopped on 1 July
// 2025), the departments of the unit carrying the dossier's unit on take the work over. Pure.
import { z } from 'zod';
import { type AdminMap, type MapUnit, parentAt, successorAt, vietnamDate } from './admin-map';

export const agencySchema = z.object({
  code: z.string().min(1),
  name: z.string().min(1),
  /** The unit the agency belongs to. */
  unit: z.string().optional(),
  validFrom: z.string().optional(),
  validUntil: z.string().optional(),
});

export type MapAgency = z.infer<typeof agencySchema>;

function existsOn(a: MapAgency, day: string): boolean {
  return (!a.validFrom || a.validFrom <= day) && (!a.validUntil || day < a.validUntil);
}

/** Cases held by any of `agencyCodes` for a dossier of any of `unitCodes`. */
export interface CarriedScope {
  agencyCodes: string[];
  unitCodes: string[];
}

/**
 * The cases an officer of agency `actorAgency` carries on at the date besides its own agency's:
 * those held by an agency that has ceased to exist, for a dossier of a unit its own unit carries on
 * (or, for a province's departments, a unit the province's centre carries on). Empty when the
 * officer's agency is unknown or does not exist at the date. The one rule behind acting on such a
 * case (`agencyCarriesOn`) and reading or listing it (processing's queries).
 */
export function agencyCarriedScope(
  map: AdminMap,
  agencies: ReadonlyMap<string, MapAgency>,
  actorAgency: string,
  at: Date | string,
): CarriedScope {
  const none: CarriedScope = { agencyCodes: [], unitCodes: [] };
  const mine = agencies.get(actorAgency);
  const day = typeof at === 'string' ? at : vietnamDate(at);
  if (!mine?.unit || !existsOn(mine, day)) return none;
  const ownUnit = mine.unit;
  const carriedByMine = (carrier: MapUnit | undefined): boolean =>
    !!carrier && (carrier.code === ownUnit || (carrier.level === 'province' && parentAt(map, carrier.code, day)?.code === ownUnit));
  const unitCodes = [...map.units.keys()].filter((code) => carriedByMine(successorAt(map, code, day))).sort();
  if (!unitCodes.length) return none;
  const agencyCodes = [...agencies.values()]
    .filter((a) => a.validUntil !== undefined && a.validUntil <= day)
    .map((a) => a.code)
    .sort();
  return agencyCodes.length ? { agencyCodes, unitCodes } : none;
}

/**
 * Whether an officer of agency `actorAgency` may work a case held by `caseAgency` for a dossier of
 * `dossierUnit` at the date: the same agency; or the case's agency no longer exists and the
 * officer's agency belongs to the unit that carries the dossier's unit on (or, for a province's
 * centre, to that province) — membership in `agencyCarriedScope`.
 */
export function agencyCarriesOn(
  map: AdminMap,
  agencies: ReadonlyMap<string, MapAgency>,
  actorAgency: string,
  caseAgency: string,
  dossierUnit: string,
  at: Date | string,
): boolean {
  if (actorAgency === caseAgency) return true;
  const scope = agencyCarriedScope(map, agencies, actorAgency, at);
  return scope.agencyCodes.includes(caseAgency) && scope.unitCodes.includes(dossierUnit);
}
