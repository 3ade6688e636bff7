// Procedure catalogue (danh mục thủ tục hành chính) and units, as versioned data files. Parsing
// validates every entry and names the entry and field of the first problems found.
import { type AdminMap, AdminMapError, buildAdminMap, procedurePeriodSchema, unitSchema } from '@onestop/admin-map';
import { z } from 'zod';

const duration = z.object({
  unit: z.enum(['working_days', 'working_hours', 'same_day']),
  value: z.number().positive(),
  /** As published, e.g. "10 ngày làm việc". */
  text: z.string().min(1),
});

const component = z.object({
  code: z.string().regex(/^[A-Z0-9_-]+$/, 'upper-case code'),
  name: z.string().min(1),
  form: z.enum(['original', 'copy', 'certified_copy']),
  count: z.number().int().positive(),
  required: z.boolean(),
});

const fee = z.object({
  code: z.string().min(1),
  name: z.string().min(1),
  amountVnd: z.number().int().nonnegative(),
  collectedAt: z.enum(['receipt', 'return']),
});

const procedure = z.object({
  code: z.string().regex(/^[A-Z0-9-]+$/, 'upper-case code'),
  name: z.string().min(1),
  fieldCode: z.string().min(1),
  level: z.enum(['district', 'commune']),
  agencyCode: z.string().min(1),
  statutoryTime: duration,
  /** Optional step budgets in working hours, keyed by workflow step. */
  stepBudgets: z.record(z.string(), z.number().positive()).optional(),
  components: z.array(component).min(1),
  fees: z.array(fee),
  channels: z.array(z.enum(['counter', 'online', 'postal'])).min(1),
  /** While waiting for a supplement the clock pauses, or restarts when it arrives. */
  supplementPolicy: z.enum(['pause', 'restart']),
  /** Level, competent unit and agency from a date on (the entry's own level and agency are the oldest rule). */
  periods: z.array(procedurePeriodSchema).optional(),
  /**
   * Receipt regardless of administrative boundaries (Decree 118/2025/NĐ-CP): any desk receives the
   * procedure and forwards it to the competent unit.
   */
  boundaryFree: z.boolean().optional(),
});

const catalogueFile = z.object({
  version: z.string().min(1),
  sample: z.boolean().optional(),
  note: z.string().optional(),
  fields: z.array(z.object({ code: z.string().min(1), name: z.string().min(1) })).min(1),
  procedures: z.array(procedure).min(1),
});

const unitsFile = z.object({
  version: z.string().min(1),
  sample: z.boolean().optional(),
  note: z.string().optional(),
  units: z.array(unitSchema),
  agencies: z.array(
    z.object({
      code: z.string().min(1),
      name: z.string().min(1),
      /** The unit the agency belongs to, and the period it existed (optional). */
      unit: z.string().optional(),
      validFrom: z.string().optional(),
      validUntil: z.string().optional(),
    }),
  ),
});

export type Procedure = z.infer<typeof procedure>;
export type DocumentComponent = z.infer<typeof component>;
export type ProcedureFee = z.infer<typeof fee>;
export type StatutoryTime = z.infer<typeof duration>;
export type CatalogueFile = z.infer<typeof catalogueFile>;
export type UnitsFile = z.infer<typeof unitsFile>;
export type Unit = UnitsFile['units'][number];

export class ReferenceDataError extends Error {}

function describe(issues: z.core.$ZodIssue[], data: unknown, listKey: string): string {
  return issues
    .slice(0, 5)
    .map((issue) => {
      const [list, index, ...rest] = issue.path;
      const entries = (data as Record<string, unknown>)?.[listKey];
      const entry =
        list === listKey && typeof index === 'number' && Array.isArray(entries) ? (entries[index] as { code?: string }) : undefined;
      const where = entry?.code
        ? `${listKey}[${String(index)}] (${entry.code}).${rest.map(String).join('.')}`
        : issue.path.map(String).join('.') || '(root)';
      return `${where}: ${issue.message}`;
    })
    .join('; ');
}

export interface Catalogue {
  version: string;
  fields: Map<string, string>;
  procedures: Map<string, Procedure>;
}

/** Validates a catalogue file; throws ReferenceDataError naming the entry and field. */
export function parseCatalogue(data: unknown, agencyCodes?: ReadonlySet<string>): Catalogue {
  const parsed = catalogueFile.safeParse(data);
  if (!parsed.success) throw new ReferenceDataError(`bad procedure catalogue: ${describe(parsed.error.issues, data, 'procedures')}`);
  const file = parsed.data;
  const fields = new Map(file.fields.map((f) => [f.code, f.name]));
  const procedures = new Map<string, Procedure>();
  for (const p of file.procedures) {
    const problems: string[] = [];
    if (procedures.has(p.code)) problems.push('code: duplicate procedure code');
    if (!fields.has(p.fieldCode)) problems.push(`fieldCode: unknown field "${p.fieldCode}"`);
    if (agencyCodes && !agencyCodes.has(p.agencyCode)) problems.push(`agencyCode: unknown agency "${p.agencyCode}"`);
    for (const [i, period] of (p.periods ?? []).entries()) {
      const a = period.agencyCode;
      if (a && !a.includes('{unit}') && agencyCodes && !agencyCodes.has(a)) problems.push(`periods.${i}.agencyCode: unknown agency "${a}"`);
      if (period.from && period.until && period.from >= period.until) problems.push(`periods.${i}.until: must be after from`);
    }
    const codes = p.components.map((c) => c.code);
    if (new Set(codes).size !== codes.length) problems.push('components: duplicate component code');
    if (problems.length) throw new ReferenceDataError(`bad procedure catalogue: procedures (${p.code}).${problems.join('; ')}`);
    procedures.set(p.code, p);
  }
  return { version: file.version, fields, procedures };
}

export interface Units {
  version: string;
  units: Map<string, Unit>;
  agencies: Map<string, string>;
  /** The units over time: validity, parents per period, successors. */
  map: AdminMap;
}

export function parseUnits(data: unknown): Units {
  const parsed = unitsFile.safeParse(data);
  if (!parsed.success) throw new ReferenceDataError(`bad units file: ${describe(parsed.error.issues, data, 'units')}`);
  const units = new Map<string, Unit>();
  for (const u of parsed.data.units) {
    if (units.has(u.code)) throw new ReferenceDataError(`bad units file: units (${u.code}).code: duplicate unit code`);
    units.set(u.code, u);
  }
  let map: AdminMap;
  try {
    map = buildAdminMap(units.values());
  } catch (err) {
    if (err instanceof AdminMapError) throw new ReferenceDataError(`bad units file: ${err.message}`, { cause: err });
    throw err;
  }
  return { version: parsed.data.version, units, agencies: new Map(parsed.data.agencies.map((a) => [a.code, a.name])), map };
}
