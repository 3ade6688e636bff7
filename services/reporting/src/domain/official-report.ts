// Biểu II.06a "Tình hình, kết quả giải quyết TTHC" — the official statistics report: for a
// period, per group (field, agency, unit, level or procedure), the 13 numbered columns plus the
// dossiers closed otherwise and the refusals at reception, shown apart. Pure: fed dossier by
// dossier (so a cursor can stream through it), then built.
import { cutoffOf, placeInPeriod, refusedInPeriod, type ReportDossier } from './classify';
import type { Period } from './period';

export const GROUPINGS = ['field', 'agency', 'unit', 'level', 'procedure'] as const;
export type Grouping = (typeof GROUPINGS)[number];

/**
 * Which unit a dossier counts under when the administrative map changed (1 July 2025): the unit
 * it was received at, as it was then, or the unit that carries it on at the period's last day
 * (a 2020 commune rolls up to the commune it merged into).
 */
export type UnitView = 'at_the_time' | 'rolled_up';

export interface ReportOptions {
  unitView?: UnitView;
  /** The unit carrying `unitCode` on at `day` (YYYY-MM-DD); needed for `rolled_up`. */
  rollUp?: (unitCode: string, day: string) => string;
}

/** Cols 3–13 of Biểu II.06a and the figures shown apart. */
export interface ReportCounts {
  /** col 3: total received (= col 4 + 5 + 6). */
  received: number;
  /** col 4: of which online. */
  online: number;
  /** col 5: of which at the counter or by post. */
  counterOrPostal: number;
  /** col 6: carried over from the previous period. */
  carriedOver: number;
  /** col 7: resolved (= col 8 + 9 + 10). */
  resolved: number;
  early: number;
  onTime: number;
  late: number;
  /** col 11: in progress (= col 12 + 13). */
  inProgress: number;
  withinTime: number;
  overdue: number;
  /** Of col 3, ended in the period without a result: col 3 = col 7 + col 11 + closedOtherwise. */
  closedOtherwise: number;
  withdrawn: number;
  stopped: number;
  /** Refused at reception in the period (Form 03); never received, so not in col 3. */
  refusedAtReception: number;
}

export interface ReportRow extends ReportCounts {
  /** col 1: row number (1-based). */
  no: number;
  key: string;
  /** col 2: field / agency / unit / level / procedure. */
  label: string;
}

export interface OfficialReport {
  period: { from: string; to: string };
  grouping: Grouping;
  unitView: UnitView;
  /** In-progress and overdue are judged at this instant (period end, or earlier "now"). */
  cutoff: Date;
  rows: ReportRow[];
  total: ReportCounts;
}

export function zeroCounts(): ReportCounts {
  return {
    received: 0,
    online: 0,
    counterOrPostal: 0,
    carriedOver: 0,
    resolved: 0,
    early: 0,
    onTime: 0,
    late: 0,
    inProgress: 0,
    withinTime: 0,
    overdue: 0,
    closedOtherwise: 0,
    withdrawn: 0,
    stopped: 0,
    refusedAtReception: 0,
  };
}

const LEVEL_LABELS: Record<string, string> = {
  district: 'Cấp huyện (district)',
  commune: 'Cấp xã (commune)',
  province: 'Cấp tỉnh (province)',
};

/** Lĩnh vực — the national fields of district procedures, by the catalogue's field codes. */
export const FIELD_NAMES: Readonly<Record<string, string>> = {
  TP: 'Tư pháp',
  CT: 'Công Thương',
  LDTBXH: 'Lao động - Thương binh và Xã hội',
  TCKH: 'Tài chính - Kế hoạch',
  VHXH: 'Văn hóa - Xã hội',
  NNPTNT: 'Nông nghiệp và Phát triển nông thôn',
  TNMT: 'Tài nguyên và Môi trường',
  NV: 'Nội vụ',
  GDDT: 'Giáo dục và Đào tạo',
  TT: 'Thanh tra',
};

function groupKey(d: ReportDossier, grouping: Grouping): { key: string; label: string } {
  switch (grouping) {
    case 'field':
      return { key: d.fieldCode, label: FIELD_NAMES[d.fieldCode] ?? d.fieldCode };
    case 'agency':
      return { key: d.agencyCode, label: d.agencyCode };
    case 'unit':
      return { key: d.unitCode, label: d.unitCode };
    case 'level':
      return { key: d.level, label: LEVEL_LABELS[d.level] ?? d.level };
    case 'procedure':
      return { key: d.procedureCode, label: d.procedureName ? `${d.procedureCode} ${d.procedureName}` : d.procedureCode };
  }
}

