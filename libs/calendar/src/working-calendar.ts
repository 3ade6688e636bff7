// The working-day calendar every service uses for deadlines (hạn giải quyết). All computations are in
// Asia/Ho_Chi_Minh local time (fixed UTC+07:00, see local-time.ts); instants are Dates.
import { CalendarData, OfficeHoursSpan, officeHoursIssues, parseCalendarData } from './calendar-data';
import { DayDescription, DayTable } from './day-table';
import { CalendarArgumentError, CalendarDataError } from './errors';
import { HOUR_MS, instantMs, instantOf, LocalDay, localDayOf, parseClock, parseLocalDate } from './local-time';
import { addOfficeTime, nextOfficeMoment, OfficeSpan, officeTimeBetween, subtractOfficeTime, WorkingSchedule } from './office-time';
import { assertStatutoryDuration, StatutoryDuration } from './statutory-duration';

export interface WorkingCalendarOptions {
  /** Unit (đơn vị) whose office hours apply, looked up in the data's `officeHoursByUnit`. */
  readonly unitCode?: string;
  /** Office hours to use instead of the data's (wins over `unitCode`). */
  readonly officeHours?: readonly OfficeHoursSpan[];
}

function hoursToMs(hours: unknown, field: string): number {
  if (typeof hours !== 'number' || !Number.isFinite(hours) || hours < 0) {
    throw new CalendarArgumentError(field, `must be a finite number ≥ 0, got ${String(hours)}`);
  }
  return Math.round(hours * HOUR_MS);
}

const dayTables = new WeakMap<CalendarData, DayTable>();

/** One day table per validated data object, shared by the calendars of every unit. */
function dayTableOf(data: CalendarData): DayTable {
  let table = dayTables.get(data);
  if (!table) {
    table = new DayTable(data);
    dayTables.set(data, table);
  }
  return table;
}

function toSpans(hours: readonly OfficeHoursSpan[]): OfficeSpan[] {
  return hours.map((h) => ({ startMs: parseClock(h.start) as number, endMs: parseClock(h.end) as number }));
}

export class WorkingCalendar {
  /** Version of the calendar data: store it with every deadline computed from this calendar. */
  readonly version: string;
  readonly unitCode: string | undefined;
  readonly officeHours: readonly OfficeHoursSpan[];
  /** Office time of one working day; 1 statutory working day = this many working hours (8 by default). */
  readonly hoursPerWorkingDay: number;
  readonly coverage: { readonly firstYear: number; readonly lastYear: number };
  private readonly data: CalendarData;
  private readonly days: DayTable;
  private readonly schedule: WorkingSchedule;
  private readonly byUnit = new Map<string, WorkingCalendar>();

  /** Validates `data` (throws CalendarDataError naming the field) and builds the calendar. */
  constructor(data: unknown, options: WorkingCalendarOptions = {}) {
    this.data = parseCalendarData(data);
    this.days = dayTableOf(this.data);
    this.version = this.data.version;
    this.unitCode = options.unitCode;
    this.officeHours =
      options.officeHours ?? (options.unitCode ? this.data.officeHoursByUnit?.[options.unitCode] : undefined) ?? this.data.officeHours;
    if (options.officeHours) {
      const issues = officeHoursIssues(options.officeHours, 'options.officeHours');
      if (options.officeHours.length === 0) issues.push({ path: 'options.officeHours', message: 'at least one span is required' });
      if (issues.length > 0) throw new CalendarDataError(issues);
    }
    const spans = toSpans(this.officeHours);
    this.hoursPerWorkingDay = spans.reduce((sum, s) => sum + s.endMs - s.startMs, 0) / HOUR_MS;
    this.coverage = { firstYear: this.days.firstYear, lastYear: this.days.lastYear };
    this.schedule = { spans, isWorkingDay: (day) => this.days.isWorkingDay(day) };
  }

  /** The same calendar with a unit's office hours (the default hours when the unit has none). */
  forUnit(unitCode: string): WorkingCalendar {
    let calendar = this.byUnit.get(unitCode);
    if (!calendar) {
      calendar = new WorkingCalendar(this.data, { unitCode });
      this.byUnit.set(unitCode, calendar);
    }
    return calendar;
  }

  /** Whether a date ('YYYY-MM-DD', or the local date of an instant) is a working day. */
  isWorkingDay(date: Date | string): boolean {
    return this.days.isWorkingDay(this.dayOf(date));
  }

  /** Why a date is or is not a working day (holiday name, compensatory day reason…). */
  describeDay(date: Date | string): DayDescription {
    return this.days.describe(this.dayOf(date));
  }

  /** Whether the office is open at t (on a working day, within office hours). */
  isWithinOfficeHours(t: Date): boolean {
    const ms = instantMs(t, 't');
    return nextOfficeMoment(this.schedule, ms) === ms;
  }

