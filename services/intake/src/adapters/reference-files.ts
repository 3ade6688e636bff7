// Loads the reference data files at start; a bad file stops the service with a message naming
// the entry and field.
import * as fs from 'node:fs';
import { loadCalendar } from '@onestop/calendar';
import { parseCatalogue, parseUnits } from '../domain/catalogue';
import type { ReferenceData } from '../application/ports';

function readJson(file: string, what: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read ${what} ${file}: ${(err as Error).message}`, { cause: err });
  }
}

export function loadReferenceData(files: { catalogue: string; units: string; calendar?: string; mapAsOf?: string }): ReferenceData {
  const units = parseUnits(readJson(files.units, 'units file'));
  const catalogue = parseCatalogue(readJson(files.catalogue, 'procedure catalogue'), new Set(units.agencies.keys()));
  return { catalogue, units, calendar: loadCalendar(files.calendar), mapAsOf: files.mapAsOf };
}
