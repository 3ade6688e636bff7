// Wiring of the edge checks into the server: every method's request decoder is wrapped so that
// undecodable bytes reach the handler wrapper as a field violation (grpc-js would answer INTERNAL),
// and the encoded size travels with the decoded request for the per-request budget.
import type * as grpc from '@grpc/grpc-js';
import type { FieldViolation } from './errors';
import { REQUEST_MAX_BYTES, requestSchemas } from './request-guard';

const UNDECODABLE = Symbol('onestop.undecodable');
const ENCODED_SIZE = Symbol('onestop.encodedSize');

type Guarded = { [UNDECODABLE]?: FieldViolation; [ENCODED_SIZE]?: number };

/** The service definition with decoders that never throw. */
export function guardDefinition(definition: grpc.ServiceDefinition): grpc.ServiceDefinition {
  requestSchemas(); // load the descriptors now, at start, not inside the first call's deadline
  const guarded: Record<string, grpc.MethodDefinition<unknown, unknown>> = {};
  for (const [name, method] of Object.entries(definition)) {
    guarded[name] = {
      ...method,
      requestDeserialize: (bytes: Buffer) => {
        let request: unknown;
        try {
          request = method.requestDeserialize(bytes);
        } catch {
          return { [UNDECODABLE]: requestSchemas().diagnose(method.path, bytes) };
        }
        if (typeof request === 'object' && request !== null)
          Object.defineProperty(request, ENCODED_SIZE, { value: bytes.length, enumerable: false });
        return request;
      },
    };
  }
  return guarded;
}

/** Everything wrong with a request at the edge (empty when it may go on to its handler). */
export function edgeViolations(rpcPath: string, request: unknown, now: Date): FieldViolation[] {
  const r = (typeof request === 'object' && request !== null ? request : {}) as Guarded;
  if (r[UNDECODABLE]) return [r[UNDECODABLE]];
  const violations = requestSchemas().check(rpcPath, request, now);
  const size = r[ENCODED_SIZE] ?? 0;
  // the budget for the whole request, when no single field already explains why it is too large
  if (violations.length === 0 && size > REQUEST_MAX_BYTES)
    violations.push({ field: '(request)', description: `is ${size} bytes; at most ${REQUEST_MAX_BYTES} are accepted` });
  return violations;
}

/** Largest request message a server reads (grpc-js refuses larger ones with RESOURCE_EXHAUSTED). */
export const MAX_RECEIVE_MESSAGE_BYTES = 4 * 1024 * 1024;
/** Largest message a server or client sends (an exported report is the largest answer). */
export const MAX_SEND_MESSAGE_BYTES = 16 * 1024 * 1024;

/** Channel options that bound message sizes both ways, for servers and clients alike. */
export function messageSizeOptions(): { 'grpc.max_receive_message_length': number; 'grpc.max_send_message_length': number } {
  return { 'grpc.max_receive_message_length': MAX_RECEIVE_MESSAGE_BYTES, 'grpc.max_send_message_length': MAX_SEND_MESSAGE_BYTES };
}
