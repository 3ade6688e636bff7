// What decide() returns: the events to append, or a rejection saying why (errors are values here;
// the application maps them to gRPC status codes once).
import type { CaseEvent } from './events';
import type { WorkingTime } from './working-time';

/** A bad request field, named as on the wire (snake_case). */
export interface Violation {
  field: string;
  description: string;
}

export type Rejection =
  /** The request itself is wrong (INVALID_ARGUMENT). */
  | { kind: 'invalid'; violations: Violation[] }
  /** The case's state forbids it now (FAILED_PRECONDITION). */
  | { kind: 'precondition'; message: string }
  /** The caller's role or unit may not do it (PERMISSION_DENIED). */
  | { kind: 'denied'; message: string }
  /** The thing acted on does not exist (NOT_FOUND). */
  | { kind: 'not_found'; message: string }
  /** Nothing to do: a timer or a consumed fact no longer applies (not an error). */
  | { kind: 'obsolete'; message: string };

export type Decision = { ok: true; events: CaseEvent[] } | { ok: false; rejection: Rejection };

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
