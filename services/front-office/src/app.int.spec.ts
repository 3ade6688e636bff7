// The BFF's HTTP edge against the real document store: sign-in, cookie flags, CSRF refusal, role
// checks, and a service that cannot be reached answered with a clear 503.
import { loadCalendar } from '@onestop/calendar';
import * as path from 'node:path';
import { MongoClient } from 'mongodb';
import { silentLogger } from '@onestop/logging';
import { AccountStore } from './adapters/accounts';
import { Gateway } from './adapters/gateway';
import { loadReference } from './adapters/reference';
import { buildApp } from './app';
import { RateLimiter } from './domain/rate-limit';
import { sessionGuard } from './http/security';

const SECRET = 'int-secret-int-secret-int-secret-0000000';
const dbName = `fo_int_${Date.now().toString(36)}`;

describe('the front office HTTP edge', () => {
  let mongo: MongoClient;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let gateway: Gateway;
  let base = '';

  interface Answer {
    statusCode: number;
    body: { message?: string; fields?: { field: string; message: string }[]; user?: unknown };
    headers: Headers;
    setCookies: string[];
  }
  async function inject(o: { method: string; url: string; headers?: Record<string, string>; payload?: unknown }): Promise<Answer> {
    const res = await fetch(`${base}${o.url}`, {
      method: o.method,
      headers: { ...(o.payload !== undefined ? { 'content-type': 'application/json' } : {}), ...o.headers },
      body: o.payload !== undefined ? JSON.stringify(o.payload) : undefined,
    });
    return {
      statusCode: res.status,
      body: (await res.json()) as Answer['body'],
      headers: res.headers,
      setCookies: res.headers.getSetCookie(),
    };
  }

  beforeAll(async () => {
    mongo = await new MongoClient(process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017/').connect();
    const store = new AccountStore(mongo.db(dbName));
    await store.init();
    await store.upsert(
      { username: 'desk.int', displayName: 'Cán bộ Thử', role: 'desk_officer', unitCode: 'TRUCNINH' },
      'mat-khau-thu-nghiem',
    );
    // nothing listens on port 1: every gRPC call fails as UNAVAILABLE
    gateway = new Gateway({
      secret: SECRET,
      intakeAddr: '127.0.0.1:1',
      processingAddr: '127.0.0.1:1',
      postalAddr: '127.0.0.1:1',
      reportingAddr: '127.0.0.1:1',
    });
    app = await buildApp(
      {
        store,
        gateway,
        reference: loadReference(path.resolve(__dirname, '../../intake/data/catalogue.json')),
        trackingLimiter: new RateLimiter(2, 60_000),
        loginLimiter: new RateLimiter(50, 60_000),
        sessionHours: 1,
        cookieSecure: false,
        portalUnitCode: 'PORTAL',
        requireStaff: sessionGuard(store),
        calendar: loadCalendar(),
        dueSoonLeadHours: 8,
        liveRefreshMs: 5000,
      },
      { logger: silentLogger(), webRoot: path.resolve(__dirname, '../dist/web') },
    );
    base = await app.listen({ host: '127.0.0.1', port: 0 });
  });

  afterAll(async () => {
    await app?.close();
    gateway?.close();
    await mongo
      ?.db(dbName)
      .dropDatabase()
      .catch(() => undefined);
    await mongo?.close();
  });

  async function signIn() {
    const res = await inject({ method: 'POST', url: '/api/session', payload: { username: 'desk.int', password: 'mat-khau-thu-nghiem' } });
    expect(res.statusCode).toBe(200);
    const cookies = Object.fromEntries(res.setCookies.map((c) => [c.slice(0, c.indexOf('=')), c]));
    const value = (name: string) => cookies[name].split(';')[0].split('=')[1];
    return { res, cookies, header: `fo_sid=${value('fo_sid')}; fo_csrf=${value('fo_csrf')}`, csrf: decodeURIComponent(value('fo_csrf')) };
  }

  it('signs in with an HTTP-only SameSite session cookie and refuses a wrong password naming the field', async () => {
    const bad = await inject({ method: 'POST', url: '/api/session', payload: { username: 'desk.int', password: 'wrong-password' } });
    expect(bad.statusCode).toBe(401);
    expect(bad.body.fields).toEqual([{ field: 'password', message: expect.stringContaining('không đúng') }]);
    const empty = await inject({ method: 'POST', url: '/api/session', payload: {} });
    expect(empty.body.fields!.map((f: { field: string }) => f.field)).toEqual(['username', 'password']);

    const { cookies, header } = await signIn();
    expect(cookies.fo_sid).toMatch(/; Path=\/; SameSite=Strict; Max-Age=3600; HttpOnly$/);
    expect(cookies.fo_csrf).not.toMatch(/HttpOnly/);
    const me = await inject({ method: 'GET', url: '/api/me', headers: { cookie: header } });
    expect(me.body.user).toMatchObject({ username: 'desk.int', role: 'desk_officer', unitCode: 'TRUCNINH' });
  });

  it('refuses a state-changing request without the CSRF token or from another origin', async () => {
    const { header, csrf } = await signIn();
    const payload = { procedureCode: 'TCKH-01' };
    const noToken = await inject({ method: 'POST', url: '/api/dossiers', headers: { cookie: header }, payload });
    expect(noToken.statusCode).toBe(403);
    const wrongToken = await inject({
      method: 'POST',
      url: '/api/dossiers',
      headers: { cookie: header, 'x-csrf-token': 'forged' },
      payload,
    });
    expect(wrongToken.statusCode).toBe(403);
    const otherOrigin = await inject({
      method: 'POST',
      url: '/api/dossiers',
      headers: { cookie: header, 'x-csrf-token': csrf, origin: 'https://evil.example' },
      payload,
    });
    expect(otherOrigin.statusCode).toBe(403);
    const ok = await inject({ method: 'POST', url: '/api/dossiers', headers: { cookie: header, 'x-csrf-token': csrf }, payload });
    expect(ok.statusCode).toBe(400); // past CSRF: now the applicant's fields are named
    expect(ok.body.fields!.map((f: { field: string }) => f.field)).toEqual(['fullName', 'idNumber', 'address']);
  });

  it('keeps a desk officer out of the agency and leaders’ pages, and strangers out of everything', async () => {
    const { header } = await signIn();
    expect((await inject({ method: 'GET', url: '/api/queue', headers: { cookie: header } })).statusCode).toBe(403);
    expect(
      (await inject({ method: 'GET', url: '/api/dashboard?from=2026-01-01&to=2026-01-31', headers: { cookie: header } })).statusCode,
    ).toBe(403);
    expect((await inject({ method: 'GET', url: '/api/procedures?q=ho' })).statusCode).toBe(401);
  });

  it('answers 503 with a clear Vietnamese message when a service cannot be reached', async () => {
    const { header, csrf } = await signIn();
    const res = await inject({
      method: 'POST',
      url: '/api/dossiers',
      headers: { cookie: header, 'x-csrf-token': csrf },
      payload: {
        procedureCode: 'TCKH-01',
        applicant: { fullName: 'Nguyễn Văn A', idNumber: '036090000001', address: 'Trực Ninh' },
        documents: [],
      },
    });
    expect(res.statusCode).toBe(503);
    expect(res.body.message).toMatch(/Dịch vụ tiếp nhận hồ sơ đang không phản hồi.*vẫn được giữ nguyên/);
  });

  it('rate-limits citizen lookups per address', async () => {
    const ask = () => inject({ method: 'POST', url: '/api/track', payload: { code: '', idNumber: '' } });
    expect((await ask()).statusCode).toBe(400);
    expect((await ask()).statusCode).toBe(400);
    const third = await ask();
    expect(third.statusCode).toBe(429);
    expect(third.headers.get('retry-after')).not.toBeNull();
  });
});
