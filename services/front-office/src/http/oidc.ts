// Sign-in through an OpenID Connect provider instead of local accounts (OIDC_ISSUER set): the
// authorization code flow with PKCE, state and nonce (openid-client). The provider vouches for
// who the officer is; their role and unit come from two claims (names configurable) of the ID
// token or, when it lacks them, of the userinfo endpoint, checked against the front office's roles. The session afterwards is the same
// as with a local account.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type * as OidcClient from 'openid-client';
import { type StaffUser, STAFF_ROLES, type StaffRole } from '../adapters/accounts';
import { ApiError } from '../adapters/gateway';
import type { AppContext } from './context';
import { parseCookies, serializeCookie } from './cookies';
import { setSessionCookies } from './security';

export interface OidcOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** This front office's address as the browser sees it, e.g. https://motcua.example.vn */
  publicUrl: string;
  scopes: string;
  roleClaim: string;
  unitClaim: string;
  /** Plain HTTP to the provider (development and tests only). */
  allowHttp: boolean;
  /** The provider's name on the sign-in button. */
  label: string;
}

const FLOW_COOKIE = 'fo_oidc';

/** The officer the provider's claims describe, or why they may not sign in. */
export function staffFromClaims(claims: Record<string, unknown>, o: Pick<OidcOptions, 'roleClaim' | 'unitClaim'>): StaffUser | string {
  const pick = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  const username = pick(claims.preferred_username) || pick(claims.sub);
  const role = claims[o.roleClaim];
  const unit = claims[o.unitClaim];
  if (!username) return 'Nhà cung cấp định danh không trả về tên đăng nhập.';
  if (typeof role !== 'string' || !(STAFF_ROLES as readonly string[]).includes(role))
    return `Tài khoản ${username} chưa được phân vai trò trong hệ thống Một cửa (thuộc tính ${o.roleClaim}).`;
  if (typeof unit !== 'string' || !/^[A-Z0-9_]{2,40}$/.test(unit))
    return `Tài khoản ${username} chưa được gán đơn vị (thuộc tính ${o.unitClaim}).`;
  const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim() : username;
  return { username, displayName: name, role: role as StaffRole, unitCode: unit };
}

export function oidcRoutes(app: FastifyInstance, ctx: AppContext, o: OidcOptions): void {
  let config: Promise<OidcClient.Configuration> | undefined;
  const lib = () => import('openid-client');
  const redirectUri = new URL('/api/oidc/callback', o.publicUrl).toString();
  const configuration = () => {
    config ??= lib()
      .then((c) =>
        c.discovery(new URL(o.issuer), o.clientId, { client_secret: o.clientSecret, redirect_uris: [redirectUri] }, undefined, {
          execute: o.allowHttp ? [c.allowInsecureRequests] : [],
        }),
      )
      .catch((err: unknown) => {
        config = undefined; // try discovery again next time
        throw err;
      });
    return config;
  };
  const unavailable = () => new ApiError(503, 'Không kết nối được nhà cung cấp định danh (OpenID Connect); vui lòng thử lại sau.');

  app.get('/api/auth-mode', async () => ({ mode: 'oidc', label: o.label }));

  app.get('/api/oidc/login', async (_req, reply) => {
    const c = await lib();
    const cfg = await configuration().catch(() => {
      throw unavailable();
    });
    const verifier = c.randomPKCECodeVerifier();
    const state = c.randomState();
    const nonce = c.randomNonce();
    const url = c.buildAuthorizationUrl(cfg, {
      redirect_uri: redirectUri,
      scope: o.scopes,
      code_challenge: await c.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    // Lax: the provider sends the browser back with a top-level cross-site redirect.
    reply.header(
      'set-cookie',
      serializeCookie(FLOW_COOKIE, [state, nonce, verifier].join('.'), {
        httpOnly: true,
        secure: ctx.cookieSecure,
        maxAgeSeconds: 600,
        sameSite: 'Lax',
      }),
    );
    return reply.redirect(url.toString(), 303);
  });

  app.get('/api/oidc/callback', async (req: FastifyRequest, reply: FastifyReply) => {
    const c = await lib();
    const flow = parseCookies(req.headers.cookie)[FLOW_COOKIE]?.split('.') ?? [];
    const fail = (why: string) => reply.redirect(`/dang-nhap?loi=${encodeURIComponent(why)}`, 303);
    if (flow.length !== 3) return fail('Phiên đăng nhập đã hết hạn; vui lòng đăng nhập lại.');
    const [state, nonce, verifier] = flow as [string, string, string];
    let claims: Record<string, unknown> | undefined;
    try {
      const cfg = await configuration();
      const current = new URL(req.url, o.publicUrl);
      const tokens = await c.authorizationCodeGrant(cfg, current, {
        pkceCodeVerifier: verifier,
        expectedState: state,
        expectedNonce: nonce,
        idTokenExpected: true,
      });
      const idToken = tokens.claims();
      claims = idToken;
      // Directories that keep the profile claims out of the ID token give them at userinfo.
      if (idToken && (idToken[o.roleClaim] === undefined || idToken[o.unitClaim] === undefined)) {
        claims = { ...(await c.fetchUserInfo(cfg, tokens.access_token, idToken.sub)), ...idToken };
      }
    } catch (err) {
      req.log.warn({ err: (err as Error).message }, 'OpenID Connect sign-in refused');
      return fail('Đăng nhập qua nhà cung cấp định danh không thành công; vui lòng thử lại.');
    }
    const user = staffFromClaims(claims ?? {}, o);
    if (typeof user === 'string') return fail(user);
    await ctx.store.rememberExternal(user);
    const { id, csrf } = await ctx.store.openSession(user, ctx.sessionHours);
    setSessionCookies(reply, id, csrf, ctx.sessionHours, ctx.cookieSecure);
    reply.header('set-cookie', [
      ...((reply.getHeader('set-cookie') as string[] | undefined) ?? []),
      serializeCookie(FLOW_COOKIE, '', { httpOnly: true, secure: ctx.cookieSecure, maxAgeSeconds: 0, sameSite: 'Lax' }),
    ]);
    req.log.info({ role: user.role, unit: user.unitCode }, 'staff signed in through OpenID Connect');
    return reply.redirect('/', 303);
  });
}

/** Without OIDC: local accounts. */
export function localAuthMode(app: FastifyInstance): void {
  app.get('/api/auth-mode', async () => ({ mode: 'local' }));
}
