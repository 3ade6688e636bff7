// Checks of incoming requests; every problem becomes a field violation (INVALID_ARGUMENT).
import { InvalidArgumentError, type FieldViolation } from '@onestop/grpc-kit';
import { reporting as pb } from '@onestop/contracts';
import type { Grouping, UnitView } from '../../domain/official-report';
import { parsePeriod, type Period } from '../../domain/period';
import type { ExportFormat } from '../export/export-report';
import { GROUPINGS_BY_ENUM } from './to-proto';

export const DEFAULT_LIMIT = 500;
export const MAX_LIMIT = 5000;

/** Collects violations and throws them together. */
export class Violations {
  private readonly list: FieldViolation[] = [];

  add(field: string, description: string): void {
    this.list.push({ field, description });
  }

  throwIfAny(): void {
    if (this.list.length > 0) throw new InvalidArgumentError(this.list);
  }
}

export function periodOf(p: pb.ReportPeriod | undefined, v: Violations): Period | null {
  if (!p) {
    v.add('period', 'is required (from_date and to_date, YYYY-MM-DD)');
    return null;
  }
  const parsed = parsePeriod(p.fromDate, p.toDate);
  if (!Array.isArray(parsed)) return parsed;
  for (const e of parsed) v.add(e.field === 'from' ? 'period.from_date' : 'period.to_date', e.description);
  return null;
}

/** The grouping; unspecified means by field (the form's default). */
export function groupingOf(g: pb.ReportGrouping, v: Violations): Grouping {
  if (g === pb.ReportGrouping.REPORT_GROUPING_UNSPECIFIED) return 'field';
  const grouping = GROUPINGS_BY_ENUM[g];
  if (!grouping) v.add('grouping', `unknown grouping ${g}`);
  return grouping ?? 'field';
}

export function formatOf(f: pb.ExportFormat, v: Violations): ExportFormat {
  if (f === pb.ExportFormat.EXPORT_FORMAT_CSV) return 'csv';
  if (f === pb.ExportFormat.EXPORT_FORMAT_XLSX) return 'xlsx';
  v.add('format', 'must be EXPORT_FORMAT_CSV or EXPORT_FORMAT_XLSX');
  return 'csv';
}

export function limitOf(limit: number, v: Violations): number {
  if (limit === 0) return DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_LIMIT)
    v.add('limit', `must be between 1 and ${MAX_LIMIT} (0 = ${DEFAULT_LIMIT})`);
  return limit;
}

export function scopeOf(r: { unitCode: string; agencyCode: string }, v: Violations): { unitCode?: string; agencyCode?: string } {
  if (!r.unitCode && !r.agencyCode) v.add('unit_code', 'unit_code or agency_code is required');
  return { ...(r.unitCode ? { unitCode: r.unitCode } : {}), ...(r.agencyCode ? { agencyCode: r.agencyCode } : {}) };
}

export function asOfOf(asOf: Date | undefined, now: Date, v: Violations, field = 'as_of'): Date | undefined {
  if (asOf && asOf.getTime() > now.getTime()) v.add(field, 'must not be in the future');
  return asOf;
}

/** Which unit a dossier counts under; unspecified means as it was at the time. */
export function unitViewOf(u: pb.UnitView | undefined, v: Violations): UnitView {
  if (u === undefined || u === pb.UnitView.UNIT_VIEW_UNSPECIFIED || u === pb.UnitView.UNIT_VIEW_AT_THE_TIME) return 'at_the_time';
  if (u === pb.UnitView.UNIT_VIEW_ROLLED_UP) return 'rolled_up';
  v.add('unit_view', `unknown unit view ${String(u)}`);
  return 'at_the_time';
}
