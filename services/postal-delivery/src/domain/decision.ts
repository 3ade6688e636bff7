// What a decide function returns: the events to append, or why not (errors are values here; only
// the gRPC edge maps a rejection to a status code). The types are the platform's (@onestop/commands).
import {
  type Decision as DecisionOf,
  invalid as invalidOf,
  notFound as notFoundOf,
  precondition as preconditionOf,
  type Rejection,
  type Violation,
} from '@onestop/commands';
import type { PostalEvent } from './events';

export type { Rejection };
export type FieldViolation = Violation;

export type Decision = DecisionOf<PostalEvent>;

export const accept = (...events: PostalEvent[]): Decision => ({ ok: true, events });
export const invalid = (violations: FieldViolation[]): Decision => ({ ok: false, rejection: invalidOf(violations) });
export const precondition = (message: string): Decision => ({ ok: false, rejection: preconditionOf(message) });
export const notFound = (message: string): Decision => ({ ok: false, rejection: notFoundOf(message) });
