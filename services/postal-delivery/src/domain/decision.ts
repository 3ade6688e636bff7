// What a decide function returns: the events to append, or why not (errors are values here; the
// application maps them to gRPC errors once).
import type { PostalEvent } from './events';

export interface FieldViolation {
  field: string;
  description: string;
}

export type Rejection =
  | { kind: 'invalid'; violations: FieldViolation[] }
  | { kind: 'precondition'; message: string }
  | { kind: 'not_found'; message: string };

export type Decision = { ok: true; events: PostalEvent[] } | { ok: false; rejection: Rejection };

export const accept = (...events: PostalEvent[]): Decision => ({ ok: true, events });
export const invalid = (violations: FieldViolation[]): Decision => ({ ok: false, rejection: { kind: 'invalid', violations } });
export const precondition = (message: string): Decision => ({ ok: false, rejection: { kind: 'precondition', message } });
export const notFound = (message: string): Decision => ({ ok: false, rejection: { kind: 'not_found', message } });
