// The shipped form sets (data/form-sets.json), read once and validated.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { formFor, parseFormSets, type FormPurpose, type FormRef, type FormSetsData } from './form-sets';

/** Resolves from src (jest) and from dist (runtime) alike. */
export const SHIPPED_FORM_SETS_PATH = path.resolve(__dirname, '../data/form-sets.json');

export const SHIPPED_FORM_SETS: FormSetsData = parseFormSets(JSON.parse(readFileSync(SHIPPED_FORM_SETS_PATH, 'utf8')));

/** The shipped form for an act at `at` (see `formFor`). */
export function shippedFormFor(purpose: FormPurpose, at: Date): FormRef | undefined {
  return formFor(SHIPPED_FORM_SETS, purpose, at);
}

/** The shipped form as a plain object (the wire message's shape), or undefined without a time. */
export function formRefAt(purpose: FormPurpose, at: Date | null | undefined): FormRef | undefined {
  if (!at) return undefined;
  const f = shippedFormFor(purpose, at);
  return f && { ...f };
}
