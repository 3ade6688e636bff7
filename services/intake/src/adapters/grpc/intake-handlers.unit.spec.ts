// The gRPC edge's request-id rule: clients choose their ids within a bound and a character set;
// the platform's own namespace (the postal hand-over's submission id) is refused from clients.
import { derivedRequestId, RejectionError } from '@onestop/commands';
import type { Role } from '@onestop/grpc-kit';
import { commandMeta } from './intake-handlers';

/** The form of the request id postal-delivery derives for a pickup's submission. */
const deskSubmissionRequestIdForTest = derivedRequestId('postal-pickup', '6f1c2a9e-4b7d-5c1e-9a53-2f8e6d0b7c11');

const call = (role: Role) => ({ identity: { officerId: 'o1', role, unitCode: role === 'service' ? '' : 'TRUCNINH' }, correlationId: 'c1' });

function refusalOf(fn: () => unknown): RejectionError | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    return err as RejectionError;
  }
}

describe('request ids at the intake edge', () => {
  it('refuses a desk officer claiming the postal hand-over’s derived id, naming request_id', () => {
    const err = refusalOf(() => commandMeta(deskSubmissionRequestIdForTest, call('desk_officer')));
    expect(err?.rejection).toEqual({
      kind: 'invalid',
      violations: [{ field: 'request_id', description: expect.stringContaining('reserved') }],
    });
  });

  it('accepts the derived id from a platform service (postal-delivery submitting the hand-over)', () => {
    expect(commandMeta(deskSubmissionRequestIdForTest, call('service')).requestId).toBe(deskSubmissionRequestIdForTest);
  });

  it('bounds client ids', () => {
    expect(refusalOf(() => commandMeta('x'.repeat(129), call('desk_officer')))?.rejection.kind).toBe('invalid');
    expect(refusalOf(() => commandMeta('', call('citizen_portal')))?.rejection.kind).toBe('invalid');
    expect(commandMeta('client-1', call('desk_officer')).requestId).toBe('client-1');
  });

  it('refuses the prefix in any letter case', () => {
    expect(refusalOf(() => commandMeta(derivedRequestId('x', 'y').toUpperCase(), call('citizen_portal')))?.rejection.kind).toBe('invalid');
  });
});
