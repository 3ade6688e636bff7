// Steps both browser suites take the same way, as a person does them on screen.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { eventually } from './browser';

export const DESKTOP = { width: 1366, height: 768 };
export const PHONE = { width: 390, height: 844 };

export interface Account {
  username: string;
  password: string;
}

/**
 * A new browser context (kept in `contexts` to be closed after the suite) with one page at the
 * desk PCs' size, signed in as `who` when given.
 */
export async function openPage(
  browser: Browser,
  contexts: BrowserContext[],
  url: string,
  who?: Account,
  viewport = DESKTOP,
): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  if (who) {
    await page.goto(`${url}/dang-nhap`);
    await page.getByLabel('Tên đăng nhập').fill(who.username);
    await page.getByLabel('Mật khẩu').fill(who.password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
  }
  return page;
}

/** On the return desk (/tra-ket-qua): opens the dossier by its code until its status reads `status`. */
export async function openAtReturnDesk(desk: Page, dossierCode: string, status: string): Promise<void> {
  await eventually(`${dossierCode} at the desk as “${status}”`, async () => {
    await desk.getByLabel('Mở hồ sơ theo mã').fill(dossierCode);
    await desk.getByRole('button', { name: 'Mở', exact: true }).click();
    await desk.getByTestId('desk-status').waitFor({ timeout: 5000 });
    const seen = (await desk.getByTestId('desk-status').textContent()) ?? '';
    return { done: seen === status, seen };
  });
}

/** On the citizen page with code and ID number filled in: looks up, gently (it is rate-limited), until `status`. */
export async function lookUpUntil(page: Page, status: string): Promise<void> {
  await eventually(
    `the citizen page to show “${status}”`,
    async () => {
      await page.getByRole('button', { name: 'Tra cứu' }).click();
      await page.getByTestId('citizen-status').waitFor({ timeout: 5000 });
      const seen = (await page.getByTestId('citizen-status').textContent()) ?? '';
      return { done: seen === status, seen };
    },
    90_000,
    2000,
  );
}
