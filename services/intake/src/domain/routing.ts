// Where a dossier received today is decided: the procedure's rule in force at the date (level,
// agency, competent unit — catalogue `periods`), the map at the date (a named competent unit that
// merged is carried on by its successor), and the citizen's choice of competent unit for a
// boundary-free procedure (Decree 118/2025/NĐ-CP). Pure.
import { competentUnitAt, existsAt, procedureRuleAt } from '@onestop/admin-map';
import type { Procedure, Unit, Units } from './catalogue';
import type { Routing } from './reception-check';

export type RoutingResult = { routing: Routing } | { invalid: { field: string; description: string } };

/** An agency code of the rule: "{unit}" stands for the competent unit's code (e.g. "{unit}-VHXH"). */
export function agencyFor(agencyCode: string, competentUnit: string): string {
  return agencyCode.split('{unit}').join(competentUnit);
}

export function routingAt(
  procedure: Procedure,
  receiving: Unit,
  units: Units,
  at: Date | string,
  chosenCompetentUnit?: string,
): RoutingResult {
  const rule = procedureRuleAt(procedure, at);
  const boundaryFree = procedure.boundaryFree === true;
  let competentCode = competentUnitAt(units.map, rule, receiving.code, at);
  if (chosenCompetentUnit) {
    const chosen = units.units.get(chosenCompetentUnit);
    if (!boundaryFree)
      return {
        invalid: {
          field: 'competent_unit_code',
          description: `procedure ${procedure.code} is not received regardless of administrative boundaries; leave it empty`,
        },
      };
    if (!chosen || !existsAt(chosen, at) || chosen.receives === false)
      return {
        invalid: { field: 'competent_unit_code', description: `no unit "${chosenCompetentUnit}" that decides dossiers on this date` },
      };
    if (chosen.level !== rule.level)
      return {
        invalid: {
          field: 'competent_unit_code',
          description: `procedure ${procedure.code} is decided at ${rule.level} level, unit ${chosen.code} is ${chosen.level} level`,
        },
      };
    competentCode = chosen.code;
  }
  const competentUnit = units.units.get(competentCode) ?? receiving;
  return {
    routing: { level: rule.level, agencyCode: agencyFor(rule.agencyCode, competentUnit.code), competentUnit, boundaryFree },
  };
}
