// What a client may send, checked at the edge before any rule or pattern runs: bounded, normalised
// text; known enum values; instants inside a sane window; ids of a fixed shape. Each check returns
// field violations (never throws) so one answer lists everything wrong, and quotes at most a short
// prefix of what was sent. Every check here runs in time linear in its input (no regex over an
// unbounded string: lengths are checked first, and the patterns used have no nested quantifiers).
import type { FieldViolation } from './errors';

/** Longest prefix of a client's value quoted back in an error or a log line. */
export const QUOTE_CHARS = 40;

/** A short, safe rendering of a client's value for an error message: a prefix, and the length. */
export function quote(value: string, max = QUOTE_CHARS): string {
  const chars = Array.from(value.slice(0, max * 2))
    .slice(0, max)
    .join('');
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is replaced
  const printable = chars.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return value.length > printable.length ? `"${printable}…" (${value.length} characters)` : `"${printable}"`;
}

/** C0 and C1 control characters; tab, line feed and carriage return are allowed in free text only. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is matched
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex -- likewise
const CONTROL_OR_LINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
/** What counts as nothing: white space, zero-width and other invisible format characters. */
// eslint-disable-next-line no-misleading-character-class -- each code point is listed on purpose (combining marks alone count as nothing)
const INVISIBLE = /[\s\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufeff\uffa0]/gu;

export interface TextRule {
  /** Maximum length in characters (UTF-16 code units, which is what arrived). */
  max: number;
  /** Tabs and line breaks allowed (free text: reasons, notes, comments). */
  multiline?: boolean;
  /** Surrounding white space removed first (codes typed by hand: " H40-200801-0001 "). */
  trim?: boolean;
  /** A pattern the (bounded) value must match, with the description of it for the error. */
  pattern?: { re: RegExp; description: string };
}

/** True when `value` has no visible character (empty, spaces, zero-width characters only). */
export function isBlank(value: string): boolean {
  return value.replace(INVISIBLE, '').length === 0;
}

/**
 * Checks a client's text and returns it NFC-normalised. An empty string is "not given" and passes
 * (the use case decides whether the field is required); anything else must be within `max`, free
 * of control characters, not blank, and match the rule's pattern.
 */
export function checkText(value: string, field: string, rule: TextRule): { value: string; violations: FieldViolation[] } {
  if (value === '') return { value, violations: [] };
  if (value.length > rule.max) {
    return { value, violations: [{ field, description: `is ${value.length} characters; at most ${rule.max} are accepted` }] };
  }
  const normalised = rule.trim ? value.normalize('NFC').trim() : value.normalize('NFC');
  if ((rule.multiline ? CONTROL : CONTROL_OR_LINE).test(normalised)) {
    return {
      value,
      violations: [
        {
          field,
          description: rule.multiline ? 'must not contain control characters' : 'must not contain control characters or line breaks',
        },
      ],
    };
  }
  if (isBlank(normalised))
    return { value, violations: [{ field, description: 'must not be blank (only spaces or invisible characters)' }] };
  if (rule.pattern && !rule.pattern.re.test(normalised)) {
    return { value, violations: [{ field, description: `${rule.pattern.description}; got ${quote(normalised)}` }] };
  }
  return { value: normalised, violations: [] };
}

/** An identifier chosen by a client or the platform: request ids, dossier ids, officer ids. */
export const ID_PATTERN = { re: /^[\w.:-]+$/, description: 'must be letters, digits, or . _ : -' };
export const ID_MAX = 128;

export function checkId(value: string, field: string): FieldViolation[] {
  if (value === '') return [];
  if (value.length > ID_MAX) return [{ field, description: `is ${value.length} characters; an id has at most ${ID_MAX}` }];
  return ID_PATTERN.re.test(value) ? [] : [{ field, description: `${ID_PATTERN.description} (at most ${ID_MAX}); got ${quote(value)}` }];
}

/** A value of a protobuf enum: one of `known` (0, unspecified, is among them when allowed). */
export function checkEnum(value: number, field: string, known: readonly number[], names?: readonly string[]): FieldViolation[] {
  if (known.includes(value)) return [];
  return [{ field, description: `${value} is not a known value${names?.length ? ` (one of ${names.join(', ')})` : ''}` }];
}

/** A whole number the platform can hold exactly (JavaScript's safe integers), within bounds. */
export function checkWholeNumber(value: number, field: string, bounds: { min?: number; max?: number } = {}): FieldViolation[] {
  const min = bounds.min ?? Number.MIN_SAFE_INTEGER;
  const max = bounds.max ?? Number.MAX_SAFE_INTEGER;
  if (!Number.isSafeInteger(value) || value < min || value > max)
    return [{ field, description: `must be a whole number from ${min} to ${max}` }];
  return [];
}

export interface InstantWindow {
  earliest: Date;
  latest: Date;
}

/** Instants the platform accepts at all: nothing before 2000, nothing more than 5 years ahead. */
export const PLATFORM_EPOCH = new Date('2000-01-01T00:00:00Z');
export const MAX_FUTURE_MS = 5 * 365 * 24 * 3600_000;
/** How far ahead of our clock a client's "it happened at" may be (clocks of phones and providers drift). */
export const CLOCK_TOLERANCE_MS = 5 * 60_000;

/** Any instant a client may name (a due date, a report's period): 2000 … now + 5 years. */
export function anyInstantWindow(now: Date): InstantWindow {
  return { earliest: PLATFORM_EPOCH, latest: new Date(now.getTime() + MAX_FUTURE_MS) };
}

/** An instant at which something already happened: 2000 … now + the clock tolerance. */
export function pastInstantWindow(now: Date, toleranceMs = CLOCK_TOLERANCE_MS): InstantWindow {
  return { earliest: PLATFORM_EPOCH, latest: new Date(now.getTime() + toleranceMs) };
}

export function checkInstant(value: Date | undefined, field: string, window: InstantWindow): FieldViolation[] {
  if (value === undefined) return [];
  const t = value.getTime();
  if (!Number.isFinite(t)) return [{ field, description: 'is not a valid time' }];
  if (t < window.earliest.getTime() || t > window.latest.getTime()) {
    return [{ field, description: `must be between ${window.earliest.toISOString()} and ${window.latest.toISOString()}` }];
  }
  return [];
}

/** The number of items a repeated field may carry. */
export function checkCount(items: readonly unknown[], field: string, max: number): FieldViolation[] {
  return items.length > max ? [{ field, description: `has ${items.length} items; at most ${max} are accepted` }] : [];
}

/**
 * An e-mail address, checked without a regular expression over the whole input: bounded length,
 * one "@", a local part and a dotted domain, no spaces. Linear in the length.
 */
export const EMAIL_MAX = 254;
export function isEmailAddress(value: string): boolean {
  if (value.length === 0 || value.length > EMAIL_MAX) return false;
  const at = value.indexOf('@');
  if (at <= 0 || at !== value.lastIndexOf('@')) return false;
  for (let i = 0; i < value.length; i++) if (/\s/.test(value[i])) return false;
  const domain = value.slice(at + 1);
  const dot = domain.indexOf('.', 1);
  return dot > 0 && dot < domain.length - 1;
}
