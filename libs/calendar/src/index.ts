export { WorkingCalendar } from './working-calendar';
export type { WorkingCalendarOptions } from './working-calendar';
export { CalendarRegistry } from './registry';
export { DEFAULT_CALENDAR_PATH, loadCalendar, loadCalendarRegistry, readCalendarData } from './load';
export { assertStatutoryDuration, statutoryDurationSchema } from './statutory-duration';
export type { StatutoryDuration } from './statutory-duration';
export { calendarDataSchema, parseCalendarData } from './calendar-data';
export type { CalendarData, CalendarYearData, OfficeHoursSpan, WeekdayName } from './calendar-data';
export type { DayDescription, DayKind } from './day-table';
export {
  CalendarArgumentError,
  CalendarCoverageError,
  CalendarDataError,
  UnknownCalendarVersionError,
} from './errors';
export type { CalendarDataIssue } from './errors';
export { atLocalTime, toLocalDate, toLocalIso, VN_UTC_OFFSET_MS } from './local-time';
