// Access after the map changed (1 July 2025): a desk officer of a commune formed then lists and
// reads the open dossiers of the units it carries on (its predecessors), and no others.
import * as path from 'node:path';
import { carriesOn, loadAdminMap } from '@onestop/admin-map';
import { dossierReadDenial } from '../adapters/grpc/dossier-access';
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

  it("reads a predecessor's dossier, and not another commune's", () => {
    expect(dossierReadDenial(desk('XMINHTHAI'), 'XTRUCTHANG', in2026)).toBeNull();
    expect(dossierReadDenial(desk('XMINHTHAI'), 'TTCOLE', in2026)).toMatch(/may not read/);
    expect(dossierReadDenial(desk('XTRUCDAI'), 'XMINHTHAI', in2026)).toMatch(/may not read/);
  });
});
