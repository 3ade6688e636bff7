// Access after the map changed (1 July 2025): a desk officer of a commune formed then lists and
// reads the open dossiers of the units it carries on (its predecessors), and no others.
import * as path from 'node:path';
import { carriesOn, loadAdminMap } from '@onestop/admin-map';
import { dossierReadDenial } from '../adapters/grpc/dossier-access';
import { successionOn } from '../adapters/grpc/succession';
import { workQueueScope } from './work-queue-access';

const map = loadAdminMap(path.resolve(__dirname, '../../../intake/data/units.json'));
const in2026 = (own: string, unit: string) => carriesOn(map, own, unit, '2026-02-02');
const desk = (unitCode: string) => ({ officerId: 'd1', role: 'desk_officer', unitCode });

describe("a successor commune's desk", () => {
  it("lists a predecessor's open dossiers by naming it, and not another commune's", () => {
    expect(workQueueScope(desk('XMINHTHAI'), { unitCode: 'XTRUCDAI' }, 'TRUCNINH', in2026)).toEqual({ scope: { unitCode: 'XTRUCDAI' } });
    expect(workQueueScope(desk('XMINHTHAI'), { unitCode: 'XTRUCTUAN' }, 'TRUCNINH', in2026)).toHaveProperty('denied');
    expect(workQueueScope(desk('XMINHTHAI'), { unitCode: 'XTRUCDAI' }, 'TRUCNINH')).toHaveProperty('denied');
  });

  it("lists its own and its predecessors' open dossiers when it names no unit, in one scope", () => {
    const succession = successionOn(map, () => new Date('2026-03-02T02:00:00Z'));
    const minhThai = workQueueScope(desk('XMINHTHAI'), {}, 'TRUCNINH', succession.carriesOn, succession);
    expect(minhThai).toEqual({ scope: { unitCodes: ['XMINHTHAI', 'XTRUCDAI', 'XTRUCTHAI', 'XTRUCTHANG'] } });
    const coLe = workQueueScope(desk('XCOLE'), {}, 'TRUCNINH', succession.carriesOn, succession);
    expect(coLe).toHaveProperty('scope.unitCodes', expect.arrayContaining(['XCOLE']));
    expect(coLe).not.toHaveProperty('scope.unitCodes', expect.arrayContaining(['XTRUCDAI']));
    // a unit named explicitly is listed alone; an agency narrows within the default units
    expect(workQueueScope(desk('XMINHTHAI'), { unitCode: 'XTRUCDAI' }, 'TRUCNINH', succession.carriesOn, succession)).toEqual({
      scope: { unitCode: 'XTRUCDAI' },
    });
    expect(workQueueScope(desk('XMINHTHAI'), { agencyCode: 'TUPHAP' }, 'TRUCNINH', succession.carriesOn, succession)).toEqual({
      scope: { unitCodes: ['XMINHTHAI', 'XTRUCDAI', 'XTRUCTHAI', 'XTRUCTHANG'], agencyCode: 'TUPHAP' },
    });
  });

  it("gives its offices the dissolved district departments' cases of its predecessors by default", () => {
    const succession = successionOn(map, () => new Date('2026-03-02T02:00:00Z'));
    const office = { officerId: 'l1', role: 'leader', unitCode: 'XMINHTHAI-VHXH' };
    const scope = workQueueScope(office, {}, 'TRUCNINH', succession.carriesOn, succession);
    expect(scope).toMatchObject({
      scope: {
        agencyCode: 'XMINHTHAI-VHXH',
        carried: { agencyCodes: expect.arrayContaining(['TUPHAP']), unitCodes: expect.arrayContaining(['XTRUCDAI']) },
      },
    });
    expect(scope).not.toHaveProperty('scope.carried.unitCodes', expect.arrayContaining(['TTCOLE']));
    // naming the agency keeps it to the agency's own cases
    expect(
      workQueueScope({ ...office, role: 'specialist' }, { agencyCode: 'XMINHTHAI-VHXH' }, 'TRUCNINH', succession.carriesOn, succession),
    ).toEqual({
      scope: { agencyCode: 'XMINHTHAI-VHXH' },
    });
    // the commune's own leader: the commune's and its predecessors' dossiers, as its desk
    expect(workQueueScope({ ...office, unitCode: 'XMINHTHAI' }, {}, 'TRUCNINH', succession.carriesOn, succession)).toEqual({
      scope: { unitCodes: ['XMINHTHAI', 'XTRUCDAI', 'XTRUCTHAI', 'XTRUCTHANG'] },
    });
    // in 2020 nothing is carried on
    const in2020 = successionOn(map, () => new Date('2020-10-05T02:00:00Z'));
    expect(workQueueScope(desk('XTRUCDAI'), {}, 'TRUCNINH', in2020.carriesOn, in2020)).toEqual({ scope: { unitCode: 'XTRUCDAI' } });
  });

  it("reads a predecessor's dossier, and not another commune's", () => {
    expect(dossierReadDenial(desk('XMINHTHAI'), 'XTRUCTHANG', in2026)).toBeNull();
    expect(dossierReadDenial(desk('XMINHTHAI'), 'TTCOLE', in2026)).toMatch(/may not read/);
    expect(dossierReadDenial(desk('XTRUCDAI'), 'XMINHTHAI', in2026)).toMatch(/may not read/);
  });
});
