// The list of published calendar editions (data/editions.json). Adding a holiday is a data change:
// a new edition file listed here, named `current`; no code changes. Published files stay as they are.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { formatPath } from './calendar-data';
import { CalendarDataError } from './errors';

/** The shipped list of editions; resolves from src (jest) and from dist (runtime) alike. */
export const EDITIONS_MANIFEST_PATH = path.resolve(__dirname, '../data/editions.json');

const manifestSchema = z.strictObject({
  description: z.string().optional(),
  current: z.string().min(1),
  editions: z
    .array(
      z.strictObject({
        version: z.string().min(1),
        file: z.string().regex(/^[A-Za-z0-9._-]+\.json$/, 'must be a file name in the same folder'),
      }),
    )
    .min(1, 'at least one edition is required'),
});

export interface CalendarEditions {
  /** Version of the edition used for new dossiers. */
  readonly current: string;
  /** Every edition, oldest first, with its resolved file path. */
  readonly editions: readonly { readonly version: string; readonly path: string }[];
  /** File path of the current edition. */
  readonly currentPath: string;
}

/** Reads and checks a manifest of editions; errors name the file and the field. */
export function readEditionsManifest(manifestPath: string = EDITIONS_MANIFEST_PATH): CalendarEditions {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch (err) {
    throw new CalendarDataError([{ path: '(file)', message: `cannot be read as JSON: ${(err as Error).message}` }], manifestPath);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    throw new CalendarDataError(
      parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
      manifestPath,
    );
  }
  const dir = path.dirname(manifestPath);
  const editions = parsed.data.editions.map((e) => ({ version: e.version, path: path.join(dir, e.file) }));
  const seen = new Set<string>();
  editions.forEach((e, i) => {
    if (seen.has(e.version))
      throw new CalendarDataError([{ path: `editions[${i}].version`, message: `"${e.version}" is listed twice` }], manifestPath);
    seen.add(e.version);
  });
  const current = editions.find((e) => e.version === parsed.data.current);
  if (!current) {
    throw new CalendarDataError([{ path: 'current', message: `"${parsed.data.current}" is not one of the listed editions` }], manifestPath);
  }
  return { current: current.version, editions, currentPath: current.path };
}
