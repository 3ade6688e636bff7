// Sign in and out; who is signed in.
import type { FastifyInstance } from 'fastify';
import { ApiError } from '../adapters/gateway';
import type { AppContext } from '../http/context';
import { checkSameOrigin, clearSessionCookies, cookiesOf, SESSION_COOKIE, setSessionCookies } from '../http/security';

export function sessionRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/me', async (req) => {
    const s = await ctx.requireStaff(req);
    return { user: s.user, csrf: s.csrf };
  });

  app.post('/api/session', async (req, reply) => {
    checkSameOrigin(req);
    if (ctx.oidc) throw new ApiError(403, `Đăng nhập bằng tài khoản ${ctx.oidc.label}; tài khoản cục bộ không dùng được.`);
    const limit = ctx.loginLimiter.take(req.ip);
    if (!limit.allowed) {
      reply.header('retry-after', String(limit.retryAfterSeconds));
      throw new ApiError(429, `Đăng nhập sai quá nhiều lần; thử lại sau ${limit.retryAfterSeconds} giây.`);
    }
    const body = (req.body ?? {}) as { username?: unknown; password?: unknown };
    const username = typeof body.username === 'string' ? body.username.trim() : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const fields = [
      ...(username ? [] : [{ field: 'username', message: 'Tên đăng nhập: bắt buộc' }]),
      ...(password ? [] : [{ field: 'password', message: 'Mật khẩu: bắt buộc' }]),
    ];
    if (fields.length) throw new ApiError(400, 'Vui lòng nhập đủ thông tin đăng nhập.', fields);
    const user = await ctx.store.authenticate(username, password);
    if (!user)
      throw new ApiError(401, 'Tên đăng nhập hoặc mật khẩu không đúng.', [
        { field: 'password', message: 'Tên đăng nhập hoặc mật khẩu không đúng' },
      ]);
    const { id, csrf } = await ctx.store.openSession(user, ctx.sessionHours);
    setSessionCookies(reply, id, csrf, ctx.sessionHours, ctx.cookieSecure);
    req.log.info({ role: user.role, unit: user.unitCode }, 'staff signed in');
    return { user, csrf };
  });

  app.delete('/api/session', async (req, reply) => {
    await ctx.requireStaff(req);
    const sid = cookiesOf(req)[SESSION_COOKIE];
    if (sid) await ctx.store.closeSession(sid);
    clearSessionCookies(reply);
    return { ok: true };
  });
}
