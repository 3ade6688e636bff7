// Where a legacy dossier was received and decided, checked against the map and the catalogue in
// force at its received date: the unit existed then and was a desk, the procedure is in the
// catalogue, and the unit could receive it (its level then, or a boundary-free receipt forwarded to
// the competent unit). The same rules intake applies at a receipt today. Pure.
import { competentUnitAt, existsAt, type MapUnit, procedureRuleAt, type ProcedureRule } from '@onestop/admin-map';
import type { CatalogueProcedure, ImportReference } from './reference';
import { vietnamDay } from './values';

export interface Place {
  unit: MapUnit;
  procedure: CatalogueProcedure;
  rule: ProcedureRule;
  /** The unit that decided it (the receiving unit, or the competent unit it was forwarded to). */
  competentUnit: string;
}

/** An agency code of the rule: "{unit}" stands for the competent unit's code (e.g. "{unit}-VHXH"). */
export function agencyFor(agencyCode: string, competentUnit: string): string {
  return agencyCode.split('{unit}').join(competentUnit);
}

function lifetime(u: MapUnit): string {
  if (u.validFrom && u.validUntil) return `from ${u.validFrom} until ${u.validUntil}`;
  if (u.validFrom) return `from ${u.validFrom}`;
  return u.validUntil ? `until ${u.validUntil}` : 'always';
}

/**
 * The place of a dossier received at `receivedAt`, or undefined after reporting each problem on
 * unit_code or procedure_code. Without a valid received time only the codes are checked.
 */
export function checkPlace(
  ref: ImportReference,
  unitCode: string,
  procedureCode: string,
  receivedAt: Date | undefined,
  report: (field: string, message: string) => void,
): Place | undefined {
  const unit = ref.map.units.get(unitCode);
  const procedure = ref.catalogue.procedures.get(procedureCode);
  if (!unit) report('unit_code', `unknown unit "${unitCode}" (units file ${ref.map.version})`);
  if (!procedure) report('procedure_code', `unknown procedure "${procedureCode}" (catalogue ${ref.catalogue.version})`);
  if (!unit || !procedure || !receivedAt) return undefined;
  const day = vietnamDay(receivedAt);
  if (!existsAt(unit, day)) {
    report('unit_code', `unit ${unit.code} (${unit.name}) did not exist on ${day}, the received date: it existed ${lifetime(unit)}`);
    return undefined;
  }
  if (unit.receives === false) {
    report('unit_code', `unit ${unit.code} (${unit.name}) is not a desk and receives no dossiers`);
    return undefined;
  }
  const rule = procedureRuleAt(procedure, day);
  const competentUnit = competentUnitAt(ref.map, rule, unit.code, day);
  const decider = ref.map.units.get(competentUnit) ?? unit;
  if (decider.code !== unit.code && procedure.boundaryFree !== true) {
    report(
      'procedure_code',
      `on ${day} procedure ${procedure.code} was decided by ${decider.code} and not received regardless of administrative boundaries, so ${unit.code} could not receive it`,
    );
    return undefined;
  }
  if (rule.level !== decider.level) {
    report(
      'procedure_code',
      `on ${day} procedure ${procedure.code} was handled at ${rule.level} level, but unit ${decider.code} is ${decider.level} level`,
    );
    return undefined;
  }
  return { unit, procedure, rule, competentUnit: decider.code };
}
