// Đối soát — reconciling the money the post took with what it handed over to the desk: the fees a
// postal worker collects with a dossier (vs the procedure's fees due at receipt, and vs what the
// hand-over record shows), and the cash collected on delivery of a result (vs what was to be
// collected, and vs what was remitted to the desk).
import { postalEvents } from '@onestop/contracts';

export interface MoneyFacts {
  shipmentId: string;
  leg: postalEvents.Leg;
  orderNumber: string;
  waybillNumber: string;
  dossierCode: string;
  collectedAt: Date;
  expectedVnd: number;
  collectedVnd: number;
  /** undefined: not handed over yet. */
  handedOverVnd: number | undefined;
  receiptNumber: string;
}

export interface ReconciliationLine extends Omit<MoneyFacts, 'handedOverVnd'> {
  handedOverVnd: number;
  problems: string[];
}

export interface Totals {
  expectedVnd: number;
  collectedVnd: number;
  handedOverVnd: number;
}

export interface Reconciliation {
  lines: ReconciliationLine[];
  mismatches: ReconciliationLine[];
  dossierFees: Totals;
  cashOnDelivery: Totals;
}

export function problemsOf(f: MoneyFacts): string[] {
  const dossier = f.leg === postalEvents.Leg.LEG_DOSSIER;
  const problems: string[] = [];
  if (f.collectedVnd !== f.expectedVnd) {
    problems.push(
      dossier
        ? `collected ${f.collectedVnd} đồng but the procedure's fees due at receipt are ${f.expectedVnd} đồng`
        : `collected ${f.collectedVnd} đồng on delivery but ${f.expectedVnd} đồng was to be collected`,
    );
  }
  if (f.handedOverVnd === undefined) {
    if (f.collectedVnd > 0)
      problems.push(dossier ? 'the fees are not yet handed over to the desk' : 'the cash on delivery is not yet handed over to the desk');
  } else if (f.handedOverVnd !== f.collectedVnd) {
    problems.push(`handed over ${f.handedOverVnd} đồng of the ${f.collectedVnd} đồng collected`);
  }
  return problems;
}

export function reconcile(facts: readonly MoneyFacts[]): Reconciliation {
  const lines = [...facts]
    .sort((a, b) => a.collectedAt.getTime() - b.collectedAt.getTime() || a.shipmentId.localeCompare(b.shipmentId))
    .map((f) => ({ ...f, handedOverVnd: f.handedOverVnd ?? 0, problems: problemsOf(f) }));
  const totals = (leg: postalEvents.Leg): Totals =>
    lines
      .filter((l) => l.leg === leg)
      .reduce(
        (t, l) => ({
          expectedVnd: t.expectedVnd + l.expectedVnd,
          collectedVnd: t.collectedVnd + l.collectedVnd,
          handedOverVnd: t.handedOverVnd + l.handedOverVnd,
        }),
        {
          expectedVnd: 0,
          collectedVnd: 0,
          handedOverVnd: 0,
        },
      );
  return {
    lines,
    mismatches: lines.filter((l) => l.problems.length > 0),
    dossierFees: totals(postalEvents.Leg.LEG_DOSSIER),
    cashOnDelivery: totals(postalEvents.Leg.LEG_RESULT),
  };
}
