import * as path from 'node:path';
import { agencyCarriedScope, agencyCarriesOn } from './agencies';
import { loadAdminMap } from './load';

const map = loadAdminMap(path.resolve(__dirname, '../../../services/intake/data/units.json'));
const carries = (actor: string, held: string, unit: string, at: string) => agencyCarriesOn(map, map.agencies, actor, held, unit, at);

describe("who takes over a dissolved department's cases", () => {
  it('the departments of the commune carrying the dossier’s commune on, from 1 July 2025', () => {
    expect(carries('XMINHTHAI-VHXH', 'TUPHAP', 'XTRUCDAI', '2026-01-06')).toBe(true);
    expect(carries('XMINHTHAI-KT', 'TUPHAP', 'XTRUCDAI', '2026-01-06')).toBe(true);
    expect(carries('XCOLE-VHXH', 'TUPHAP', 'XTRUCDAI', '2026-01-06')).toBe(false);
    expect(carries('XMINHTHAI-VHXH', 'TUPHAP', 'XTRUCDAI', '2025-06-30')).toBe(false);
  });

  it("the province's departments for a dossier of the district desk (carried on by the province's centre)", () => {
    expect(carries('NB-STP', 'TUPHAP', 'TRUCNINH', '2026-01-06')).toBe(true);
    expect(carries('XCOLE-VHXH', 'TUPHAP', 'TRUCNINH', '2026-01-06')).toBe(false);
  });

  it('nobody else while the department exists, and always the department itself', () => {
    expect(carries('XMINHTHAI-VHXH', 'XCOLE-VHXH', 'XCOLE', '2026-01-06')).toBe(false);
    expect(carries('TUPHAP', 'TUPHAP', 'XTRUCDAI', '2020-01-06')).toBe(true);
    // an agency not created yet is not one that ceased to exist
    expect(carries('TUPHAP', 'XCOLE-KT', 'TRUCNINH', '2020-01-06')).toBe(false);
  });
});

describe('the cases a department carries on, as a set (what its work queue lists)', () => {
  it('the dissolved departments, for the dossiers of the units its commune carries on', () => {
    const scope = agencyCarriedScope(map, map.agencies, 'XMINHTHAI-VHXH', '2026-01-06');
    expect(scope.unitCodes).toEqual(['XMINHTHAI', 'XTRUCDAI', 'XTRUCTHAI', 'XTRUCTHANG']);
    expect(scope.agencyCodes).toContain('TUPHAP');
    expect(scope.agencyCodes).not.toContain('XMINHTHAI-VHXH');
  });

  it("the province's department carries on the district desk's dossiers, not a commune's", () => {
    const scope = agencyCarriedScope(map, map.agencies, 'NB-STP', '2026-01-06');
    expect(scope.unitCodes).toContain('TRUCNINH');
    expect(scope.unitCodes).not.toContain('XTRUCDAI');
  });

  it('nothing before the merger, or for an unknown department', () => {
    expect(agencyCarriedScope(map, map.agencies, 'XMINHTHAI-VHXH', '2025-06-30')).toEqual({ agencyCodes: [], unitCodes: [] });
    expect(agencyCarriedScope(map, map.agencies, 'TUPHAP', '2020-01-06')).toEqual({ agencyCodes: [], unitCodes: [] });
    expect(agencyCarriedScope(map, map.agencies, 'NOSUCH', '2026-01-06')).toEqual({ agencyCodes: [], unitCodes: [] });
  });
});
