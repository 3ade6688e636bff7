// Statutory processing time (thời hạn giải quyết) as published per procedure.
import { z } from 'zod';
import { CalendarArgumentError } from './errors';

/**
 * A statutory processing time. `working_days` and `working_hours` are counted in office time
 * (1 working day = the office hours of one day, 8 h by default; fractions allowed, so half days
 * work); `same_day` means "by the end of the working day the dossier is received on", value ignored.
 */
export interface StatutoryDuration {
  readonly unit: 'working_days' | 'working_hours' | 'same_day';
  readonly value: number;
}

export const statutoryDurationSchema = z.discriminatedUnion('unit', [
  z.object({ unit: z.literal('working_days'), value: z.number().positive() }),
  z.object({ unit: z.literal('working_hours'), value: z.number().positive() }),
  z.object({ unit: z.literal('same_day'), value: z.number().nonnegative() }),
]);

/** Checks a duration coming from outside; throws CalendarArgumentError naming `duration.unit` or `duration.value`. */
export function assertStatutoryDuration(duration: unknown, field = 'duration'): StatutoryDuration {
  const parsed = statutoryDurationSchema.safeParse(duration);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const sub = issue.path.length > 0 ? `${field}.${issue.path.join('.')}` : field;
  const message = issue.path[0] === 'unit' ? "must be 'working_days', 'working_hours' or 'same_day'" : issue.message;
  throw new CalendarArgumentError(sub, message);
}
