// Local time of Viet Nam. Asia/Ho_Chi_Minh has been UTC+07:00 without daylight saving since 1975, so
// a fixed offset is exact for every date this platform handles and much faster than Intl.
import { CalendarArgumentError } from './errors';

export const VN_UTC_OFFSET_MS = 7 * 3_600_000;
export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

/** A calendar date in Viet Nam, as the number of days since 1970-01-01. */
export type LocalDay = number;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const CLOCK = /^(\d{2}):(\d{2})$/;

export function localDayOf(ms: number): LocalDay {
  return Math.floor((ms + VN_UTC_OFFSET_MS) / DAY_MS);
}

/** Milliseconds since local midnight. */
export function timeOfDayOf(ms: number): number {
  return ms + VN_UTC_OFFSET_MS - localDayOf(ms) * DAY_MS;
}

/** The instant at `timeOfDay` ms after local midnight of `day`. */
export function instantOf(day: LocalDay, timeOfDay: number): number {
  return day * DAY_MS + timeOfDay - VN_UTC_OFFSET_MS;
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(day: LocalDay): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function yearOfDay(day: LocalDay): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

/** Parses a real calendar date 'YYYY-MM-DD'; undefined when malformed or impossible (2021-02-30). */
export function parseLocalDate(text: string): LocalDay | undefined {
  const m = ISO_DATE.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  return ms / DAY_MS;
}

export function formatLocalDay(day: LocalDay): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Parses 'HH:MM' (00:00 … 24:00) into ms since midnight; undefined when malformed. */
export function parseClock(text: string): number | undefined {
  const m = CLOCK.exec(text);
  if (!m) return undefined;
  const [h, min] = [Number(m[1]), Number(m[2])];
  if (min > 59 || h > 24 || (h === 24 && min !== 0)) return undefined;
  return h * HOUR_MS + min * 60_000;
}

/** Milliseconds of a valid Date; throws naming the argument otherwise. */
export function instantMs(value: unknown, field: string): number {
  if (!(value instanceof Date)) throw new CalendarArgumentError(field, 'must be a Date');
  const ms = value.getTime();
  if (Number.isNaN(ms)) throw new CalendarArgumentError(field, 'is an invalid Date');
  return ms;
}

/** The Vietnamese calendar date of an instant, 'YYYY-MM-DD'. */
export function toLocalDate(t: Date): string {
  return formatLocalDay(localDayOf(instantMs(t, 't')));
}

/** An instant written in Viet Nam's local time: '2024-12-30T08:05:00.000+07:00'. */
export function toLocalIso(t: Date): string {
  const ms = instantMs(t, 't');
  return `${new Date(ms + VN_UTC_OFFSET_MS).toISOString().slice(0, 23)}+07:00`;
}

/** The instant of local date `date` ('YYYY-MM-DD') at local clock time `time` ('HH:MM', default 00:00). */
export function atLocalTime(date: string, time = '00:00'): Date {
  const day = parseLocalDate(date);
  if (day === undefined) throw new CalendarArgumentError('date', `"${date}" is not a real date YYYY-MM-DD`);
  const tod = parseClock(time);
  if (tod === undefined) throw new CalendarArgumentError('time', `"${time}" is not a clock time HH:MM`);
  return new Date(instantOf(day, tod));
}
