import { dossierReadDenial } from './dossier-access';

const caller = (role: string, unitCode: string) => ({ officerId: `${role}-1`, role, unitCode });

describe('who may read one dossier in reporting (the same rule as intake)', () => {
  it.each([
    ['desk_officer', 'TTCOLE', false],
    ['desk_officer', 'XTRUCCHINH', true],
    ['desk_officer', '', false],
    ['citizen_portal', 'PORTAL', false],
    ['postal_provider', 'VNPOST', false],
    ['specialist', 'TNMT', true],
    ['leader', 'TCKH', true],
    ['auditor', 'UBND', true],
    ['it_admin', 'IT', true],
    ['service', '', true],
  ])('%s of %p reads an XTRUCCHINH dossier: %p', (role, unit, allowed) => {
    expect(dossierReadDenial(caller(role, unit), 'XTRUCCHINH') === null).toBe(allowed);
  });
});
