// Agencies (specialised departments) over time: the unit each belongs to and the period it
// existed. When a case's agency no longer exists (the district's departments stopped on 1 July
// 2025), the departments of the unit carrying the dossier's unit on take the work over. Pure.
import { z } from 'zod';
import { type AdminMap, parentAt, successorAt, vietnamDate } from './admin-map';

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

/**
 * Whether an officer of agency `actorAgency` may work a case held by `caseAgency` for a dossier of
 * `dossierUnit` at the date: the same agency; or the case's agency no longer exists and the
 * officer's agency belongs to the unit that carries the dossier's unit on (or, for a province's
 * centre, to that province).
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
  const held = agencies.get(caseAgency);
  const mine = agencies.get(actorAgency);
  if (!held || !mine?.unit) return false;
  const day = typeof at === 'string' ? at : vietnamDate(at);
  if (existsOn(held, day) || !existsOn(mine, day)) return false;
  const carrier = successorAt(map, dossierUnit, day);
  if (!carrier) return false;
  if (mine.unit === carrier.code) return true;
  return carrier.level === 'province' && mine.unit === parentAt(map, carrier.code, day)?.code;
}
