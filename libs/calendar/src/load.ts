// Loading calendar editions from their data files: the only I/O of this library.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CalendarData, parseCalendarData } from './calendar-data';
import { readEditionsManifest } from './editions';
import { CalendarDataError } from './errors';
import { CalendarRegistry } from './registry';
import { WorkingCalendar, WorkingCalendarOptions } from './working-calendar';

const shipped = readEditionsManifest();

/** The current shipped edition (named `current` in data/editions.json). */
export const DEFAULT_CALENDAR_PATH = shipped.currentPath;

/** Every shipped edition, oldest first (data/editions.json). */
export const SHIPPED_CALENDAR_PATHS: readonly string[] = shipped.editions.map((e) => e.path);

/** The first shipped edition, vn-2020-2027.1 (kept for dossiers received under it). */
export const FIRST_EDITION_CALENDAR_PATH = path.resolve(__dirname, '../data/vn-working-calendar.json');

/** Reads and validates a calendar data file; errors name the file and the field. */
export function readCalendarData(filePath: string = DEFAULT_CALENDAR_PATH): CalendarData {
  let text: string;
  try {
    text = readFileSync(filePath, 'utf8');
  } catch (err) {
    throw new CalendarDataError([{ path: '(file)', message: `cannot be read: ${(err as Error).message}` }], filePath);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new CalendarDataError([{ path: '(file)', message: `is not valid JSON: ${(err as Error).message}` }], filePath);
  }
  return parseCalendarData(raw, filePath);
}

/** Loads and validates a calendar (the shipped one by default). */
export function loadCalendar(filePath: string = DEFAULT_CALENDAR_PATH, options: WorkingCalendarOptions = {}): WorkingCalendar {
  return new WorkingCalendar(readCalendarData(filePath), options);
}

/**
 * Loads several editions into a registry, so old dossiers are recomputed with the edition in force
 * when they were received. The last file is the current edition unless `current` names another.
 * By default every shipped edition, with the manifest's current one.
 */
export function loadCalendarRegistry(filePaths?: readonly string[], current?: string): CalendarRegistry {
  const paths = filePaths ?? SHIPPED_CALENDAR_PATHS;
  return new CalendarRegistry(
    paths.map((p) => loadCalendar(p)),
    { current: current ?? (filePaths === undefined ? shipped.current : undefined) },
  );
}
