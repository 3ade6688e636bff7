// The one mapping of failures to gRPC status codes (toServiceError): the domain's rejections
// (@onestop/commands) by their kind, and the errors the gRPC edge itself raises (authentication,
// request decoding). Application code throws rejections and never a status code.
import { Metadata, status as Status, type ServiceError } from '@grpc/grpc-js';
import { type RejectionKind, RejectionError, type Violation } from '@onestop/commands';
import { protobufAny, rpcDetails, rpcStatus } from '@onestop/contracts';

/** The status code of each kind of domain rejection. */
export const STATUS_OF_REJECTION: Record<RejectionKind, Status> = {
  invalid: Status.INVALID_ARGUMENT,
  not_found: Status.NOT_FOUND,
  denied: Status.PERMISSION_DENIED,
  precondition: Status.FAILED_PRECONDITION,
  obsolete: Status.FAILED_PRECONDITION,
  already_exists: Status.ALREADY_EXISTS,
  aborted: Status.ABORTED,
  unavailable: Status.UNAVAILABLE,
};

/** A bad request field (the platform's one Violation type). */
export type FieldViolation = Violation;

export abstract class RpcError extends Error {
  abstract readonly code: Status;
}

/** Violations sent back at most (a request with 100,000 bad items gets the first ones and a count). */
export const MAX_VIOLATIONS = 20;
/** Longest field name or description sent back; longer ones (quoting a client's value) are cut. */
export const MAX_DETAIL_CHARS = 300;

const clip = (s: string) => (s.length > MAX_DETAIL_CHARS ? `${s.slice(0, MAX_DETAIL_CHARS)}…` : s);

/** The violations as sent: each clipped, at most MAX_VIOLATIONS, the rest counted. */
export function boundedViolations(violations: FieldViolation[]): FieldViolation[] {
  const shown = violations.slice(0, MAX_VIOLATIONS).map((v) => ({ field: clip(v.field), description: clip(v.description) }));
  const rest = violations.length - shown.length;
  return rest > 0 ? [...shown, { field: '(request)', description: `${rest} more problems not listed` }] : shown;
}

/** INVALID_ARGUMENT, with one violation per bad field (google.rpc.BadRequest). */
export class InvalidArgumentError extends RpcError {
  readonly code = Status.INVALID_ARGUMENT;
  readonly violations: FieldViolation[];
  constructor(violations: FieldViolation[]) {
    const bounded = boundedViolations(violations);
    super(`invalid request: ${bounded.map((v) => `${v.field}: ${v.description}`).join('; ')}`);
    this.violations = bounded;
  }
}

/** RESOURCE_EXHAUSTED: too many calls; the client may try again after `retryAfterSeconds`. */
export class ResourceExhaustedError extends RpcError {
  readonly code = Status.RESOURCE_EXHAUSTED;
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(`${message}; retry after ${retryAfterSeconds} s`);
  }
}

/** FAILED_PRECONDITION: the dossier's state forbids this transition. */
export class FailedPreconditionError extends RpcError {
  readonly code = Status.FAILED_PRECONDITION;
}
export class NotFoundError extends RpcError {
  readonly code = Status.NOT_FOUND;
}
export class AlreadyExistsError extends RpcError {
  readonly code = Status.ALREADY_EXISTS;
}
/** ABORTED: a concurrent change won; read again and retry. */
export class AbortedError extends RpcError {
  readonly code = Status.ABORTED;
}
export class UnauthenticatedError extends RpcError {
  readonly code = Status.UNAUTHENTICATED;
}
export class PermissionDeniedError extends RpcError {
  readonly code = Status.PERMISSION_DENIED;
}
/** UNAVAILABLE: a dependency (another service, the provider) cannot be reached now. */
export class UnavailableError extends RpcError {
  readonly code = Status.UNAVAILABLE;
}

const BAD_REQUEST_TYPE = 'type.googleapis.com/google.rpc.BadRequest';

function statusDetails(code: Status, message: string, violations: FieldViolation[]): Buffer {
  const details = violations.length
    ? [
        protobufAny.Any.fromPartial({
          typeUrl: BAD_REQUEST_TYPE,
          value: Buffer.from(
            rpcDetails.BadRequest.encode(
              rpcDetails.BadRequest.fromPartial({ fieldViolations: violations.map((v) => ({ ...v, reason: 'INVALID' })) }),
            ).finish(),
          ),
        }),
      ]
    : [];
  return Buffer.from(rpcStatus.Status.encode(rpcStatus.Status.fromPartial({ code, message, details })).finish());
}

/** A status message is a header: never more than a few kilobytes, whatever a client sent. */
const MAX_MESSAGE_CHARS = 4000;
function clipMessage(m: string): string {
  return m.length > MAX_MESSAGE_CHARS ? `${m.slice(0, MAX_MESSAGE_CHARS)}…` : m;
}

/** Maps any thrown value to the gRPC error sent to the client; unknown errors become INTERNAL. */
export function toServiceError(err: unknown): Partial<ServiceError> & { code: Status; internal: boolean } {
  const rejection = RejectionError.is(err) ? err.rejection : undefined;
  const known = err instanceof RpcError || rejection !== undefined;
  const code = rejection ? STATUS_OF_REJECTION[rejection.kind] : err instanceof RpcError ? err.code : Status.INTERNAL;
  const message = known ? clipMessage((err as Error).message) : 'internal error';
  const metadata = new Metadata();
  const violations = rejection?.kind === 'invalid' ? rejection.violations : err instanceof InvalidArgumentError ? err.violations : [];
  metadata.set('grpc-status-details-bin', statusDetails(code, message, violations));
  if (err instanceof ResourceExhaustedError) metadata.set('retry-after', String(err.retryAfterSeconds));
  return { code, details: message, message, metadata, internal: !known };
}

/** Reads the field violations of an INVALID_ARGUMENT error received by a client. */
export function fieldViolationsOf(err: Partial<ServiceError>): FieldViolation[] {
  const raw = err.metadata?.get('grpc-status-details-bin')[0];
  if (!raw) return [];
  const st = rpcStatus.Status.decode(typeof raw === 'string' ? Buffer.from(raw, 'base64') : raw);
  return st.details
    .filter((d) => d.typeUrl === BAD_REQUEST_TYPE)
    .flatMap((d) => rpcDetails.BadRequest.decode(d.value).fieldViolations)
    .map(({ field, description }) => ({ field, description }));
}
