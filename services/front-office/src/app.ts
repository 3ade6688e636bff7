// The BFF's HTTP app: security headers, error shape, and the route groups. I/O comes in through
// the context, so tests and main wire it the same way.
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from '@onestop/logging';
import { ApiError } from './adapters/gateway';
import type { AppContext } from './http/context';
import { localAuthMode, oidcRoutes } from './http/oidc';
import { staticRoutes } from './http/static';
import { agencyRoutes } from './routes/agency';
import { dashboardRoutes } from './routes/dashboard';
import { dashboardDetailRoutes } from './routes/dashboard-detail';
import { deskRoutes } from './routes/desk';
import { onlineRoutes } from './routes/online';
import { postalRoutes } from './routes/postal';
import { publicRoutes } from './routes/public';
import { sessionRoutes } from './routes/session';

export async function buildApp(ctx: AppContext, options: { logger: Logger; webRoot: string }): Promise<FastifyInstance> {
  // Fastify's own logger interface, so the app is a plain FastifyInstance (pino's Logger satisfies it).
  const loggerInstance: FastifyBaseLogger = options.logger;
  const app = Fastify({ loggerInstance, trustProxy: false, bodyLimit: 256 * 1024 });

  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'same-origin');
    reply.header(
      'content-security-policy',
      "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    );
    return payload;
  });

  app.setErrorHandler((err, req, reply) => {
    if (err instanceof ApiError) {
      if (err.statusCode >= 500) req.log.warn({ status: err.statusCode, url: req.routeOptions.url }, err.message);
      return reply.code(err.statusCode).send({ message: err.message, fields: err.fields });
    }
    const e = err as { statusCode?: number; message?: string };
    if (e.statusCode && e.statusCode < 500) return reply.code(e.statusCode).send({ message: 'Yêu cầu không hợp lệ.', fields: [] });
    req.log.error({ err }, 'unexpected error');
    return reply.code(500).send({ message: 'Lỗi hệ thống; vui lòng thử lại.', fields: [] });
  });

  // Requests are not logged one by one (warn and above only): URLs carry dossier ids, and the
  // error handler logs what went wrong without personal data.
  await app.register(
    async (scope) => {
      scope.get('/healthz', async () => ({ ok: true }));
      sessionRoutes(scope, ctx);
      if (ctx.oidc) oidcRoutes(scope, ctx, ctx.oidc);
      else localAuthMode(scope);
      deskRoutes(scope, ctx);
      onlineRoutes(scope, ctx);
      postalRoutes(scope, ctx);
      agencyRoutes(scope, ctx);
      publicRoutes(scope, ctx);
      dashboardRoutes(scope, ctx);
      dashboardDetailRoutes(scope, ctx);
      staticRoutes(scope, options.webRoot);
    },
    { logLevel: 'warn' },
  );
  return app;
}
