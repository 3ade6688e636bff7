// Read use cases over the live projection: dossier views, the citizen's lookup, work queues, the
// register (Form 06), Biểu II.06a and the period statistics — live, or as known at a past instant
// (re-folding only the events recorded up to it).
import { timingSafeEqual } from 'node:crypto';
import { applicantIdHash } from '../domain/applicant-id';
import { citizenView, type CitizenView } from '../domain/citizen-view';
import { registerRows, type RegisterRow } from '../domain/dossier-register';
import type { DossierView } from '../domain/dossier-view';
import { OfficialReportBuilder, type Grouping, type OfficialReport, type UnitView } from '../domain/official-report';
import type { Period } from '../domain/period';
import { StatisticsBuilder, type PeriodStatistics, type WorkingHoursBetween } from '../domain/statistics';
import { foldEvents } from './dossier-projector';
import type { ProjectionStore, ViewFilter } from './ports';

/** Whose dossiers: a unit, or any of several (a successor desk's), and/or an agency with the cases it carries on. */
export type Scope = Pick<ViewFilter, 'unitCode' | 'unitCodes' | 'agencyCode' | 'carried'>;

export interface ReportingQueriesDeps {
  /** The live projection's store (it changes when a replay switches versions). */
  store: () => ProjectionStore;
  workingHours: WorkingHoursBetween;
  clock: () => Date;
  /** The unit carrying a unit on at a day (the administrative map); without it reports never roll up. */
  rollUp?: (unitCode: string, day: string) => string;
}

export class ReportingQueries {
  constructor(private readonly deps: ReportingQueriesDeps) {}

  /** A dossier by id or code, live or as known at `asOf`. */
  async dossier(key: { dossierId?: string; dossierCode?: string }, asOf?: Date): Promise<DossierView | null> {
    const store = this.deps.store();
    const live = key.dossierId ? await store.getView(key.dossierId) : await store.findViewByCode(key.dossierCode ?? '');
    if (!live || !asOf) return live;
    return foldEvents(live.dossierId, await store.eventsOfDossier(live.dossierId, asOf));
  }

  /** The citizen's lookup; null unless the code exists and the ID number is the applicant's. */
  async lookup(dossierCode: string, idNumber: string): Promise<CitizenView | null> {
    const view = await this.deps.store().findViewByCode(dossierCode);
    if (!view || !view.applicantIdHash) return null;
    const given = Buffer.from(applicantIdHash(view.dossierId, idNumber), 'hex');
    const kept = Buffer.from(view.applicantIdHash, 'hex');
    if (given.length !== kept.length || !timingSafeEqual(given, kept)) return null;
    return citizenView(view);
  }

  /** Open dossiers of a unit (or several, in one query) or agency, soonest appointed time first. */
  async workQueue(scope: Scope, limit = 500): Promise<DossierView[]> {
    return collect(this.deps.store().views({ ...scope, open: true }, 'dueAt', limit));
  }

  /** Open dossiers of a unit or agency whose appointed time has passed. */
  async overdue(scope: Scope, limit = 500): Promise<DossierView[]> {
    return collect(this.deps.store().views({ ...scope, dueBefore: this.deps.clock() }, 'dueAt', limit));
  }

  /** The dossier register (Form 06) of a unit for a period. */
  async register(scope: Scope, period: Period): Promise<RegisterRow[]> {
    const views = await collect(this.deps.store().views({ ...scope, receivedFrom: period.start, receivedTo: period.end }, 'receivedAt'));
    return registerRows(views);
  }

  async officialReport(period: Period, grouping: Grouping, asOf?: Date, unitView: UnitView = 'at_the_time'): Promise<OfficialReport> {
    const builder = new OfficialReportBuilder(period, grouping, asOf ?? this.deps.clock(), { unitView, rollUp: this.deps.rollUp });
    await this.eachDossier(period, asOf, (v) => builder.add(v));
    return builder.build();
  }

  async statistics(period: Period, asOf?: Date): Promise<PeriodStatistics> {
    const builder = new StatisticsBuilder(period, asOf ?? this.deps.clock(), this.deps.workingHours);
    await this.eachDossier(period, asOf, (v) => builder.add(v));
    return builder.build();
  }

  /** Both at once over one pass (exports carry the statistics under the form). */
  async reportWithStatistics(
    period: Period,
    grouping: Grouping,
    asOf?: Date,
    unitView: UnitView = 'at_the_time',
  ): Promise<{ report: OfficialReport; statistics: PeriodStatistics }> {
    const now = asOf ?? this.deps.clock();
    const report = new OfficialReportBuilder(period, grouping, now, { unitView, rollUp: this.deps.rollUp });
    const statistics = new StatisticsBuilder(period, now, this.deps.workingHours);
    await this.eachDossier(period, asOf, (v) => {
      report.add(v);
      statistics.add(v);
    });
    return { report: report.build(), statistics: statistics.build() };
  }

  /**
   * Every dossier that may count in the period: from the live views, or — as of a past instant —
   * re-folded from the events recorded up to it.
   */
  private async eachDossier(period: Period, asOf: Date | undefined, visit: (v: DossierView) => void): Promise<void> {
    const store = this.deps.store();
    if (!asOf) {
      for await (const view of store.views({ relevantSince: period.start })) visit(view);
      return;
    }
    for await (const events of store.eventsByDossierUpTo(asOf)) {
      const view = foldEvents(events[0].dossierId as string, events);
      if (view) visit(view);
    }
  }
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
