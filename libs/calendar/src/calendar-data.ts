// The versioned data of a working calendar (lịch làm việc): validated once when loaded. The shape is
// checked by zod (unknown fields are rejected so a typo cannot silently drop a holiday), then the
// meaning: real dates inside their year, office hours in order, Saturdays worked really on a weekend.
import { z } from 'zod';
import { CalendarDataError, CalendarDataIssue } from './errors';
import { parseClock, parseLocalDate, weekdayOf, yearOfDay } from './local-time';

export const WEEKDAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type WeekdayName = (typeof WEEKDAY_NAMES)[number];

const entrySource = z.enum(['official', 'derived']);
const officeSpan = z.strictObject({ start: z.string(), end: z.string() });
const officeHours = z.array(officeSpan).min(1, 'at least one office-hours span is required');

const holiday = z.strictObject({ date: z.string(), name: z.string().min(1), source: entrySource.optional() });
const reasoned = z.strictObject({ date: z.string(), reason: z.string().min(1), source: entrySource.optional() });

const year = z.strictObject({
  source: entrySource,
  citation: z.string().min(1).optional(),
  notes: z.string().optional(),
  holidays: z.array(holiday),
  compensatoryDaysOff: z.array(reasoned),
  extraWorkingDays: z.array(reasoned),
});

export const calendarDataSchema = z.strictObject({
  version: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be letters, digits, ".", "_" or "-"'),
  description: z.string().optional(),
  timeZone: z.literal('Asia/Ho_Chi_Minh'),
  weekendDays: z.array(z.enum(WEEKDAY_NAMES)),
  officeHours,
  officeHoursByUnit: z.record(z.string().min(1), officeHours).optional(),
  years: z.record(z.string().regex(/^\d{4}$/, 'year keys must be 4 digits'), year),
});

/** Calendar data after validation. */
export type CalendarData = z.infer<typeof calendarDataSchema>;
export type CalendarYearData = z.infer<typeof year>;
/** One span of office hours, local clock times 'HH:MM', end exclusive. */
export type OfficeHoursSpan = z.infer<typeof officeSpan>;

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out || '(root)';
}

/** Problems with a list of office-hours spans: clock format, start before end, in order, no overlap. */
export function officeHoursIssues(spans: readonly OfficeHoursSpan[], path: string): CalendarDataIssue[] {
  const issues: CalendarDataIssue[] = [];
  let previousEnd = -1;
  spans.forEach((span, i) => {
    const start = parseClock(span.start);
    const end = parseClock(span.end);
    if (start === undefined) issues.push({ path: `${path}[${i}].start`, message: `"${span.start}" is not a clock time HH:MM` });
    if (end === undefined) issues.push({ path: `${path}[${i}].end`, message: `"${span.end}" is not a clock time HH:MM` });
    if (start === undefined || end === undefined) return;
    if (start >= end) issues.push({ path: `${path}[${i}]`, message: `start ${span.start} must be before end ${span.end}` });
    else if (start < previousEnd)
      issues.push({ path: `${path}[${i}].start`, message: `${span.start} overlaps or precedes the previous span` });
    previousEnd = Math.max(previousEnd, end);
  });
  return issues;
}

type ListName = 'holidays' | 'compensatoryDaysOff' | 'extraWorkingDays';
const LISTS: readonly ListName[] = ['holidays', 'compensatoryDaysOff', 'extraWorkingDays'];

function entryProblem(key: string, list: ListName, date: string, weekend: ReadonlySet<number>): string | undefined {
  const day = parseLocalDate(date);
  if (day === undefined) return `"${date}" is not a real date YYYY-MM-DD`;
  if (String(yearOfDay(day)) !== key) return `${date} is not in ${key}`;
  const onWeekend = weekend.has(weekdayOf(day));
  if (list === 'extraWorkingDays' && !onWeekend) return `${date} is not a weekend day, so it cannot be an extra working day`;
  if (list === 'compensatoryDaysOff' && onWeekend) return `${date} is a weekend day, so it cannot be a compensatory day off`;
  return undefined;
}

function yearIssues(key: string, data: CalendarYearData, weekend: ReadonlySet<number>): CalendarDataIssue[] {
  const issues: CalendarDataIssue[] = [];
  if (data.source === 'official' && !data.citation) {
    issues.push({ path: `years.${key}.citation`, message: 'an official year needs a citation of the announcement' });
  }
  const seen = new Map<string, string>();
  for (const list of LISTS) {
    data[list].forEach((entry, i) => {
      const path = `years.${key}.${list}[${i}].date`;
      const problem = entryProblem(key, list, entry.date, weekend);
      const earlier = seen.get(entry.date);
      if (problem) issues.push({ path, message: problem });
      else if (earlier) issues.push({ path, message: `${entry.date} is already listed at ${earlier}` });
      else seen.set(entry.date, `years.${key}.${list}[${i}]`);
    });
  }
  return issues;
}

function coverageIssues(keys: readonly string[]): CalendarDataIssue[] {
  if (keys.length === 0) return [{ path: 'years', message: 'at least one year is required' }];
  const years = keys.map(Number).sort((a, b) => a - b);
  for (let i = 1; i < years.length; i++) {
    if (years[i] !== years[i - 1] + 1) return [{ path: 'years', message: `years must be contiguous; ${years[i - 1] + 1} is missing` }];
  }
  return [];
}

function meaningIssues(data: CalendarData): CalendarDataIssue[] {
  const weekend = new Set(data.weekendDays.map((d) => WEEKDAY_NAMES.indexOf(d)));
  const issues = [...officeHoursIssues(data.officeHours, 'officeHours')];
  for (const [unit, spans] of Object.entries(data.officeHoursByUnit ?? {})) {
    issues.push(...officeHoursIssues(spans, `officeHoursByUnit.${unit}`));
  }
  if (weekend.size !== data.weekendDays.length) issues.push({ path: 'weekendDays', message: 'a day is listed twice' });
  issues.push(...coverageIssues(Object.keys(data.years)));
  for (const [key, y] of Object.entries(data.years)) issues.push(...yearIssues(key, y, weekend));
  return issues;
}

/** zod's message, with the reason of a bad record key spelled out ("year keys must be 4 digits"). */
function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_key') return `bad key: ${issue.issues.map((i) => i.message).join('; ')}`;
  return issue.message;
}

const validated = new WeakSet<object>();

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Validates raw calendar data; throws CalendarDataError listing every problem with its field path. */
export function parseCalendarData(raw: unknown, origin?: string): CalendarData {
  if (typeof raw === 'object' && raw !== null && validated.has(raw)) return raw as CalendarData;
  const parsed = calendarDataSchema.safeParse(raw);
  if (!parsed.success) {
    throw new CalendarDataError(
      parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issueMessage(issue) })),
      origin,
    );
  }
  const issues = meaningIssues(parsed.data);
  if (issues.length > 0) throw new CalendarDataError(issues, origin);
  // Frozen, so data once validated cannot be changed behind a calendar's back.
  validated.add(deepFreeze(parsed.data));
  return parsed.data;
}
