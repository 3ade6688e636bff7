// Office-time arithmetic over a working schedule, on epoch milliseconds. Office spans are half-open
// [start, end): at 17:00 sharp the office is closed. Pure functions; the calendar wraps them.
import { DAY_MS, instantOf, LocalDay, localDayOf, timeOfDayOf } from './local-time';

/** One span of office time within a day, in ms since local midnight, end exclusive. */
export interface OfficeSpan {
  readonly startMs: number;
  readonly endMs: number;
}

export interface WorkingSchedule {
  /** Throws when the day is outside the calendar's coverage. */
  isWorkingDay(day: LocalDay): boolean;
  readonly spans: readonly OfficeSpan[];
}

/** The first instant ≥ t that lies in office time. */
export function nextOfficeMoment(s: WorkingSchedule, t: number): number {
  let day = localDayOf(t);
  let tod = timeOfDayOf(t);
  for (;;) {
    if (s.isWorkingDay(day)) {
      for (const span of s.spans) if (tod < span.endMs) return instantOf(day, Math.max(tod, span.startMs));
    }
    day += 1;
    tod = 0;
  }
}

/** The earliest instant x ≥ start with exactly `duration` ms of office time in [start, x). */
export function addOfficeTime(s: WorkingSchedule, start: number, duration: number): number {
  if (duration === 0) return start;
  let remaining = duration;
  let day = localDayOf(start);
  let tod = timeOfDayOf(start);
  for (;;) {
    if (s.isWorkingDay(day)) {
      for (const span of s.spans) {
        if (tod >= span.endMs) continue;
        const from = Math.max(tod, span.startMs);
        const available = span.endMs - from;
        if (remaining <= available) return instantOf(day, from + remaining);
        remaining -= available;
      }
    }
    day += 1;
    tod = 0;
  }
}

/** The latest instant x ≤ end with exactly `duration` ms of office time in [x, end). */
export function subtractOfficeTime(s: WorkingSchedule, end: number, duration: number): number {
  if (duration === 0) return end;
  let remaining = duration;
  let day = localDayOf(end);
  let tod = timeOfDayOf(end);
  for (;;) {
    if (s.isWorkingDay(day)) {
      for (let i = s.spans.length - 1; i >= 0; i--) {
        const span = s.spans[i];
        if (tod <= span.startMs) continue;
        const to = Math.min(tod, span.endMs);
        const available = to - span.startMs;
        if (remaining <= available) return instantOf(day, to - remaining);
        remaining -= available;
      }
    }
    day -= 1;
    tod = DAY_MS;
  }
}

/** Office time in [a, b), in ms; 0 when b ≤ a. */
export function officeTimeBetween(s: WorkingSchedule, a: number, b: number): number {
  if (b <= a) return 0;
  const lastDay = localDayOf(b);
  let total = 0;
  for (let day = localDayOf(a); day <= lastDay; day++) {
    if (!s.isWorkingDay(day)) continue;
    for (const span of s.spans) {
      const from = Math.max(a, instantOf(day, span.startMs));
      const to = Math.min(b, instantOf(day, span.endMs));
      if (to > from) total += to - from;
    }
  }
  return total;
}
