// The online queue: dossiers citizens submitted on the portal (status 1, "mới đăng ký") wait for
// the desk to check them — receive (Form 01), guide once (Form 02), or refuse with a reason
// (Form 03) — through intake's ListOnlineQueue and ReceiveOnlineDossier.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { identityOf } from '../adapters/gateway';
import type { AppContext } from '../http/context';
import { outcomeJson } from './desk';

const DESK = ['desk_officer'] as const;

export function onlineRoutes(app: FastifyInstance, ctx: AppContext): void {
  const g = ctx.gateway;
  const I = g.intake;

  app.get('/api/online-queue', async (req) => {
    const s = await ctx.requireStaff(req, DESK);
    const res = await g.as(identityOf(s.user), 'intake', I.listOnlineQueue.bind(I), {
      unitCode: s.user.unitCode,
      page: { pageSize: 200, pageToken: '' },
    });
    const names = new Map(ctx.reference.procedures.map((p) => [p.code, p.name]));
    const dossiers = res.dossiers.map((d) => ({ ...d, procedureName: d.procedureName || names.get(d.procedureCode) || d.procedureCode }));
    return { dossiers, componentNames: ctx.reference.componentNames };
  });

  app.post('/api/online-queue/:id', async (req) => {
    const s = await ctx.requireStaff(req, DESK);
    const { id } = req.params as { id: string };
    const b = (req.body ?? {}) as { requestId?: unknown; refusalReason?: unknown };
    const refusalReason = typeof b.refusalReason === 'string' ? b.refusalReason.trim().slice(0, 1000) : '';
    const res = await g.as(identityOf(s.user), 'intake', I.receiveOnlineDossier.bind(I), {
      requestId: typeof b.requestId === 'string' && /^[\w-]{8,80}$/.test(b.requestId) ? b.requestId : randomUUID(),
      dossierId: id,
      refusalReason,
    });
    return { outcome: outcomeJson(res), deskName: ctx.reference.units[s.user.unitCode] ?? s.user.unitCode };
  });
}
