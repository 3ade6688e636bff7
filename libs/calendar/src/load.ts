// Loading calendar editions from their data files: the only I/O of this library.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CalendarData, parseCalendarData } from './calendar-data';
import { CalendarDataError } from './errors';
import { CalendarRegistry } from './registry';
import { WorkingCalendar, WorkingCalendarOptions } from './working-calendar';

/** The shipped calendar data; resolves from src (jest) and from dist (runtime) alike. */
export const DEFAULT_CALENDAR_PATH = path.resolve(__dirname, '../data/vn-working-calendar.json');

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
 */
export function loadCalendarRegistry(filePaths: readonly string[] = [DEFAULT_CALENDAR_PATH], current?: string): CalendarRegistry {
  return new CalendarRegistry(
    filePaths.map((p) => loadCalendar(p)),
    { current },
  );
}
