import { intakeRequestId } from '../../application/intake-facts';
import { timerRequestId } from '../../application/deadline-timers';
import { dossierIdViolations, requestIdViolations } from './requests';

describe('request ids', () => {
  it.each(['assign-1', 'c5d1f0e2.retry:2', 'a'.repeat(128)])('accepts %s', (id) => {
    expect(requestIdViolations(id)).toEqual([]);
  });

  it('requires one, of at most 128 safe characters', () => {
    expect(requestIdViolations('')).toEqual([
      { field: 'request_id', description: 'is required (a client-chosen id that makes retries safe)' },
    ]);
    expect(requestIdViolations('a b')[0].field).toBe('request_id');
    expect(requestIdViolations('a'.repeat(129))[0].field).toBe('request_id');
  });

  it('refuses the ids processing derives for intake events and deadline timers (a client must not pre-empt them)', () => {
    expect(requestIdViolations(intakeRequestId('5b0c1f9e'))).toEqual([
      { field: 'request_id', description: expect.stringContaining('reserved') },
    ]);
    expect(
      requestIdViolations(timerRequestId('5b0c1f9e-3c55-4a8e-9a57-3c1bb1f0b001:dossier_overdue:2020-10-08T01:00:00.000Z'))[0].description,
    ).toMatch(/reserved/);
  });
});

describe('dossier ids', () => {
  it('must be the UUID intake gave the dossier', () => {
    expect(dossierIdViolations('5b0c1f9e-3c55-4a8e-9a57-3c1bb1f0b001')).toEqual([]);
    expect(dossierIdViolations('')).toEqual([{ field: 'dossier_id', description: 'is required' }]);
    expect(dossierIdViolations('TRUCNINH-201005-0001')).toEqual([{ field: 'dossier_id', description: 'must be a dossier id (UUID)' }]);
  });
});
