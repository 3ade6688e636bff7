import { postalEvents } from '@onestop/contracts';
import { reconcile, type MoneyFacts } from './reconciliation';

const { LEG_DOSSIER, LEG_RESULT } = postalEvents.Leg;
const base = { orderNumber: 'o', waybillNumber: 'w', dossierCode: 'c', receiptNumber: 'r' };
const fact = (
  shipmentId: string,
  leg: postalEvents.Leg,
  day: number,
  expected: number,
  collected: number,
  handedOver?: number,
): MoneyFacts => ({
  ...base,
  shipmentId,
  leg,
  collectedAt: new Date(Date.UTC(2024, 2, day)),
  expectedVnd: expected,
  collectedVnd: collected,
  handedOverVnd: handedOver,
});

describe('postal reconciliation', () => {
  it('a line that matches has no problems', () => {
    const r = reconcile([fact('a', LEG_DOSSIER, 1, 50_000, 50_000, 50_000)]);
    expect(r.mismatches).toEqual([]);
    expect(r.dossierFees).toEqual({ expectedVnd: 50_000, collectedVnd: 50_000, handedOverVnd: 50_000 });
  });

  it('lists each discrepancy in words', () => {
    const r = reconcile([
      fact('short', LEG_DOSSIER, 1, 50_000, 40_000, 40_000),
      fact('kept', LEG_DOSSIER, 2, 50_000, 50_000, 30_000),
      fact('pending', LEG_RESULT, 3, 30_000, 30_000),
      fact('nothing', LEG_RESULT, 4, 0, 0),
    ]);
    expect(r.mismatches.map((m) => [m.shipmentId, m.problems])).toEqual([
      ['short', ["collected 40000 đồng but the procedure's fees due at receipt are 50000 đồng"]],
      ['kept', ['handed over 30000 đồng of the 50000 đồng collected']],
      ['pending', ['the cash on delivery is not yet handed over to the desk']],
    ]);
    expect(r.cashOnDelivery).toEqual({ expectedVnd: 30_000, collectedVnd: 30_000, handedOverVnd: 0 });
    expect(r.lines.map((l) => l.shipmentId)).toEqual(['short', 'kept', 'pending', 'nothing']);
  });
});
