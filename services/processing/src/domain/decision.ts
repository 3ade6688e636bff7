// What decide() returns: the events to append, or a rejection saying why (errors are values here;
// only the gRPC edge maps a rejection kind to a status code). The types are the platform's
// (@onestop/commands): invalid, precondition, denied, not_found, obsolete are the kinds used here.
import type { Decision as DecisionOf, Rejection, Violation } from '@onestop/commands';
import type { CaseEvent } from './events';
import type { WorkingTime } from './working-time';

export type { Rejection, Violation };

export type Decision = DecisionOf<CaseEvent>;

export const accept = (...events: CaseEvent[]): Decision => ({ ok: true, events });
export const reject = (rejection: Rejection): Decision => ({ ok: false, rejection });
export const invalid = (violations: Violation[]): Decision => reject({ kind: 'invalid', violations });
export const precondition = (message: string): Decision => reject({ kind: 'precondition', message });
export const denied = (message: string): Decision => reject({ kind: 'denied', message });
export const notFound = (message: string): Decision => reject({ kind: 'not_found', message });
export const obsolete = (message: string): Decision => reject({ kind: 'obsolete', message });

const MAX_TEXT = 2000;

/** A required free text (reason, note, question): present, trimmed, at most 2000 characters. */
export function requiredText(value: string, field: string): Violation[] {
  if (!value || !value.trim()) return [{ field, description: 'is required' }];
  return optionalText(value, field);
}

export function optionalText(value: string, field: string): Violation[] {
  return value && value.length > MAX_TEXT ? [{ field, description: `must be at most ${MAX_TEXT} characters` }] : [];
}

const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** An officer id or agency code: 1-64 letters, digits, '.', '_' or '-'. */
export function requiredCode(value: string, field: string): Violation[] {
  if (!value) return [{ field, description: 'is required' }];
  return CODE.test(value) ? [] : [{ field, description: 'must be 1-64 letters, digits, ".", "_" or "-"' }];
}

/** What a decision may depend on besides the command and the state. */
export interface DecisionContext {
  now: Date;
  /** The working-day calendar the dossier's deadlines were computed with. */
  time: WorkingTime;
}
