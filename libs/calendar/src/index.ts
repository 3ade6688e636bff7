export { WorkingCalendar } from './working-calendar';
export type { WorkingCalendarOptions } from './working-calendar';
export { CalendarRegistry } from './registry';
export {
  DEFAULT_CALENDAR_PATH,
  FIRST_EDITION_CALENDAR_PATH,
  SHIPPED_CALENDAR_PATHS,
  loadCalendar,
  loadCalendarRegistry,
  readCalendarData,
} from './load';
export { EDITIONS_MANIFEST_PATH, readEditionsManifest } from './editions';
export type { CalendarEditions } from './editions';
export { assertStatutoryDuration, statutoryDurationSchema } from './statutory-duration';
export type { StatutoryDuration } from './statutory-duration';
export { calendarDataSchema, parseCalendarData } from './calendar-data';
export type { CalendarData, CalendarYearData, OfficeHoursSpan, WeekdayName } from './calendar-data';
export type { DayDescription, DayKind } from './day-table';
export { CalendarArgumentError, CalendarCoverageError, CalendarDataError, UnknownCalendarVersionError } from './errors';
export type { CalendarDataIssue } from './errors';
export { atLocalTime, toLocalDate, toLocalIso, VN_UTC_OFFSET_MS } from './local-time';
