// `report`: Biểu II.06a for a period as a table, CSV, XLSX or JSON — live, or as of an instant.
import { writeFileSync } from 'node:fs';
import { GROUPINGS, identityViolations, type OfficialReport, type UnitView } from '../../domain/official-report';
import { parsePeriod, type Period } from '../../domain/period';
import { exportOfficialReport } from '../../adapters/export/export-report';
import { FORM_COLUMNS, APART_COLUMNS, TOTAL_LABEL } from '../../adapters/export/report-columns';
import { checkAll, instant, oneOf, parseOptions, required, UsageError } from '../args';
import type { CliContext } from '../context';
import type { CliOutput } from '../output';

export const REPORT_USAGE = `report --from YYYY-MM-DD --to YYYY-MM-DD [--group field|agency|unit|level|procedure]
         [--format table|csv|xlsx|json] [--as-of INSTANT] [--out FILE] [--body "UBND huyện …"]
         [--unit-view at-the-time|rolled-up]
    Biểu II.06a for the period (both days inclusive, Vietnam time), one row per group, with totals.
    --as-of: the figures as known at that instant (only events recorded up to it count).
    --unit-view rolled-up: units that merged count under the unit carrying them on at the period's end.
    --format xlsx needs --out; csv and json go to stdout unless --out is given.`;

const FORMATS = ['table', 'csv', 'xlsx', 'json'] as const;
const UNIT_VIEWS = ['at-the-time', 'rolled-up'] as const;

export async function reportCommand(argv: string[], ctx: CliContext, io: CliOutput): Promise<number> {
  const o = parseOptions(
    argv,
    {
      from: { type: 'string' },
      to: { type: 'string' },
      group: { type: 'string' },
      format: { type: 'string' },
      'as-of': { type: 'string' },
      out: { type: 'string' },
      body: { type: 'string' },
      'unit-view': { type: 'string' },
    },
    'report',
  );
  const [period, grouping, format, asOf, view] = checkAll(
    () => periodOf(o.from, o.to),
    () => oneOf(o.group, 'group', GROUPINGS, 'field'),
    () => oneOf(o.format, 'format', FORMATS, 'table'),
    () => {
      const t = instant(o['as-of'], 'as-of');
      if (t && t.getTime() > Date.now()) throw new UsageError('--as-of must not be in the future');
      return t;
    },
    () => oneOf(o['unit-view'], 'unit-view', UNIT_VIEWS, 'at-the-time'),
  );
  const unitView: UnitView = view === 'rolled-up' ? 'rolled_up' : 'at_the_time';
  if (format === 'xlsx' && !o.out) throw new UsageError('--format xlsx writes a workbook: give --out FILE.xlsx');
  const queries = await ctx.queries();
  io.progress(`computing Biểu II.06a ${period.from} .. ${period.to} by ${grouping}${asOf ? ` as of ${asOf.toISOString()}` : ''}…`);
  let content: string | Buffer;
  if (format === 'csv' || format === 'xlsx') {
    const file = await exportOfficialReport(queries, {
      period,
      grouping,
      format,
      asOf,
      unitView,
      reportingBody: o.body ?? ctx.config.REPORTING_BODY,
      generatedAt: new Date(),
    });
    content = file.content;
  } else {
    const { report, statistics } = await queries.reportWithStatistics(period, grouping, asOf, unitView);
    warnOnBrokenIdentities(report, io);
    content = format === 'json' ? `${JSON.stringify({ report, statistics }, null, 2)}\n` : reportTable(report);
  }
  io.progressDone();
  if (o.out) {
    writeFileSync(o.out, content);
    io.err(`written ${o.out}\n`);
  } else io.out(typeof content === 'string' ? content : content.toString('utf8'));
  return 0;
}

function periodOf(from: string | undefined, to: string | undefined): Period {
  const [f, t] = checkAll(
    () => required(from, 'from'),
    () => required(to, 'to'),
  );
  const period = parsePeriod(f, t);
  if (Array.isArray(period)) throw new UsageError(period.map((e) => `--${e.field}: ${e.description}`).join('; '));
  return period;
}

function warnOnBrokenIdentities(report: OfficialReport, io: CliOutput): void {
  for (const row of [...report.rows, { ...report.total, label: TOTAL_LABEL }]) {
    for (const broken of identityViolations(row)) io.err(`warning: ${row.label}: ${broken}\n`);
  }
}

/** A plain-text table: the form's numbered columns, then the figures shown apart. */
export function reportTable(report: OfficialReport): string {
  const header = ['(1)', '(2)', ...FORM_COLUMNS.map((c) => `(${c.no})`), 'closed', 'withdr.', 'stopped', 'refused'];
  const lines = [
    ...report.rows.map((r) => [String(r.no), r.label, ...[...FORM_COLUMNS, ...APART_COLUMNS].map((c) => String(c.value(r)))]),
    ['', TOTAL_LABEL, ...[...FORM_COLUMNS, ...APART_COLUMNS].map((c) => String(c.value(report.total)))],
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i === 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const title = `Biểu II.06a  ${report.period.from} .. ${report.period.to}  by ${report.grouping}  (in progress judged at ${report.cutoff.toISOString()})`;
  const legend = '(3) received = (4) online + (5) counter/post + (6) carried over = (7) resolved + (11) in progress + closed otherwise';
  return [title, legend, '', fmt(header), ...lines.map(fmt), ''].join('\n');
}
