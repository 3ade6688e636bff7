// Reference data read from intake's published files: the procedure names to search in, and unit
// and agency names to show. Everything a dossier depends on comes from intake over gRPC.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SearchableProcedure } from '../domain/text';

export interface Reference {
  procedures: SearchableProcedure[];
  fields: Record<string, string>;
  units: Record<string, string>;
  /** "<procedure code>/<component code>" → the component's name. */
  componentNames: Record<string, string>;
  /** Procedure code → field code (for drilling down from a field to its procedures). */
  fieldOfProcedure: Record<string, string>;
  /** Codes of the specialised agencies (as opposed to the desks' units). */
  agencyCodes: string[];
}

export function loadReference(catalogueFile: string): Reference {
  const cat = JSON.parse(fs.readFileSync(catalogueFile, 'utf8')) as {
    fields?: { code: string; name: string }[];
    procedures?: { code: string; name: string; fieldCode: string; components?: { code: string; name: string }[] }[];
  };
  if (!Array.isArray(cat.procedures)) throw new Error(`${catalogueFile}: no procedures list`);
  const fields = Object.fromEntries((cat.fields ?? []).map((f) => [f.code, f.name]));
  const procedures = cat.procedures.map((p) => ({
    code: p.code,
    name: p.name,
    fieldCode: p.fieldCode,
    fieldName: fields[p.fieldCode] ?? '',
  }));
  const componentNames: Record<string, string> = {};
  for (const p of cat.procedures) for (const c of p.components ?? []) componentNames[`${p.code}/${c.code}`] = c.name;
  const fieldOfProcedure = Object.fromEntries(cat.procedures.map((p) => [p.code, p.fieldCode]));
  const agencyCodes: string[] = [];
  const units: Record<string, string> = {};
  const unitsFile = path.join(path.dirname(catalogueFile), 'units.json');
  if (fs.existsSync(unitsFile)) {
    const u = JSON.parse(fs.readFileSync(unitsFile, 'utf8')) as {
      units?: { code: string; name: string }[];
      agencies?: { code: string; name: string }[];
    };
    for (const x of [...(u.units ?? []), ...(u.agencies ?? [])]) units[x.code] = x.name;
    agencyCodes.push(...(u.agencies ?? []).map((a) => a.code));
  }
  return { procedures, fields, units, componentNames, fieldOfProcedure, agencyCodes };
}