  /**
   * When work on something arriving at t can start: t itself in office hours; otherwise the next
   * opening (before 07:00 → 07:00, lunch → 13:30, from 17:00 or on a day off → next working day 07:00).
   */
  nextWorkingMoment(t: Date): Date {
    return new Date(nextOfficeMoment(this.schedule, instantMs(t, 't')));
  }

  /** The earliest instant by which `hours` of office time have elapsed since `start` (fractions allowed). */
  addWorkingHours(start: Date, hours: number): Date {
    return new Date(addOfficeTime(this.schedule, instantMs(start, 'start'), hoursToMs(hours, 'hours')));
  }

  /** The latest instant from which `hours` of office time remain until `end`. */
  subtractWorkingHours(end: Date, hours: number): Date {
    return new Date(subtractOfficeTime(this.schedule, instantMs(end, 'end'), hoursToMs(hours, 'hours')));
  }

  /** Office time between two instants, in hours; 0 when b ≤ a. */
  workingHoursBetween(a: Date, b: Date): number {
    return officeTimeBetween(this.schedule, instantMs(a, 'a'), instantMs(b, 'b')) / HOUR_MS;
  }

  /** Closing time (17:00 by default) of the working day on which work arriving at t is done. */
  endOfWorkingDay(t: Date): Date {
    return new Date(this.dueMs(instantMs(t, 't'), { unit: 'same_day', value: 0 }));
  }

  /** Working hours of a statutory duration: days × hoursPerWorkingDay; same_day counts as one working day (its maximum). */
  toWorkingHours(duration: StatutoryDuration): number {
    const d = assertStatutoryDuration(duration);
    if (d.unit === 'working_hours') return d.value;
    if (d.unit === 'working_days') return d.value * this.hoursPerWorkingDay;
    return this.hoursPerWorkingDay;
  }

  /**
   * Appointed time (thời hạn trả kết quả) for a dossier received at `receivedAt`: the statutory office
   * time counted from the next working moment; same_day → closing time of the day it is received on.
   */
  dueAt(receivedAt: Date, duration: StatutoryDuration): Date {
    return new Date(this.dueMs(instantMs(receivedAt, 'receivedAt'), duration));
  }

  /** Pause policy: the due time moves by the office time the clock was stopped (waiting for the citizen). */
  extendForPause(dueAt: Date, pauseStart: Date, pauseEnd: Date): Date {
    const due = instantMs(dueAt, 'dueAt');
    const from = instantMs(pauseStart, 'pauseStart');
    const to = instantMs(pauseEnd, 'pauseEnd');
    if (to < from) throw new CalendarArgumentError('pauseEnd', 'must not be before pauseStart');
    return new Date(addOfficeTime(this.schedule, due, officeTimeBetween(this.schedule, from, to)));
  }

  /** Restart policy: the full statutory time counts again from the moment the supplement arrived. */
  restartFrom(resumedAt: Date, duration: StatutoryDuration): Date {
    return new Date(this.dueMs(instantMs(resumedAt, 'resumedAt'), duration));
  }

  /** The latest instant that is still `n` working days (n × hoursPerWorkingDay of office time) before t. */
  workingDaysBefore(t: Date, n: number): Date {
    return new Date(subtractOfficeTime(this.schedule, instantMs(t, 't'), this.daysToMs(n)));
  }

  /** Whether at least `n` working days of office time remain from `now` to `deadline` (the 1-working-day notice rule). */
  isAtLeastWorkingDaysBefore(now: Date, deadline: Date, n: number): boolean {
    const required = this.daysToMs(n);
    return officeTimeBetween(this.schedule, instantMs(now, 'now'), instantMs(deadline, 'deadline')) >= required;
  }

  private dueMs(start: number, duration: StatutoryDuration): number {
    const d = assertStatutoryDuration(duration);
    if (d.unit !== 'same_day') return addOfficeTime(this.schedule, start, Math.round(this.toWorkingHours(d) * HOUR_MS));
    const lastSpan = this.schedule.spans[this.schedule.spans.length - 1];
    return instantOf(localDayOf(nextOfficeMoment(this.schedule, start)), lastSpan.endMs);
  }

  private daysToMs(n: unknown): number {
    if (typeof n !== 'number' || !Number.isFinite(n) || n < 0)
      throw new CalendarArgumentError('n', `must be a finite number ≥ 0, got ${String(n)}`);
    return Math.round(n * this.hoursPerWorkingDay * HOUR_MS);
  }

  private dayOf(date: Date | string): LocalDay {
    if (typeof date === 'string') {
      const day = parseLocalDate(date);
      if (day === undefined) throw new CalendarArgumentError('date', `"${date}" is not a real date YYYY-MM-DD`);
      return day;
    }
    return localDayOf(instantMs(date, 'date'));
  }
}
