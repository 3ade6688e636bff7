// The values of an export's fields: times, names from a fixed list, bounded text. Each reader
// returns the value or a message saying what was expected (the caller names the row and field). Pure.
import type { RawValue } from './export-file';

export type Parsed<T> = { value: T } | { problem: string };

const VN_OFFSET_MS = 7 * 3600 * 1000;

const ISO_WITH_ZONE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})$/i;
const LOCAL_ISO = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;
const LOCAL_VN = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?$/;

export const TIME_FORMATS =
  'an instant with a zone (2020-03-16T08:15:00+07:00), or Vietnam time as 2020-03-16 08:15[:00] or 16/03/2020 08:15[:00]';

/** Whether the parts make a real calendar date and clock time (no 31 April, no 24:00). */
function realTime(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  const t = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d && h < 24 && mi < 60 && s < 60;
}

function vietnamWallTime(y: number, mo: number, d: number, h: number, mi: number, s: number): Date | undefined {
  if (!realTime(y, mo, d, h, mi, s)) return undefined;
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s) - VN_OFFSET_MS);
}

/**
 * A time: text in one of TIME_FORMATS, or a Date from a spreadsheet cell (its wall-clock time, read
 * as Vietnam time — spreadsheets keep no zone).
 */
export function parseTime(raw: RawValue): Parsed<Date> {
  if (raw instanceof Date) {
    if (Number.isNaN(raw.getTime())) return { problem: 'is not a valid date' };
    return { value: new Date(raw.getTime() - VN_OFFSET_MS) };
  }
  if (typeof raw !== 'string') return { problem: `must be ${TIME_FORMATS}` };
  const text = raw.trim();
  const n = (s: string | undefined) => (s === undefined ? 0 : Number(s));
  let m = ISO_WITH_ZONE.exec(text);
  if (m) {
    if (!realTime(n(m[1]), n(m[2]), n(m[3]), n(m[4]), n(m[5]), n(m[6]))) return { problem: `"${text}" is not a real date and time` };
    return { value: new Date(text) };
  }
  m = LOCAL_ISO.exec(text);
  if (m) {
    const t = vietnamWallTime(n(m[1]), n(m[2]), n(m[3]), n(m[4]), n(m[5]), n(m[6]));
    return t ? { value: t } : { problem: `"${text}" is not a real date and time` };
  }
  m = LOCAL_VN.exec(text);
  if (m) {
    const t = vietnamWallTime(n(m[3]), n(m[2]), n(m[1]), n(m[4]), n(m[5]), n(m[6]));
    return t ? { value: t } : { problem: `"${text}" is not a real date and time (day/month/year)` };
  }
  return { problem: `"${short(text)}" is not a time: use ${TIME_FORMATS}` };
}

/** Text of a field: strings trimmed, numbers as written; '' when empty or absent. */
export function textOf(raw: RawValue): string | undefined {
  if (raw === undefined || raw === null) return '';
  if (typeof raw === 'string') return raw.trim();
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  return undefined;
}

export function isBlank(raw: RawValue): boolean {
  return raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
}

/** One of the allowed names (case-insensitive, '-' or ' ' read as '_'). */
export function parseName<T extends string>(raw: RawValue, allowed: readonly T[]): Parsed<T> {
  const text = textOf(raw);
  if (text === undefined) return { problem: `must be one of ${allowed.join(', ')}` };
  const name = text.toLowerCase().replace(/[\s-]+/g, '_');
  return (allowed as readonly string[]).includes(name)
    ? { value: name as T }
    : { problem: `"${short(text)}" is not one of ${allowed.join(', ')}` };
}

/** Text of at most `max` characters, without control characters. */
export function parseText(raw: RawValue, max: number): Parsed<string> {
  const text = textOf(raw);
  if (text === undefined) return { problem: 'must be text' };
  if (text.length > max) return { problem: `is ${text.length} characters; at most ${max}` };
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(text)) return { problem: 'must not contain control characters (line breaks, tabs)' };
  return { value: text.normalize('NFC') };
}

/** A quoted prefix of what was sent, for messages. */
export function short(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** The calendar day (YYYY-MM-DD) of an instant in Vietnam. */
export function vietnamDay(t: Date): string {
  return new Date(t.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);
}

/** An instant as Vietnam wall time, for messages: 2020-03-16 08:15 (UTC+7). */
export function shownTime(t: Date): string {
  return `${new Date(t.getTime() + VN_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ')} (UTC+7)`;
}
