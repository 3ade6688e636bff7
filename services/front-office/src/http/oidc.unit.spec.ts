import { staffFromClaims } from './oidc';

const claims = { roleClaim: 'onestop_role', unitClaim: 'onestop_unit' };

describe('an officer from the OpenID provider’s claims', () => {
  it('takes the name, role and unit the provider vouches for', () => {
    expect(
      staffFromClaims(
        { sub: 'abc', preferred_username: 'motcua02', name: 'Đỗ Thị Lan', onestop_role: 'desk_officer', onestop_unit: 'TRUCNINH' },
        claims,
      ),
    ).toEqual({ username: 'motcua02', displayName: 'Đỗ Thị Lan', role: 'desk_officer', unitCode: 'TRUCNINH' });
    expect(staffFromClaims({ sub: 'abc', onestop_role: 'leader', onestop_unit: 'TCKH' }, claims)).toMatchObject({
      username: 'abc',
      displayName: 'abc',
    });
  });

  it('refuses an account without a known role or a unit, saying which claim is missing', () => {
    expect(staffFromClaims({ sub: 'x', onestop_role: 'citizen_portal', onestop_unit: 'TRUCNINH' }, claims)).toMatch(/onestop_role/);
    expect(staffFromClaims({ sub: 'x', onestop_role: 'leader' }, claims)).toMatch(/onestop_unit/);
    expect(staffFromClaims({ onestop_role: 'leader', onestop_unit: 'TCKH' }, claims)).toMatch(/tên đăng nhập/);
  });
});
