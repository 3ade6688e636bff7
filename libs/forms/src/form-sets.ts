// The one-stop forms in force on a date. Pure: the data is validated once, then `formFor` picks the
// form for an act by the act's local date (Asia/Ho_Chi_Minh, UTC+07:00, no daylight saving).
import { z } from 'zod';

export const FORM_PURPOSES = ['receipt', 'supplement_request', 'refusal', 'apology', 'stop_notice', 'control_slip', 'register'] as const;
/** What a form is for, independent of its number (which changed in 2025). */
export type FormPurpose = (typeof FORM_PURPOSES)[number];

const form = z.strictObject({
  purpose: z.enum(FORM_PURPOSES),
  number: z.string().regex(/^\d{2}$/, 'must be two digits'),
  nameVi: z.string().min(1),
  name: z.string().min(1),
  contents: z.array(z.string().min(1)),
});

const formSet = z.strictObject({
  circular: z.string().min(1),
  title: z.string().min(1),
  effectiveFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'),
  sources: z.array(z.string().min(1)).min(1, 'cite at least one source'),
  verified: z.boolean(),
  forms: z.array(form).min(1),
});

export const formSetsSchema = z.strictObject({ description: z.string().optional(), sets: z.array(formSet).min(1) });

export type FormSetsData = z.infer<typeof formSetsSchema>;
export type FormSet = z.infer<typeof formSet>;

/** A form as printed: its number within its circular, e.g. Form 05 of Circular 03/2025/TT-VPCP. */
export interface FormRef {
  readonly purpose: FormPurpose;
  readonly number: string;
  readonly circular: string;
  readonly nameVi: string;
  readonly name: string;
  /** e.g. "Mẫu số 05, Thông tư 03/2025/TT-VPCP" */
  readonly label: string;
}

export class FormDataError extends Error {
  constructor(readonly issues: readonly string[]) {
    super(`form sets: ${issues.join('; ')}`);
    this.name = 'FormDataError';
  }
}

/** Validates the form sets: shape, one form per purpose in a set, sets in date order. */
export function parseFormSets(raw: unknown): FormSetsData {
  const parsed = formSetsSchema.safeParse(raw);
  if (!parsed.success) throw new FormDataError(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  const issues: string[] = [];
  parsed.data.sets.forEach((set, i) => {
    const seen = new Set<string>();
    set.forms.forEach((f, j) => {
      if (seen.has(f.purpose)) issues.push(`sets.${i}.forms.${j}.purpose: "${f.purpose}" is listed twice`);
      seen.add(f.purpose);
    });
    if (i > 0 && set.effectiveFrom <= parsed.data.sets[i - 1].effectiveFrom) {
      issues.push(`sets.${i}.effectiveFrom: must be after the previous set's ${parsed.data.sets[i - 1].effectiveFrom}`);
    }
  });
  if (issues.length > 0) throw new FormDataError(issues);
  return parsed.data;
}

const VN_OFFSET_MS = 7 * 3_600_000;

/** The local date (Asia/Ho_Chi_Minh) of an instant, YYYY-MM-DD. */
export function localDateOf(at: Date): string {
  if (Number.isNaN(at.getTime())) throw new RangeError('at: is an invalid Date');
  return new Date(at.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);
}

/** The set in force on the act's local date: the latest whose effectiveFrom is not after it. */
export function formSetAt(data: FormSetsData, at: Date): FormSet | undefined {
  const day = localDateOf(at);
  let found: FormSet | undefined;
  for (const set of data.sets) if (set.effectiveFrom <= day) found = set;
  return found;
}

/**
 * The form for an act done at `at`: Circular 01/2018's numbering before Circular 03/2025 took
 * effect, the new seven forms after. Undefined when the set in force has no such form (there was
 * no stop notice before 2025) or the date precedes every set.
 */
export function formFor(data: FormSetsData, purpose: FormPurpose, at: Date): FormRef | undefined {
  const set = formSetAt(data, at);
  const f = set?.forms.find((x) => x.purpose === purpose);
  if (!set || !f) return undefined;
  return {
    purpose,
    number: f.number,
    circular: set.circular,
    nameVi: f.nameVi,
    name: f.name,
    label: `Mẫu số ${f.number}, Thông tư ${set.circular}`,
  };
}
