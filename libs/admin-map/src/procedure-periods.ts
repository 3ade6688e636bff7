// A procedure's level and competent unit by period: since 1 July 2025 most former district
// procedures are handled at commune or province level. A catalogue entry keeps its historical
// `level` and `agencyCode`; `periods` say what holds from a date on. Pure.
import { z } from 'zod';
import { type AdminMap, LEVELS, type Level, successorAt, vietnamDate } from './admin-map';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');

export const procedurePeriodSchema = z.object({
  from: day.optional(),
  until: day.optional(),
  level: z.enum(LEVELS),
  /**
   * Who decides: a unit code, or "receiving_unit" — the desk's own unit (a commune's procedure is
   * decided by the commune where it is filed; for a boundary-free procedure, the competent unit
   * is named by the citizen's choice of `competent_unit_code` at receipt).
   */
  competentUnit: z.string().min(1).optional(),
  agencyCode: z.string().min(1).optional(),
  source: z.object({ act: z.string().min(1), detail: z.string().optional(), verified: z.boolean() }),
  /** true: an illustrative entry, not taken from the published catalogue. */
  sample: z.boolean(),
});

export type ProcedurePeriod = z.infer<typeof procedurePeriodSchema>;

export interface PeriodicProcedure {
  level: Level | 'district' | 'commune';
  agencyCode: string;
  periods?: ProcedurePeriod[];
}

export interface ProcedureRule {
  level: Level;
  agencyCode: string;
  /** Unit code, or undefined when the receiving unit itself decides. */
  competentUnit?: string;
  period?: ProcedurePeriod;
}

/** The rule in force for the procedure on that day. */
export function procedureRuleAt(p: PeriodicProcedure, at: Date | string): ProcedureRule {
  const d = typeof at === 'string' ? at : vietnamDate(at);
  const period = p.periods?.find((x) => (!x.from || x.from <= d) && (!x.until || d < x.until));
  if (!period) return { level: p.level, agencyCode: p.agencyCode };
  return {
    level: period.level,
    agencyCode: period.agencyCode ?? p.agencyCode,
    competentUnit: period.competentUnit === 'receiving_unit' ? undefined : period.competentUnit,
    period,
  };
}

/**
 * The unit that decides a dossier filed at `receivingUnit`: the rule's named unit (carried on to
 * its successor at the date) or the receiving unit itself.
 */
export function competentUnitAt(map: AdminMap, rule: ProcedureRule, receivingUnit: string, at: Date | string): string {
  if (!rule.competentUnit) return receivingUnit;
  return successorAt(map, rule.competentUnit, at)?.code ?? rule.competentUnit;
}
