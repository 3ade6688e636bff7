// Reads the units file (services/intake/data/units.json or UNITS_FILE) as an administrative map,
// for services that only need the map (reporting): its `units` list, checked like intake checks it.
import * as fs from 'node:fs';
import { z } from 'zod';
import { type AdminMap, buildAdminMap, unitSchema } from './admin-map';
import { agencySchema, type MapAgency } from './agencies';

const file = z.object({ version: z.string().min(1), units: z.array(unitSchema), agencies: z.array(agencySchema).optional() });

export type LoadedMap = AdminMap & { version: string; agencies: ReadonlyMap<string, MapAgency> };

export function adminMapFromJson(data: unknown): LoadedMap {
  const parsed = file.safeParse(data);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(`bad units file: ${first?.path.map(String).join('.') || '(root)'}: ${first?.message}`);
  }
  const agencies = new Map((parsed.data.agencies ?? []).map((a) => [a.code, a]));
  return { ...buildAdminMap(parsed.data.units), version: parsed.data.version, agencies };
}

export function loadAdminMap(path: string): LoadedMap {
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read units file ${path}: ${(err as Error).message}`, { cause: err });
  }
  return adminMapFromJson(data);
}
