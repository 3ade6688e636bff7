// Shared by the legacy import's tests (not a test itself): the shipped map and catalogue, and the
// example export files under docs/examples.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadAdminMap } from '@onestop/admin-map';
import { catalogueFromJson, type ImportReference } from '../legacy-import/reference';

export const REPO_ROOT = path.resolve(__dirname, '../../../..');

/** A file of docs/examples, e.g. legacy-export.csv. */
export function examplePath(name: string): string {
  return path.join(REPO_ROOT, 'docs/examples', name);
}

/** The shipped units file and catalogue, checked against at `now`. */
export function referenceData(now = new Date('2026-11-29T00:00:00Z')): ImportReference {
  return {
    map: loadAdminMap(path.join(REPO_ROOT, 'services/intake/data/units.json')),
    catalogue: catalogueFromJson(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'services/intake/data/catalogue.json'), 'utf8'))),
    now,
  };
}

/**
 * Biểu II.06a's totals for the third quarter of 2020 over docs/examples/legacy-export.csv — what the
 * pure fold and the running CLI must both arrive at.
 */
export const EXAMPLE_Q3_2020_TOTALS = {
  received: 10,
  online: 1,
  counterOrPostal: 8,
  carriedOver: 1,
  resolved: 6,
  early: 1,
  onTime: 2,
  late: 3,
  inProgress: 2,
  withinTime: 1,
  overdue: 1,
  closedOtherwise: 2,
  withdrawn: 1,
  stopped: 1,
  refusedAtReception: 0,
} as const;
