// Số hóa rate (Circular 01/2023/TT-VPCP) of the dossiers received in a period, per unit and field:
// components digitised at the desk (scanned or reused from an earlier copy) out of those received,
// and results digitised out of those issued. Pure; fed dossier by dossier, like the statistics.
import type { DossierView } from './dossier-view';
import type { Period } from './period';

export type DigitisationDossier = Pick<
  DossierView,
  'unitCode' | 'fieldCode' | 'receivedAt' | 'componentsReceived' | 'componentsScanned' | 'componentsReused' | 'resultDigitised'
> & { resultReadyAt?: Date | null };

export interface DigitisationRate {
  unitCode: string;
  fieldCode: string;
  dossiers: number;
  componentsReceived: number;
  componentsDigitised: number;
  componentsReused: number;
  /** (digitised + reused) / received, 0..1; 0 when nothing was received. */
  componentRate: number;
  resultsIssued: number;
  resultsDigitised: number;
  /** resultsDigitised / resultsIssued, 0..1; 0 when no result was issued. */
  resultRate: number;
}

type Row = Omit<DigitisationRate, 'componentRate' | 'resultRate'>;

export class DigitisationBuilder {
  private readonly rows = new Map<string, Row>();

  constructor(
    private readonly period: Period,
    private readonly cutoff: Date,
  ) {}

  add(d: DigitisationDossier): void {
    const at = d.receivedAt;
    if (!at || at.getTime() < this.period.start.getTime() || at.getTime() >= this.period.end.getTime() || at > this.cutoff) return;
    const key = `${d.unitCode}\u0000${d.fieldCode}`;
    const row = this.rows.get(key) ?? {
      unitCode: d.unitCode,
      fieldCode: d.fieldCode,
      dossiers: 0,
      componentsReceived: 0,
      componentsDigitised: 0,
      componentsReused: 0,
      resultsIssued: 0,
      resultsDigitised: 0,
    };
    const scanned = d.componentsScanned?.length ?? 0;
    const reused = d.componentsReused?.length ?? 0;
    row.dossiers++;
    // A component digitised counts as received even when the receipt predates the count.
    row.componentsReceived += Math.max(d.componentsReceived ?? 0, scanned + reused);
    row.componentsDigitised += scanned;
    row.componentsReused += reused;
    if (d.resultReadyAt) row.resultsIssued++;
    if (d.resultReadyAt && d.resultDigitised) row.resultsDigitised++;
    this.rows.set(key, row);
  }

  build(): DigitisationRate[] {
    return [...this.rows.values()]
      .sort((a, b) => a.unitCode.localeCompare(b.unitCode) || a.fieldCode.localeCompare(b.fieldCode))
      .map((r) => ({
        ...r,
        componentRate: r.componentsReceived === 0 ? 0 : (r.componentsDigitised + r.componentsReused) / r.componentsReceived,
        resultRate: r.resultsIssued === 0 ? 0 : r.resultsDigitised / r.resultsIssued,
      }));
  }
}
