// One export of Biểu II.06a (CSV or XLSX) with its file name, for the gRPC API and the CLI alike.
import type { ReportingQueries } from '../../application/reporting-queries';
import type { Grouping, UnitView } from '../../domain/official-report';
import type { Period } from '../../domain/period';
import { officialReportCsv } from './report-csv';

export type ExportFormat = 'csv' | 'xlsx';

export interface ExportedFile {
  fileName: string;
  contentType: string;
  content: Buffer;
}

export interface ExportRequest {
  period: Period;
  grouping: Grouping;
  format: ExportFormat;
  asOf?: Date;
  /** Default: each dossier under the unit it was received at, as it was then. */
  unitView?: UnitView;
  reportingBody: string;
  generatedAt: Date;
}

export async function exportOfficialReport(queries: ReportingQueries, r: ExportRequest): Promise<ExportedFile> {
  const rolled = r.unitView === 'rolled_up' ? '_rolled-up' : '';
  const base = `bieu-II.06a_${r.period.from}_${r.period.to}_${r.grouping}${rolled}${r.asOf ? `_asof-${r.asOf.toISOString().replace(/[:.]/g, '')}` : ''}`;
  if (r.format === 'csv') {
    const report = await queries.officialReport(r.period, r.grouping, r.asOf, r.unitView);
    return { fileName: `${base}.csv`, contentType: 'text/csv; charset=utf-8', content: Buffer.from(officialReportCsv(report), 'utf8') };
  }
  const { report, statistics } = await queries.reportWithStatistics(r.period, r.grouping, r.asOf, r.unitView);
  // Loaded on first use: exceljs takes about a second to load, which every CLI command (replay
  // included) paid at start when it was imported here.
  const { officialReportXlsx } = await import('./report-xlsx');
  const content = await officialReportXlsx(report, statistics, {
    reportingBody: r.reportingBody,
    generatedAt: r.generatedAt,
    asOf: r.asOf ?? null,
  });
  return { fileName: `${base}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', content };
}
