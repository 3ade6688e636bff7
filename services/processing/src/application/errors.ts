// Outcomes of appending that the use cases act on (the store adapter translates the event
// store's typed errors into these), and the one place rejections become gRPC errors.
import {
  AbortedError,
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
  PermissionDeniedError,
} from '@onestop/grpc-kit';
import type { Rejection } from '../domain/decision';
import type { StoredAnswer } from './ports';

/** Another writer appended to the stream first. */
export class StreamConflict extends Error {}

/** The request id was already used; carries the first answer. */
export class RequestAlreadyHandled extends Error {
  constructor(readonly answer: StoredAnswer | undefined) {
    super('request already handled');
  }
}

export function throwRejection(rejection: Rejection): never {
  switch (rejection.kind) {
    case 'invalid':
      throw new InvalidArgumentError(rejection.violations);
    case 'denied':
      throw new PermissionDeniedError(rejection.message);
    case 'not_found':
      throw new NotFoundError(rejection.message);
    case 'precondition':
    case 'obsolete':
      throw new FailedPreconditionError(rejection.message);
  }
}

export function caseChanged(dossierId: string, expected: number, actual: number): AbortedError {
  return new AbortedError(`dossier ${dossierId} changed (version ${actual}, you acted on version ${expected}); reload it and retry`);
}
