// Debian's Chromium driven by playwright-core (no browser download), axe-core checks and
// screenshots saved under .local/screenshots/.
import * as fs from 'node:fs';
import * as path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';
import { type Platform, ROOT } from './platform';

export const SCREENSHOTS = path.join(ROOT, '.local/screenshots');

export function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) {
    throw new Error(`no Chromium at ${executablePath}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--lang=vi-VN'],
  });
}

/**
 * The platform (being started) and Chromium together. When either fails, what did start is stopped,
 * so a failed setup leaves no browser or service behind to keep jest from exiting.
 */
export async function startWithBrowser(starting: Promise<Platform>): Promise<[Platform, Browser]> {
  const [platform, browser] = await Promise.allSettled([starting, launchChromium()]);
  if (platform.status === 'fulfilled' && browser.status === 'fulfilled') return [platform.value, browser.value];
  if (browser.status === 'fulfilled') await browser.value.close().catch(() => undefined);
  if (platform.status === 'fulfilled') await platform.value.stopAll().catch(() => undefined);
  throw platform.status === 'rejected' ? platform.reason : (browser as PromiseRejectedResult).reason;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Serious and critical accessibility violations on the page as it is now (WCAG 2.x A/AA). */
export async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
}

/** What an attempt of `eventually` found: done or not, or that with what it saw (for the timeout's message). */
export type Attempt = boolean | { done: boolean; seen: string };

/**
 * Repeats `attempt` (e.g. reload and look) until it is done; for views fed by events. On timeout the
 * error names what the last attempt that looked saw and the last error an attempt threw.
 */
export async function eventually(what: string, attempt: () => Promise<Attempt>, timeoutMs = 60_000, intervalMs = 500): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen: string | undefined;
  let error: string | undefined;
  for (;;) {
    try {
      const found = await attempt();
      if (typeof found === 'boolean' ? found : found.done) return;
      if (typeof found !== 'boolean') seen = found.seen;
    } catch (err) {
      error = (err instanceof Error ? err.message : String(err)).split('\n')[0];
    }
    if (Date.now() > deadline) {
      const last = [seen === undefined ? '' : `last seen: “${seen}”`, error === undefined ? '' : `last error: ${error}`]
        .filter((l) => l !== '')
        .join('; ');
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${last && ` (${last})`}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
