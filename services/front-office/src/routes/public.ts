// Citizen tracking: dossier code + ID number → status and timeline; no account, rate-limited, and
// nothing personal in the answer (reporting's citizen view has no name, address or phone).
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../adapters/gateway';
import type { AppContext } from '../http/context';
import { checkTrackingInput } from '../domain/validation';

export function publicRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/api/track', async (req, reply) => {
    const limit = ctx.trackingLimiter.take(req.ip);
    if (!limit.allowed) {
      reply.header('retry-after', String(limit.retryAfterSeconds));
      throw new ApiError(429, `Bạn tra cứu quá nhiều lần; vui lòng thử lại sau ${limit.retryAfterSeconds} giây.`);
    }
    const body = (req.body ?? {}) as { code?: unknown; idNumber?: unknown };
    const problems = checkTrackingInput(body.code, body.idNumber);
    if (problems.length) throw new ApiError(400, 'Vui lòng sửa các trường được đánh dấu.', problems);
    const g = ctx.gateway;
    try {
      const res = await g.as(
        { officerId: 'front-office', role: 'citizen_portal', unitCode: ctx.portalUnitCode },
        'reporting',
        g.reporting.lookupDossier.bind(g.reporting),
        {
          dossierCode: String(body.code).trim(),
          idNumber: String(body.idNumber).trim(),
        },
      );
      const d = res.dossier;
      if (!d) throw new ApiError(404, 'not found');
      return {
        dossier: {
          dossierCode: d.dossierCode,
          procedureName: d.procedureName,
          status: d.status,
          statusName: d.statusName,
          receivedAt: d.receivedAt,
          appointedAt: d.appointedAt,
          timeline: d.timeline.map((t) => ({ at: t.at, status: t.status, statusName: t.statusName })),
        },
      };
    } catch (err) {
      if (err instanceof ApiError && err.statusCode === 404) {
        throw new ApiError(404, 'Không tìm thấy hồ sơ với mã hồ sơ và số CCCD này. Vui lòng kiểm tra lại giấy tiếp nhận.');
      }
      throw err;
    }
  });
}
