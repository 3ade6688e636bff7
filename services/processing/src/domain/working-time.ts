// Time as processing counts it: working hours from the shared working-day calendar (a port, so the
// domain stays pure) and calendar days in Asia/Ho_Chi_Minh for early / on time / late.
import { processingEvents as ev } from '@onestop/contracts';

/** What processing needs of the working-day calendar (implemented by @onestop/calendar). */
export interface WorkingTime {
  readonly version: string;
  /** The earliest instant by which `hours` working hours (8 = one working day) have elapsed. */
  addWorkingHours(start: Date, hours: number): Date;
  /** The latest instant from which `hours` working hours remain until `end`. */
  subtractWorkingHours(end: Date, hours: number): Date;
  /** Working hours between a and b; 0 when b <= a. */
  workingHoursBetween(a: Date, b: Date): number;
  /** Whether at least `n` working days remain from `now` to `deadline` (the 1-working-day notice rule). */
  isAtLeastWorkingDaysBefore(now: Date, deadline: Date, n: number): boolean;
}

/** Vietnam has kept UTC+7 without daylight saving since 1975. */
const VIETNAM_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;

/** The calendar day (days since 1970-01-01) of an instant in Asia/Ho_Chi_Minh. */
export function vietnamDayOf(t: Date): number {
  return Math.floor((t.getTime() + VIETNAM_OFFSET_MS) / DAY_MS);
}

/**
 * Kết quả trước hạn / đúng hạn / quá hạn: `doneAt` against `dueAt` by calendar day in
 * Asia/Ho_Chi_Minh — an earlier day is early, the same day on time, a later day late.
 */
export function timelinessOf(doneAt: Date, dueAt: Date): ev.Timeliness {
  const done = vietnamDayOf(doneAt);
  const due = vietnamDayOf(dueAt);
  if (done < due) return ev.Timeliness.TIMELINESS_EARLY;
  if (done === due) return ev.Timeliness.TIMELINESS_ON_TIME;
  return ev.Timeliness.TIMELINESS_LATE;
}

/** The earlier of two instants. */
export function earlier(a: Date, b: Date): Date {
  return a.getTime() <= b.getTime() ? a : b;
}

/** Working hours left until `dueAt` (0 once passed). */
export function workingHoursLeft(time: WorkingTime, now: Date, dueAt: Date): number {
  if (now.getTime() >= dueAt.getTime()) return 0;
  return time.workingHoursBetween(now, dueAt);
}
