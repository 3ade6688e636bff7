import { status as Status } from '@grpc/grpc-js';
import { denied, invalid, RejectionError, type Rejection } from '@onestop/commands';
import { fieldViolationsOf, STATUS_OF_REJECTION, toServiceError } from './errors';

describe('toServiceError: the one mapping of rejections to status codes', () => {
  it.each(Object.entries(STATUS_OF_REJECTION))('maps %s', (kind, code) => {
    const rejection = (kind === 'invalid' ? invalid([{ field: 'x', description: 'bad' }]) : { kind, message: `m ${kind}` }) as Rejection;
    const e = toServiceError(new RejectionError(rejection));
    expect(e.code).toBe(code);
    expect(e.internal).toBe(false);
  });

  it('names each invalid field with google.rpc.BadRequest', () => {
    const e = toServiceError(
      new RejectionError(
        invalid([
          { field: 'request_id', description: 'is required' },
          { field: 'dossier_id', description: 'bad' },
        ]),
      ),
    );
    expect(e.code).toBe(Status.INVALID_ARGUMENT);
    expect(fieldViolationsOf(e)).toEqual([
      { field: 'request_id', description: 'is required' },
      { field: 'dossier_id', description: 'bad' },
    ]);
  });

  it('keeps messages of rejections and hides anything else as INTERNAL', () => {
    expect(toServiceError(new RejectionError(denied('not your unit'))).details).toBe('not your unit');
    const other = toServiceError(new Error('secret detail'));
    expect(other).toMatchObject({ code: Status.INTERNAL, details: 'internal error', internal: true });
  });
});