/** Adds one dossier to the counts it belongs to; false when it is not part of the period. */
export function countDossier(c: ReportCounts, d: ReportDossier, period: Period, cutoff: Date): boolean {
  if (refusedInPeriod(d, period)) {
    c.refusedAtReception++;
    return true;
  }
  const p = placeInPeriod(d, period, cutoff);
  if (!p) return false;
  if (p.entry === 'carried_over') c.carriedOver++;
  else if (p.entry.received === 'online') c.online++;
  else c.counterOrPostal++;
  c.received++;
  if ('resolved' in p.exit) {
    c.resolved++;
    if (p.exit.resolved === 'early') c.early++;
    else if (p.exit.resolved === 'on_time') c.onTime++;
    else c.late++;
  } else if ('closedOtherwise' in p.exit) {
    c.closedOtherwise++;
    if (p.exit.closedOtherwise === 'withdrawn') c.withdrawn++;
    if (p.exit.closedOtherwise === 'stopped') c.stopped++;
  } else {
    c.inProgress++;
    if (p.exit.inProgress === 'overdue') c.overdue++;
    else c.withinTime++;
  }
  return true;
}

/** Accumulates the report over dossiers fed one by one. */
export class OfficialReportBuilder {
  private readonly groups = new Map<string, { label: string; counts: ReportCounts }>();
  private readonly total = zeroCounts();
  private readonly cutoff: Date;
  private readonly unitView: UnitView;

  constructor(
    private readonly period: Period,
    private readonly grouping: Grouping,
    now: Date,
    private readonly options: ReportOptions = {},
  ) {
    this.cutoff = cutoffOf(period, now);
    this.unitView = options.unitView === 'rolled_up' && options.rollUp ? 'rolled_up' : 'at_the_time';
  }

  /** The dossier as it counts: under the unit carrying it on at the period's end, when rolled up. */
  private placed(d: ReportDossier): ReportDossier {
    if (this.unitView !== 'rolled_up' || !this.options.rollUp) return d;
    return { ...d, unitCode: this.options.rollUp(d.unitCode, this.period.to) };
  }

  add(dossier: ReportDossier): void {
    const d = this.placed(dossier);
    const { key, label } = groupKey(d, this.grouping);
    const group = this.groups.get(key) ?? { label, counts: zeroCounts() };
    if (!countDossier(group.counts, d, this.period, this.cutoff)) return;
    countDossier(this.total, d, this.period, this.cutoff);
    this.groups.set(key, group);
  }

  build(): OfficialReport {
    const keys = [...this.groups.keys()].sort((a, b) => a.localeCompare(b));
    const rows = keys.map((key, i) => {
      const g = this.groups.get(key) as { label: string; counts: ReportCounts };
      return { no: i + 1, key, label: g.label || '(unspecified)', ...g.counts };
    });
    return {
      period: { from: this.period.from, to: this.period.to },
      grouping: this.grouping,
      unitView: this.unitView,
      cutoff: this.cutoff,
      rows,
      total: { ...this.total },
    };
  }
}

export function officialReport(
  dossiers: Iterable<ReportDossier>,
  period: Period,
  grouping: Grouping,
  now: Date,
  options: ReportOptions = {},
): OfficialReport {
  const builder = new OfficialReportBuilder(period, grouping, now, options);
  for (const d of dossiers) builder.add(d);
  return builder.build();
}

/** The report's identities; each broken one as a sentence (none on a sound report). */
export function identityViolations(c: ReportCounts): string[] {
  const broken: string[] = [];
  const check = (ok: boolean, text: string) => ok || broken.push(text);
  check(
    c.received === c.online + c.counterOrPostal + c.carriedOver,
    `col 3 (${c.received}) != col 4 + 5 + 6 (${c.online} + ${c.counterOrPostal} + ${c.carriedOver})`,
  );
  check(
    c.received === c.resolved + c.inProgress + c.closedOtherwise,
    `col 3 (${c.received}) != col 7 + col 11 + closed otherwise (${c.resolved} + ${c.inProgress} + ${c.closedOtherwise})`,
  );
  check(c.resolved === c.early + c.onTime + c.late, `col 7 (${c.resolved}) != col 8 + 9 + 10`);
  check(c.inProgress === c.withinTime + c.overdue, `col 11 (${c.inProgress}) != col 12 + 13`);
  return broken;
}
