/// <reference lib="dom" />
// OpenID Connect instead of local accounts: a real provider (the `oidc-provider` package) started
// as a process, the front office configured with OIDC_ISSUER, and the sign-in done in Chromium —
// the provider's login and consent pages, back to the desk's page with the role and unit the
// provider's claims gave. Local passwords are refused in this mode.
import * as path from 'node:path';
import { freePorts, type RunningProcess, startProcess } from '@onestop/test-support';
import type { Browser, Page } from 'playwright-core';
import { screenshot, seriousViolations, startWithBrowser } from './support/browser';
import { itWithDiagnostics } from './support/diagnostics';
import { type Platform, ROOT, startPlatform } from './support/platform';

jest.setTimeout(180_000);

describe('sign-in through an OpenID Connect provider', () => {
  let provider: RunningProcess | undefined;
  let platform: Platform;
  let browser: Browser;
  /** jest's `it`, printing the services' recent warnings and errors when a test fails (CI keeps no logs). */
  const it = itWithDiagnostics(() => platform?.diagnostics());

  beforeAll(async () => {
    // the front office's port is chosen here: the provider must know the redirect URI first
    const [providerPort, frontPort] = await freePorts(2);
    const issuer = `http://127.0.0.1:${providerPort}`;
    const redirect = `http://127.0.0.1:${frontPort}/api/oidc/callback`;
    provider = await startProcess({
      name: 'oidc provider',
      entry: path.join(__dirname, 'support/oidc-provider.mjs'),
      args: [String(providerPort), redirect],
      env: {
        ...process.env,
        OIDC_TEST_ACCOUNTS: JSON.stringify({
          'lan.dt': { name: 'Đỗ Thị Lan', onestop_role: 'desk_officer', onestop_unit: 'TRUCNINH' },
          'hoa.dt': { name: 'Đỗ Thị Hoa', onestop_role: 'desk_officer', onestop_unit: 'XCOLE', userinfoOnly: true },
          'khach.vang.lai': { name: 'Người ngoài' },
        }),
      },
      logFile: path.join(ROOT, '.local/oidc-provider.log'),
      ready: (log) => log.includes(`oidc provider ${issuer}`),
    });
    [platform, browser] = await startWithBrowser(
      startPlatform(['front-office'], {
        FRONT_OFFICE_PORT: String(frontPort),
        OIDC_ISSUER: issuer,
        OIDC_CLIENT_ID: 'front-office',
        OIDC_CLIENT_SECRET: 'front-office-test-secret-0123456789',
        FRONT_OFFICE_PUBLIC_URL: `http://127.0.0.1:${frontPort}`,
        OIDC_ALLOW_HTTP: 'true',
        OIDC_LABEL: 'tài khoản công vụ (thử nghiệm)',
      }),
    );
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.stopAll();
    await provider?.stop();
  });

  async function signInAt(login: string) {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(`${platform.url}/dang-nhap`);
    const button = page.getByRole('link', { name: /Đăng nhập bằng tài khoản công vụ/ });
    await button.waitFor();
    expect(await page.getByLabel('Mật khẩu').count()).toBe(0); // no local password form
    return { page, context, button, login };
  }

  /** The provider's own login (any password) and consent pages. */
  async function throughProvider(page: Page, login: string) {
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('bat-ky');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
  }

  it('signs a desk officer in with the role and unit from the provider’s claims', async () => {
    const { page, context, button, login } = await signInAt('lan.dt');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, '20-dang-nhap-oidc');
    await button.click();
    // the provider's own pages
    await throughProvider(page, login);
    // back at the front office, signed in
    await page.getByRole('heading', { name: 'Tiếp nhận hồ sơ' }).waitFor();
    await page.getByText('Đỗ Thị Lan · Cán bộ một cửa · TRUCNINH').waitFor();
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'fo_sid')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    await context.close();
  });

  it('takes the role and unit from the userinfo endpoint when the ID token lacks them', async () => {
    const { page, context, button, login } = await signInAt('hoa.dt');
    await button.click();
    await throughProvider(page, login);
    await page.getByRole('heading', { name: 'Tiếp nhận hồ sơ' }).waitFor();
    await page.getByText('Đỗ Thị Hoa · Cán bộ một cửa · XCOLE').waitFor();
    await context.close();
  });

  it('refuses an account the provider knows but that has no role here, and local passwords', async () => {
    const { page, context, button, login } = await signInAt('khach.vang.lai');
    await button.click();
    await throughProvider(page, login);
    await page.getByRole('alert').filter({ hasText: 'chưa được phân vai trò' }).waitFor();

    const res = await page.evaluate(async () => {
      const r = await fetch('/api/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'motcua01', password: 'motcua-demo-2026' }),
      });
      return r.status;
    });
    expect(res).toBe(403);
    await context.close();
  });
});
