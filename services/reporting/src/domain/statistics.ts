// The other figures users ask for beside Biểu II.06a, for the same period and cut-off:
// share by channel (postal apart from counter), on-time rate, average processing time per
// procedure, apologies (Form 04), dossiers with more than one supplement request, satisfaction by
// criterion. Pure; fed dossier by dossier.
import type { Channel } from './facts';
import type { DossierView } from './dossier-view';
import { cutoffOf, placeInPeriod, type ReportDossier } from './classify';
import { type DigitisationDossier, DigitisationBuilder, type DigitisationRate } from './digitisation';
import type { Period } from './period';

export type StatisticsDossier = ReportDossier &
  Pick<DossierView, 'clockStartedAt' | 'waitedWorkingHours' | 'supplementRequests' | 'apologies' | 'satisfaction'> &
  DigitisationDossier;

/** Working hours between two instants on the working-day calendar; null when it cannot tell. */
export type WorkingHoursBetween = (from: Date, to: Date) => number | null;

export interface ChannelShare {
  channel: Channel;
  received: number;
  /** Share of the dossiers received in the period, 0..1 (0 when none were received). */
  share: number;
}

export interface ProcedureTime {
  procedureCode: string;
  procedureName: string;
  resolved: number;
  /**
   * Average working hours from the clock start to the end of processing, citizen's waiting
   * excluded (over the resolved dossiers whose dates the calendar covers).
   */
  averageWorkingHours: number;
}

export interface CriterionSatisfaction {
  criterion: string;
  evaluations: number;
  averageScore: number;
  /** Count of scores 1..5 (index 0 = score 1). */
  distribution: number[];
}

export interface PeriodStatistics {
  receivedInPeriod: number;
  channels: ChannelShare[];
  resolved: number;
  /** (early + on time) / resolved, 0..1; null when nothing was resolved. */
  onTimeRate: number | null;
  processingTime: ProcedureTime[];
  /** Apologies (Form 04) issued in the period, and the dossiers they concern. */
  apologies: number;
  dossiersApologised: number;
  /** Dossiers of the period (col 3) with more than one supplement request by its end. */
  moreThanOneSupplementRequest: number;
  satisfaction: CriterionSatisfaction[];
  /** Số hóa of the dossiers received in the period, per unit and field. */
  digitisation: DigitisationRate[];
}

const inPeriod = (t: Date, p: Period) => t.getTime() >= p.start.getTime() && t.getTime() < p.end.getTime();

export class StatisticsBuilder {
  private readonly channels: Record<Channel, number> = { counter: 0, online: 0, postal: 0 };
  private resolved = 0;
  private onTimeOrEarly = 0;
  private readonly times = new Map<string, { name: string; count: number; hours: number }>();
  private apologies = 0;
  private dossiersApologised = 0;
  private multiSupplement = 0;
  private readonly criteria = new Map<string, number[]>();
  private readonly cutoff: Date;

  constructor(
    private readonly period: Period,
    now: Date,
    private readonly workingHours: WorkingHoursBetween,
  ) {
    this.cutoff = cutoffOf(period, now);
    this.digitisation = new DigitisationBuilder(period, this.cutoff);
  }

  private readonly digitisation: DigitisationBuilder;

  add(d: StatisticsDossier): void {
    this.countApologiesAndEvaluations(d);
    this.digitisation.add(d);
    const p = placeInPeriod(d, this.period, this.cutoff);
    if (!p) return;
    if (p.entry !== 'carried_over') this.channels[p.entry.received]++;
    if (d.supplementRequests.filter((t) => t.getTime() < this.period.end.getTime()).length > 1) this.multiSupplement++;
    if (!('resolved' in p.exit)) return;
    this.resolved++;
    if (p.exit.resolved !== 'late') this.onTimeOrEarly++;
    this.addProcessingTime(d);
  }

  private countApologiesAndEvaluations(d: StatisticsDossier): void {
    const apologies = d.apologies.filter((a) => inPeriod(a.at, this.period)).length;
    this.apologies += apologies;
    if (apologies > 0) this.dossiersApologised++;
    for (const evaluation of d.satisfaction) {
      if (!inPeriod(evaluation.at, this.period)) continue;
      for (const { criterion, score } of evaluation.scores) {
        const dist = this.criteria.get(criterion) ?? [0, 0, 0, 0, 0];
        if (score >= 1 && score <= 5) dist[Math.round(score) - 1]++;
        this.criteria.set(criterion, dist);
      }
    }
  }

  private addProcessingTime(d: StatisticsDossier): void {
    const start = d.clockStartedAt ?? d.receivedAt;
    if (!start || !d.endedAt) return;
    const between = this.workingHours(start, d.endedAt);
    if (between === null) return;
    const hours = Math.max(0, between - d.waitedWorkingHours);
    const t = this.times.get(d.procedureCode) ?? { name: d.procedureName, count: 0, hours: 0 };
    t.count++;
    t.hours += hours;
    t.name = t.name || d.procedureName;
    this.times.set(d.procedureCode, t);
  }

  build(): PeriodStatistics {
    const received = this.channels.counter + this.channels.online + this.channels.postal;
    const share = (n: number) => (received === 0 ? 0 : n / received);
    return {
      receivedInPeriod: received,
      channels: (['counter', 'online', 'postal'] as const).map((channel) => ({
        channel,
        received: this.channels[channel],
        share: share(this.channels[channel]),
      })),
      resolved: this.resolved,
      onTimeRate: this.resolved === 0 ? null : this.onTimeOrEarly / this.resolved,
      processingTime: [...this.times.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([procedureCode, t]) => ({ procedureCode, procedureName: t.name, resolved: t.count, averageWorkingHours: t.hours / t.count })),
      apologies: this.apologies,
      dossiersApologised: this.dossiersApologised,
      moreThanOneSupplementRequest: this.multiSupplement,
      satisfaction: [...this.criteria.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([criterion, distribution]) => {
          const evaluations = distribution.reduce((s, n) => s + n, 0);
          const sum = distribution.reduce((s, n, i) => s + n * (i + 1), 0);
          return { criterion, evaluations, averageScore: evaluations === 0 ? 0 : sum / evaluations, distribution };
        }),
      digitisation: this.digitisation.build(),
    };
  }
}
