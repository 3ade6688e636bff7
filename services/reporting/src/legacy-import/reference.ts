// What an import checks rows against: the administrative map (libs/admin-map, the units file) and
// the procedure catalogue (intake's catalogue file) — only the parts the import needs, read leniently
// so that fields added to the catalogue later do not stop it. Pure.
import { type LoadedMap, procedurePeriodSchema } from '@onestop/admin-map';
import { z } from 'zod';

const procedureSchema = z.object({
  code: z.string().min(1),
  name: z.string().min(1),
  fieldCode: z.string().min(1),
  level: z.enum(['province', 'district', 'commune']),
  agencyCode: z.string().min(1),
  statutoryTime: z.object({ unit: z.enum(['working_days', 'working_hours', 'same_day']), value: z.number().positive() }),
  channels: z.array(z.enum(['counter', 'online', 'postal'])).min(1),
  periods: z.array(procedurePeriodSchema).optional(),
  boundaryFree: z.boolean().optional(),
});

const catalogueSchema = z.object({ version: z.string().min(1), procedures: z.array(procedureSchema).min(1) });

export type CatalogueProcedure = z.infer<typeof procedureSchema>;

export interface Catalogue {
  version: string;
  procedures: ReadonlyMap<string, CatalogueProcedure>;
}

export interface ImportReference {
  map: LoadedMap;
  catalogue: Catalogue;
  /** The import's wall clock: no time in the file may lie after it. */
  now: Date;
}

/** The catalogue file's procedures; throws naming the first bad entry and field. */
export function catalogueFromJson(data: unknown): Catalogue {
  const parsed = catalogueSchema.safeParse(data);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(`bad procedure catalogue: ${first?.path.map(String).join('.') || '(root)'}: ${first?.message}`);
  }
  return { version: parsed.data.version, procedures: new Map(parsed.data.procedures.map((p) => [p.code, p])) };
}

/** Statutory time in working hours, as intake stores it (8 h a day; a same-day procedure counts one day). */
export function statutoryWorkingHours(p: CatalogueProcedure): number {
  if (p.statutoryTime.unit === 'working_days') return p.statutoryTime.value * 8;
  if (p.statutoryTime.unit === 'working_hours') return p.statutoryTime.value;
  return 8;
}
