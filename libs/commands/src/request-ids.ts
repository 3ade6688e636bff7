// Request ids. A client chooses its own (so a retry is recognised) within a length bound and a
// character set; ids the platform derives itself — the postal hand-over's submission, a consumed
// event's id, a durable timer — carry a reserved prefix the gRPC edge refuses from clients, so no
// client can claim them ahead of the platform.
import type { Violation } from './rejection';

/** The prefix of every request id the platform derives itself. */
export const DERIVED_REQUEST_ID_PREFIX = 'onestop~';

export const MAX_CLIENT_REQUEST_ID_LENGTH = 128;
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]+$/;

/** A request id in the platform's own namespace: `onestop~<namespace>:<source id>`. */
export function derivedRequestId(namespace: string, sourceId: string): string {
  return `${DERIVED_REQUEST_ID_PREFIX}${namespace}:${sourceId}`;
}

export function isDerivedRequestId(requestId: string): boolean {
  return requestId.toLowerCase().startsWith(DERIVED_REQUEST_ID_PREFIX);
}

/** Platform services (role `service`) pass on ids derived by another service; nobody else may. */
export function mayUseDerivedRequestIds(role: string): boolean {
  return role === 'service';
}

/**
 * Why a request id received at the edge is refused (field `request_id`); [] when it is acceptable.
 * A derived id is accepted only when `derivedAllowed` (the caller is a platform service).
 */
export function requestIdViolations(requestId: string, derivedAllowed = false, field = 'request_id'): Violation[] {
  if (!requestId) return [{ field, description: 'is required (a client-chosen id that makes retries safe)' }];
  if (isDerivedRequestId(requestId)) {
    if (derivedAllowed && requestId.length <= 200 && /^\S+$/.test(requestId)) return [];
    return [
      {
        field,
        description: `must not start with "${DERIVED_REQUEST_ID_PREFIX}": that prefix is reserved for ids the platform derives itself`,
      },
    ];
  }
  if (requestId.length > MAX_CLIENT_REQUEST_ID_LENGTH || !CLIENT_REQUEST_ID.test(requestId)) {
    return [{ field, description: `must be 1-${MAX_CLIENT_REQUEST_ID_LENGTH} letters, digits, or . _ : -` }];
  }
  return [];
}
