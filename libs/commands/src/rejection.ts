// Why a command was not carried out, as the domain says it: no transport, no status codes. Only
// the gRPC edge (grpc-kit's toServiceError) turns a rejection kind into a status code.

/** The officer, citizen portal or platform service a command is carried out for. */
export interface Actor {
  officerId: string;
  role: string;
  /** The unit (desk) or agency the actor belongs to; '' for platform services and the portal. */
  unitCode: string;
}

/** Who asked, under which request id, in which conversation. */
export interface CommandMeta {
  requestId: string;
  correlationId: string;
  actor: Actor;
  /** The event that caused this command (facts consumed from other services, durable work). */
  causationId?: string;
}

/** A bad request field, named as on the wire (snake_case, e.g. "documents[0].form"). */
export interface Violation {
  field: string;
  description: string;
}

export type Rejection =
  /** The request itself is wrong; each bad field is named. */
  | { kind: 'invalid'; violations: Violation[] }
  /** The thing acted on does not exist. */
  | { kind: 'not_found'; message: string }
  /** The caller may not do this (role, unit, agency, assignee). */
  | { kind: 'denied'; message: string }
  /** The target's state forbids it now. */
  | { kind: 'precondition'; message: string }
  /** The request id was used before for something else (or by someone not entitled to its answer). */
  | { kind: 'already_exists'; message: string }
  /** A concurrent change won; read again and retry (with the same request id). */
  | { kind: 'aborted'; message: string }
  /** A dependency cannot be reached now; retry later with the same request id. */
  | { kind: 'unavailable'; message: string }
  /** Nothing to do: a timer or a consumed fact no longer applies (not a client error). */
  | { kind: 'obsolete'; message: string };

export type RejectionKind = Rejection['kind'];

/** A rejection thrown through code that cannot return it (use cases called by the gRPC edge). */
export class RejectionError extends Error {
  readonly isRejection = true;

  constructor(readonly rejection: Rejection) {
    super(describeRejection(rejection));
    this.name = 'RejectionError';
  }

  /** Also true for a RejectionError from another copy of this module. */
  static is(err: unknown): err is RejectionError {
    return (
      err instanceof RejectionError ||
      (typeof err === 'object' && err !== null && (err as { isRejection?: unknown }).isRejection === true && 'rejection' in err)
    );
  }
}

export function describeRejection(r: Rejection): string {
  return r.kind === 'invalid' ? `invalid request: ${r.violations.map((v) => `${v.field}: ${v.description}`).join('; ')}` : r.message;
}

export const invalid = (violations: Violation[]): Rejection => ({ kind: 'invalid', violations });
export const invalidField = (field: string, description: string): Rejection => invalid([{ field, description }]);
export const notFound = (message: string): Rejection => ({ kind: 'not_found', message });
export const denied = (message: string): Rejection => ({ kind: 'denied', message });
export const precondition = (message: string): Rejection => ({ kind: 'precondition', message });
export const alreadyExists = (message: string): Rejection => ({ kind: 'already_exists', message });
export const aborted = (message: string): Rejection => ({ kind: 'aborted', message });
export const unavailable = (message: string): Rejection => ({ kind: 'unavailable', message });
export const obsolete = (message: string): Rejection => ({ kind: 'obsolete', message });

/** Throws the rejection (for use cases whose callers expect an exception). */
export function refuse(rejection: Rejection): never {
  throw new RejectionError(rejection);
}

/** Throws INVALID_ARGUMENT when there is any violation. */
export function refuseIfInvalid(violations: Violation[]): void {
  if (violations.length) refuse(invalid(violations));
}

/** What a decide function returns: the events to append, or why not. */
export type Decision<E> = { ok: true; events: E[] } | { ok: false; rejection: Rejection };

export const accept = <E>(...events: E[]): Decision<E> => ({ ok: true, events });
export const reject = <E = never>(rejection: Rejection): Decision<E> => ({ ok: false, rejection });
