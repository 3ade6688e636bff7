// Biểu II.06a as CSV (RFC 4180, UTF-8 with a byte-order mark so spreadsheet programs read the
// Vietnamese letters): one header line, one line per group, the total line.
import type { OfficialReport } from '../../domain/official-report';
import { APART_COLUMNS, FORM_COLUMNS, GROUPING_TITLES, TOTAL_LABEL } from './report-columns';

const BOM = '\uFEFF';

function field(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function line(values: (string | number)[]): string {
  return `${values.map(field).join(',')}\r\n`;
}

export function officialReportCsv(report: OfficialReport): string {
  const header = [
    'TT (1)',
    `${GROUPING_TITLES[report.grouping]} (2)`,
    'Mã (code)',
    ...FORM_COLUMNS.map((c) => `${c.title} (${c.no})`),
    ...APART_COLUMNS.map((c) => c.title),
  ];
  const rows = report.rows.map((r) =>
    line([r.no, r.label, r.key, ...FORM_COLUMNS.map((c) => c.value(r)), ...APART_COLUMNS.map((c) => c.value(r))]),
  );
  const total = line([
    '',
    TOTAL_LABEL,
    '',
    ...FORM_COLUMNS.map((c) => c.value(report.total)),
    ...APART_COLUMNS.map((c) => c.value(report.total)),
  ]);
  return BOM + line(header) + rows.join('') + total;
}
