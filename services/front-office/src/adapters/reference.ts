// Reference data read from intake's published files: the procedure names to search in, and unit
// and agency names to show. Everything a dossier depends on comes from intake over gRPC.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SearchableProcedure } from '../domain/text';

export interface Reference {
  procedures: SearchableProcedure[];
  fields: Record<string, string>;
  units: Record<string, string>;
}

export function loadReference(catalogueFile: string): Reference {
  const cat = JSON.parse(fs.readFileSync(catalogueFile, 'utf8')) as {
    fields?: { code: string; name: string }[];
    procedures?: { code: string; name: string; fieldCode: string }[];
  };
  if (!Array.isArray(cat.procedures)) throw new Error(`${catalogueFile}: no procedures list`);
  const fields = Object.fromEntries((cat.fields ?? []).map((f) => [f.code, f.name]));
  const procedures = cat.procedures.map((p) => ({
    code: p.code,
    name: p.name,
    fieldCode: p.fieldCode,
    fieldName: fields[p.fieldCode] ?? '',
  }));
  const units: Record<string, string> = {};
  const unitsFile = path.join(path.dirname(catalogueFile), 'units.json');
  if (fs.existsSync(unitsFile)) {
    const u = JSON.parse(fs.readFileSync(unitsFile, 'utf8')) as {
      units?: { code: string; name: string }[];
      agencies?: { code: string; name: string }[];
    };
    for (const x of [...(u.units ?? []), ...(u.agencies ?? [])]) units[x.code] = x.name;
  }
  return { procedures, fields, units };
}
