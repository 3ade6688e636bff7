// Reporting periods (kỳ báo cáo) and calendar days in Vietnam's time zone.
//
// Asia/Ho_Chi_Minh has been UTC+07:00 all year since 1975 (no daylight saving), so a calendar
// day there is the UTC day of (instant + 7 h). A fixed offset keeps this pure and fast.

const VIETNAM_OFFSET_MS = 7 * 3600_000;
const DAY_MS = 24 * 3600_000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A reporting period of whole calendar days, both ends inclusive, e.g. 2020-01-01 .. 2020-09-30. */
export interface Period {
  /** First day, YYYY-MM-DD. */
  from: string;
  /** Last day, YYYY-MM-DD (inclusive). */
  to: string;
  /** 00:00 of `from` in Vietnam. */
  start: Date;
  /** 00:00 of the day after `to` in Vietnam (exclusive end). */
  end: Date;
}

export type PeriodError = { field: 'from' | 'to'; description: string };

/** Builds a period from two dates, or returns what is wrong with them. */
export function parsePeriod(from: string, to: string): Period | PeriodError[] {
  const errors: PeriodError[] = [];
  const start = startOfDay(from);
  const last = startOfDay(to);
  if (!start) errors.push({ field: 'from', description: `"${from}" is not a date YYYY-MM-DD` });
  if (!last) errors.push({ field: 'to', description: `"${to}" is not a date YYYY-MM-DD` });
  if (start && last && last.getTime() < start.getTime()) {
    errors.push({ field: 'to', description: `${to} is before from ${from}` });
  }
  if (errors.length > 0 || !start || !last) return errors;
  return { from, to, start, end: new Date(last.getTime() + DAY_MS) };
}

/** The period or an Error naming the field; for callers that want exceptions. */
export function periodOrThrow(from: string, to: string): Period {
  const p = parsePeriod(from, to);
  if (Array.isArray(p)) throw new Error(p.map((e) => `${e.field}: ${e.description}`).join('; '));
  return p;
}

/** 00:00 of a YYYY-MM-DD day in Vietnam, or null when it is not a real date. */
export function startOfDay(date: string): Date | null {
  const m = DATE_PATTERN.exec(date);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const utc = Date.UTC(y, mo - 1, d);
  const check = new Date(utc);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  return new Date(utc - VIETNAM_OFFSET_MS);
}

/** Vietnamese calendar day of an instant as a comparable number of days since 1970-01-01. */
export function vietnamDay(t: Date): number {
  return Math.floor((t.getTime() + VIETNAM_OFFSET_MS) / DAY_MS);
}

/** Vietnamese local date and time, "YYYY-MM-DD HH:mm". */
export function vietnamDateTime(t: Date): string {
  return new Date(t.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}
