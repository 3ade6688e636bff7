import { workQueueScope, type Caller } from './work-queue-access';

const DISTRICT = 'TRUCNINH';
const caller = (role: string, unitCode: string): Caller => ({ officerId: `${role}-1`, role, unitCode });
const scope = (c: Caller, unitCode = '', agencyCode = '') => workQueueScope(c, { unitCode, agencyCode }, DISTRICT);

describe('whose work queue a caller may list', () => {
  it('keeps a desk officer to their own unit, narrowing by agency within it', () => {
    const desk = caller('desk_officer', 'XTRUCCHINH');
    expect(scope(desk)).toEqual({ scope: { unitCode: 'XTRUCCHINH', agencyCode: undefined } });
    expect(scope(desk, 'XTRUCCHINH', 'TCKH')).toEqual({ scope: { unitCode: 'XTRUCCHINH', agencyCode: 'TCKH' } });
    expect(scope(desk, '', 'TCKH')).toEqual({ scope: { unitCode: 'XTRUCCHINH', agencyCode: 'TCKH' } });
    expect(scope(desk, 'TRUCNINH')).toEqual({
      denied: 'a desk officer of XTRUCCHINH lists the dossiers of unit XTRUCCHINH only, not of TRUCNINH',
    });
  });

  it('keeps an agency officer to their own agency, narrowing by unit within it', () => {
    const specialist = caller('specialist', 'TCKH');
    expect(scope(specialist)).toEqual({ scope: { unitCode: undefined, agencyCode: 'TCKH' } });
    expect(scope(specialist, 'XTRUCCHINH')).toEqual({ scope: { unitCode: 'XTRUCCHINH', agencyCode: 'TCKH' } });
    expect(scope(specialist, '', 'TNMT')).toMatchObject({
      denied: expect.stringContaining('agency TCKH lists the dossiers of TCKH only, not of TNMT'),
    });
  });

  it("lets an agency's or a commune's leader list their own, and the district's leaders any", () => {
    expect(scope(caller('leader', 'TCKH'))).toEqual({ scope: { agencyCode: 'TCKH' } });
    expect(scope(caller('leader', 'XTRUCCHINH'), 'XTRUCCHINH')).toEqual({ scope: { unitCode: 'XTRUCCHINH', agencyCode: undefined } });
    expect(scope(caller('leader', 'TCKH'), 'XTRUCCHINH')).toMatchObject({ denied: expect.stringContaining('leader of TCKH') });
    expect(scope(caller('leader', 'TCKH'), '', 'TNMT')).toMatchObject({ denied: expect.stringContaining('not of TNMT') });
    expect(scope(caller('leader', DISTRICT), 'XTRUCCHINH')).toEqual({ scope: { unitCode: 'XTRUCCHINH', agencyCode: undefined } });
    expect(scope(caller('leader', DISTRICT))).toEqual({ missing: true });
  });

  it('lets oversight list any unit or agency, once one is named', () => {
    for (const role of ['auditor', 'it_admin', 'service']) {
      expect(scope(caller(role, 'UBND'), '', 'TNMT')).toEqual({ scope: { unitCode: undefined, agencyCode: 'TNMT' } });
      expect(scope(caller(role, 'UBND'))).toEqual({ missing: true });
    }
  });

  it('refuses other roles and a token without a unit', () => {
    expect(scope(caller('postal_provider', 'VNPOST'), 'TRUCNINH')).toEqual({ denied: 'role postal_provider has no work queue' });
    expect(scope(caller('desk_officer', ''), 'TRUCNINH')).toEqual({ denied: 'officer desk_officer-1 has no unit in their token' });
    expect(workQueueScope(caller('leader', ''), { unitCode: 'TRUCNINH' }, '')).toEqual({
      denied: 'officer leader-1 has no unit in their token',
    });
  });
});
