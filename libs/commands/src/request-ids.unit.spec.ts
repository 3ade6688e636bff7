import { DERIVED_REQUEST_ID_PREFIX, derivedRequestId, requestIdViolations } from './request-ids';
import { backoffDelay } from './retry';

describe('request ids', () => {
  it('derives ids in the reserved namespace', () => {
    expect(derivedRequestId('postal-pickup', 'p1')).toBe(`${DERIVED_REQUEST_ID_PREFIX}postal-pickup:p1`);
  });

  it('refuses the reserved prefix from clients, naming request_id, in any case', () => {
    for (const id of [derivedRequestId('postal-pickup', 'p1'), `${DERIVED_REQUEST_ID_PREFIX.toUpperCase()}x`]) {
      expect(requestIdViolations(id)).toEqual([{ field: 'request_id', description: expect.stringContaining('reserved') }]);
    }
  });

  it('lets platform services pass derived ids on', () => {
    expect(requestIdViolations(derivedRequestId('postal-pickup', 'p1'), true)).toEqual([]);
  });

  it('bounds the length and the characters of client ids', () => {
    expect(requestIdViolations('')).toEqual([{ field: 'request_id', description: expect.stringContaining('required') }]);
    expect(requestIdViolations('a'.repeat(129))[0].field).toBe('request_id');
    expect(requestIdViolations('a b')[0].field).toBe('request_id');
    expect(requestIdViolations('é')[0].field).toBe('request_id');
    expect(requestIdViolations('client-1:retry.2_x')).toEqual([]);
  });

  it('backs off within a growing, capped ceiling', () => {
    const policy = { maxAttempts: 8, baseDelayMs: 10, maxDelayMs: 50 };
    expect([1, 2, 3, 4].map((a) => backoffDelay(policy, a, () => 0.999))).toEqual([9, 19, 39, 49]);
    expect(backoffDelay(policy, 3, () => 0)).toBe(0);
  });
});
