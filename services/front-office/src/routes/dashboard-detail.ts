// The leaders' dashboard beyond Biểu II.06a: drill-down (field → its procedures → their dossiers),
// series over time (on-time rate by field and month, dossiers received per week), and a live
// stream that tells the page when reporting's figures changed.
import type { FastifyInstance } from 'fastify';
import { reporting } from '@onestop/contracts';
import { ApiError, identityOf } from '../adapters/gateway';
import type { AppContext } from '../http/context';
import type { Session } from '../adapters/accounts';
import { earlierOf, monthsOf, onTimeRate, receivedPerWeek, sixMonthsBefore } from '../domain/series';
import { periodOf } from './dashboard';

const LEADERS = ['leader', 'auditor', 'it_admin'] as const;
const G = reporting.ReportGrouping;

/** The register's scope for the signed-in leader: their agency, or their unit (the district's sees all). */
function scopeOf(ctx: AppContext, s: Session) {
  const isAgency = ctx.reference.agencyCodes.includes(s.user.unitCode);
  return { unitCode: isAgency ? '' : s.user.unitCode, agencyCode: isAgency ? s.user.unitCode : '' };
}

export function dashboardDetailRoutes(app: FastifyInstance, ctx: AppContext): void {
  const g = ctx.gateway;
  const R = g.reporting;

  /** A field's procedures with their Biểu II.06a counts. */
  app.get('/api/dashboard/fields/:field', async (req) => {
    const s = await ctx.requireStaff(req, LEADERS);
    const { field } = req.params as { field: string };
    const { period } = periodOf({ ...(req.query as Record<string, string>), grouping: 'procedure' });
    const res = await g.as(identityOf(s.user), 'reporting', R.getOfficialReport.bind(R), {
      period,
      grouping: G.REPORT_GROUPING_PROCEDURE,
      asOf: undefined,
    });
    const rows = (res.report?.rows ?? []).filter((r) => ctx.reference.fieldOfProcedure[r.key] === field);
    return { field, fieldName: ctx.reference.fields[field] ?? field, rows };
  });

  /** The dossiers of one procedure received in the period (the register, Form 06). */
  app.get('/api/dashboard/procedures/:code/dossiers', async (req) => {
    const s = await ctx.requireStaff(req, LEADERS);
    const { code } = req.params as { code: string };
    const { period } = periodOf({ ...(req.query as Record<string, string>), grouping: 'procedure' });
    const res = await g.as(identityOf(s.user), 'reporting', R.getDossierRegister.bind(R), { ...scopeOf(ctx, s), period });
    const rows = res.rows
      .filter((r) => r.procedureCode === code)
      .map((r) => ({
        dossierCode: r.dossierCode,
        procedureName: r.procedureName,
        agencyCode: r.agencyCode,
        receivedAt: r.receivedAt,
        appointedAt: r.appointedAt,
        resultReadyAt: r.resultReadyAt,
        returnedAt: r.returnedAt,
        status: r.status,
      }));
    return { procedureCode: code, rows };
  });

  /** On-time rate by field and month, and dossiers received per week, over the period. */
  app.get('/api/dashboard/series', async (req) => {
    const s = await ctx.requireStaff(req, LEADERS);
    const { period } = periodOf({ ...(req.query as Record<string, string>), grouping: 'field' });
    const who = identityOf(s.user);
    // Over time: at least the six months ending with the period (a one-month period would be a dot).
    const seriesFrom = earlierOf(period.fromDate, sixMonthsBefore(period.toDate));
    const months = monthsOf(seriesFrom, period.toDate, 12);
    const [reports, register] = await Promise.all([
      Promise.all(
        months.map((m) =>
          g.as(who, 'reporting', R.getOfficialReport.bind(R), {
            period: { fromDate: m.from, toDate: m.to },
            grouping: G.REPORT_GROUPING_FIELD,
            asOf: undefined,
          }),
        ),
      ),
      g.as(who, 'reporting', R.getDossierRegister.bind(R), { ...scopeOf(ctx, s), period: { fromDate: seriesFrom, toDate: period.toDate } }),
    ]);
    const fields = new Map<string, string>();
    for (const r of reports) for (const row of r.report?.rows ?? []) fields.set(row.key, row.label);
    const onTimeByField = [...fields].map(([key, label]) => ({
      field: key,
      label,
      rates: reports.map((r) => {
        const rate = onTimeRate(r.report?.rows.find((x) => x.key === key)?.counts);
        return rate === undefined ? null : Math.round(rate * 1000) / 10;
      }),
    }));
    return {
      months: months.map((m) => m.key),
      onTimeByField,
      weekly: receivedPerWeek(
        register.rows.map((r) => r.receivedAt),
        seriesFrom,
        period.toDate,
      ),
    };
  });

  /**
   * Server-sent events: "changed" whenever reporting's figures for the period move (checked every
   * few seconds against a fingerprint of the totals), so the page refreshes as events arrive.
   */
  app.get('/api/dashboard/live', async (req, reply) => {
    const s = await ctx.requireStaff(req, LEADERS);
    const { period } = periodOf({ ...(req.query as Record<string, string>), grouping: 'field' });
    const who = identityOf(s.user);
    const fingerprint = async () => {
      const [stats, overdue] = await Promise.all([
        g.as(who, 'reporting', R.getPeriodStatistics.bind(R), { period, asOf: undefined }),
        g.as(who, 'reporting', R.listOverdueDossiers.bind(R), { unitCode: s.user.unitCode, agencyCode: '', limit: 50 }),
      ]);
      const st = stats.statistics;
      return JSON.stringify([st?.receivedInPeriod, st?.resolved, st?.onTimeRate, st?.channels, overdue.items.length]);
    };
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.write('retry: 5000\n\n');
    let last = await fingerprint().catch(() => '');
    let stopped = false;
    const tick = async () => {
      if (stopped) return;
      try {
        const now = await fingerprint();
        if (now !== last) {
          last = now;
          res.write(`event: changed\ndata: ${JSON.stringify({ at: new Date().toISOString() })}\n\n`);
        } else res.write(': ping\n\n');
      } catch (err) {
        const message = err instanceof ApiError ? err.message : 'Không lấy được số liệu mới.';
        res.write(`event: unavailable\ndata: ${JSON.stringify({ message })}\n\n`);
      }
      if (!stopped) timer = setTimeout(() => void tick(), ctx.liveRefreshMs);
    };
    let timer = setTimeout(() => void tick(), ctx.liveRefreshMs);
    req.raw.on('close', () => {
      stopped = true;
      clearTimeout(timer);
    });
  });
}
