// Leaders' dashboard: Biểu II.06a for a period and grouping, period statistics (on-time rate,
// channel shares), the overdue list, and the XLSX export reporting produces.
import type { FastifyInstance } from 'fastify';
import { common, reporting } from '@onestop/contracts';
import { ApiError, identityOf } from '../adapters/gateway';
import type { AppContext } from '../http/context';

const LEADERS = ['leader', 'auditor', 'it_admin'] as const;
const G = reporting.ReportGrouping;
const GROUPINGS: Record<string, reporting.ReportGrouping> = {
  field: G.REPORT_GROUPING_FIELD,
  agency: G.REPORT_GROUPING_AGENCY,
  unit: G.REPORT_GROUPING_UNIT,
  level: G.REPORT_GROUPING_LEVEL,
  procedure: G.REPORT_GROUPING_PROCEDURE,
};
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function periodOf(q: { from?: string; to?: string; grouping?: string }) {
  const fields = [];
  if (!q.from || !DATE.test(q.from)) fields.push({ field: 'from', message: 'Từ ngày: chọn một ngày' });
  if (!q.to || !DATE.test(q.to)) fields.push({ field: 'to', message: 'Đến ngày: chọn một ngày' });
  if (!fields.length && q.from! > q.to!) fields.push({ field: 'to', message: 'Đến ngày: phải sau hoặc bằng Từ ngày' });
  const grouping = GROUPINGS[q.grouping ?? 'field'];
  if (grouping === undefined) fields.push({ field: 'grouping', message: 'Nhóm theo: không hợp lệ' });
  if (fields.length) throw new ApiError(400, 'Vui lòng sửa kỳ báo cáo.', fields);
  return { period: { fromDate: q.from!, toDate: q.to! }, grouping: grouping };
}

export function dashboardRoutes(app: FastifyInstance, ctx: AppContext): void {
  const g = ctx.gateway;
  const R = g.reporting;

  app.get('/api/dashboard', async (req) => {
    const s = await ctx.requireStaff(req, LEADERS);
    const { period, grouping } = periodOf(req.query as Record<string, string>);
    const who = identityOf(s.user);
    const isAgency = ctx.reference.agencyCodes.includes(s.user.unitCode);
    const scope = { unitCode: isAgency ? '' : s.user.unitCode, agencyCode: isAgency ? s.user.unitCode : '' };
    const [report, stats, overdue, queue] = await Promise.all([
      g.as(who, 'reporting', R.getOfficialReport.bind(R), { period, grouping, asOf: undefined }),
      g.as(who, 'reporting', R.getPeriodStatistics.bind(R), { period, asOf: undefined }),
      g.as(who, 'reporting', R.listOverdueDossiers.bind(R), { unitCode: s.user.unitCode, agencyCode: '', limit: 50 }),
      g.as(who, 'reporting', R.listWorkQueue.bind(R), { ...scope, limit: 500 }).catch(() => ({ items: [] })),
    ]);
    // Due soon: still open, not overdue, and within processing's DueSoon lead (working hours).
    const now = new Date();
    const dueSoon = queue.items
      .filter((i) => !i.overdue && i.dueAt && i.status === common.NationalStatus.NATIONAL_STATUS_PROCESSING)
      .filter((i) => {
        const due = new Date(i.dueAt!);
        return due > now && ctx.calendar.workingHoursBetween(now, due) <= ctx.dueSoonLeadHours;
      })
      .slice(0, 50);
    return { report: report.report, statistics: stats.statistics, overdue: overdue.items, dueSoon };
  });

  app.get('/api/dashboard/export', async (req, reply) => {
    const s = await ctx.requireStaff(req, LEADERS);
    const { period, grouping } = periodOf(req.query as Record<string, string>);
    const res = await g.as(identityOf(s.user), 'reporting', R.exportOfficialReport.bind(R), {
      period,
      grouping,
      format: reporting.ExportFormat.EXPORT_FORMAT_XLSX,
      asOf: undefined,
      reportingBody: '',
    });
    const name = res.fileName.replace(/[^\w.-]/g, '_') || 'bieu-II.06a.xlsx';
    reply.header('content-type', res.contentType || 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    reply.header('content-disposition', `attachment; filename="${name}"`);
    return reply.send(Buffer.from(res.content));
  });
}
