// Where a receipt is decided (routingAt), on the shipped map and catalogue: a boundary-free
// procedure decided by the province is routed from a commune centre to the province's centre
// (since catalogue-2025.2 no shipped procedure is both, so a copy of TP-HT-02 with the province rule
// of catalogue-2025.1 stands in), and TP-HT-02 itself is decided where it is filed.
import { shippedJson } from '../testing/fixtures.spec';
import { parseCatalogue, parseUnits } from './catalogue';
import { routingAt } from './routing';

const units = parseUnits(shippedJson('units.json'));
const catalogue = parseCatalogue(shippedJson('catalogue.json'), new Set(units.agencies.keys()));
const tpht02 = catalogue.procedures.get('TP-HT-02')!;
const coLe = units.units.get('XCOLE')!;
const routed = (r: ReturnType<typeof routingAt>) => {
  if (!('routing' in r)) throw new Error(`expected a routing, got ${JSON.stringify(r)}`);
  return [r.routing.level, r.routing.competentUnit.code, r.routing.agencyCode];
};

it('TP-HT-02 filed at Cổ Lễ in 2026 is decided by Cổ Lễ (Decree 120/2025/NĐ-CP Art. 4), or by the commune the citizen names', () => {
  expect(routed(routingAt(tpht02, coLe, units, '2026-01-07'))).toEqual(['commune', 'XCOLE', 'XCOLE-VHXH']);
  expect(routed(routingAt(tpht02, coLe, units, '2026-01-07', 'XMINHTHAI'))).toEqual(['commune', 'XMINHTHAI', 'XMINHTHAI-VHXH']);
});

it('TP-HT-02 received at the district desk in 2020 is decided by the district (its 2020 entry)', () => {
  expect(routed(routingAt(tpht02, units.units.get('TRUCNINH')!, units, '2020-10-05'))).toEqual(['district', 'TRUCNINH', 'TUPHAP']);
});

it('a boundary-free province procedure filed at a commune centre goes to the province centre', () => {
  const provincial = {
    ...tpht02,
    periods: [{ ...tpht02.periods![0], level: 'province' as const, agencyCode: 'NB-STP', competentUnit: 'NINHBINHHCC' }],
  };
  expect(routed(routingAt(provincial, coLe, units, '2026-01-07'))).toEqual(['province', 'NINHBINHHCC', 'NB-STP']);
  expect(routingAt(provincial, coLe, units, '2026-01-07', 'XMINHTHAI')).toMatchObject({ invalid: { field: 'competent_unit_code' } });
});
