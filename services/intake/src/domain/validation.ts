// Field rules for what a citizen or officer submits. Each returns every violation, named by the
// request field, so one answer lists everything wrong.
import type { Violation } from '@onestop/commands';
import { common } from '@onestop/contracts';

export type { Violation };

// Every pattern below runs only on a value already within its length cap, and is linear: no
// nested or adjacent overlapping quantifiers (the old e-mail pattern backtracked quadratically).
const ID_NUMBER = /^(\d{9}|\d{12})$/; // CMND (9 digits) or CCCD / personal identification number (12)
const PHONE = /^(\+84|0)\d{9,10}$/;
/** local@label.label…: the local part cannot contain "@", labels cannot contain "." — one way to match. */
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** Longest values accepted (the edge refuses longer ones before they get here; see docs/security.md). */
export const MAX = { fullName: 200, idNumber: 32, address: 500, phone: 32, email: 254 } as const;

export function validateApplicant(a: common.Applicant | undefined, field = 'applicant'): Violation[] {
  if (!a) return [{ field, description: 'is required' }];
  const v: Violation[] = [];
  if (a.fullName.length > MAX.fullName) v.push({ field: `${field}.full_name`, description: `must be at most ${MAX.fullName} characters` });
  else if (!a.fullName.trim()) v.push({ field: `${field}.full_name`, description: 'is required' });
  if (a.idNumber.length > MAX.idNumber || !ID_NUMBER.test(a.idNumber)) {
    v.push({ field: `${field}.id_number`, description: 'must be a 12-digit personal identification number or a 9-digit ID card number' });
  }
  if (a.address.length > MAX.address) v.push({ field: `${field}.address`, description: `must be at most ${MAX.address} characters` });
  else if (!a.address.trim()) v.push({ field: `${field}.address`, description: 'is required' });
  if (a.phone.length > MAX.phone) v.push({ field: `${field}.phone`, description: `must be at most ${MAX.phone} characters` });
  else if (a.phone && !PHONE.test(a.phone.replace(/[\s.-]/g, '')))
    v.push({ field: `${field}.phone`, description: 'must be a Vietnamese phone number, e.g. 0912345678' });
  if (a.email.length > MAX.email) v.push({ field: `${field}.email`, description: `must be at most ${MAX.email} characters` });
  else if (a.email && !EMAIL.test(a.email)) v.push({ field: `${field}.email`, description: 'must be an e-mail address' });
  return v;
}

export function validateDocuments(
  docs: common.SubmittedDocument[],
  knownCodes: ReadonlySet<string> | undefined,
  field = 'documents',
): Violation[] {
  const v: Violation[] = [];
  docs.forEach((d, i) => {
    const f = `${field}[${i}]`;
    if (!d.componentCode) v.push({ field: `${f}.component_code`, description: 'is required' });
    else if (knownCodes && !knownCodes.has(d.componentCode)) {
      v.push({ field: `${f}.component_code`, description: `"${d.componentCode}" is not a component of this procedure` });
    }
    if (d.form === common.DocumentForm.DOCUMENT_FORM_UNSPECIFIED)
      v.push({ field: `${f}.form`, description: 'must be ORIGINAL, COPY or CERTIFIED_COPY' });
    if (!Number.isInteger(d.count) || d.count < 1 || d.count > 100)
      v.push({ field: `${f}.count`, description: 'must be between 1 and 100' });
  });
  return v;
}

export function validateScores(scores: { criterion: string; score: number }[]): Violation[] {
  const v: Violation[] = [];
  if (scores.length === 0) v.push({ field: 'scores', description: 'at least one criterion score is required' });
  const seen = new Set<string>();
  scores.forEach((s, i) => {
    if (!s.criterion.trim()) v.push({ field: `scores[${i}].criterion`, description: 'is required' });
    else if (seen.has(s.criterion)) v.push({ field: `scores[${i}].criterion`, description: `"${s.criterion}" is scored twice` });
    seen.add(s.criterion);
    if (!Number.isInteger(s.score) || s.score < 1 || s.score > 5)
      v.push({ field: `scores[${i}].score`, description: 'must be an integer from 1 to 5' });
  });
  return v;
}
