/**
 * Shared pieces of the browser (end-to-end) tests: the system Chromium, a shop listening on a real port, and
 * full-page screenshots into test-results/ (git-ignored).
 *
 * Chromium is never downloaded: the tests use /usr/bin/chromium. Without it a local run skips the e2e files with a
 * visible warning, and a CI run (CI set) fails.
 */
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { describe } from 'vitest';
import type { Gateways } from '../../src/modules/payments/gateways.ts';
import type { Preset } from '../../src/presets/types.ts';
import { openTestShop, type TestShop } from '../helpers/shop.ts';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));

export const hasChromium = existsSync(CHROMIUM_PATH);

if (!hasChromium) {
  if (process.env.CI) {
    throw new Error(`CI is set but ${CHROMIUM_PATH} does not exist: the browser tests cannot run.`);
  }
  console.warn(
    `\n⚠ ${CHROMIUM_PATH} does not exist: the browser (e2e) tests are SKIPPED. Install chromium to run them.\n`,
  );
}

/** `describe`, skipped (with the warning above) when there is no Chromium to drive. */
export const describeBrowser = describe.skipIf(!hasChromium);

const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** One headless Chromium per test file (open it in beforeAll, close it in afterAll). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: LAUNCH_ARGS });
}

/**
 * A fresh context per test (or per actor in a test): own cookies, a desktop viewport. Actions give up after 10 s, so
 * that a missing button fails with its own message well before the test's time limit.
 */
export async function newContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  context.setDefaultTimeout(10_000);
  return context;
}

export interface RunningShop {
  shop: TestShop;
  /** e.g. "http://127.0.0.1:41234" (no trailing slash). */
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * A seeded SQLite shop of the preset, listening on a free port of 127.0.0.1, which is also its public address (the
 * links in its e-mails, the callbacks it gives gateways). `smtpUrl` sends its mail to a test inbox
 * (test/helpers/mail.ts); `gateways` are payment adapters pointed at simulators.
 */
export async function startShop(
  presetId: Preset['id'],
  options: { smtpUrl?: string; gateways?: Gateways } = {},
): Promise<RunningShop> {
  const shop = await openTestShop('sqlite', presetId, { smtpUrl: options.smtpUrl, gateways: options.gateways });
  try {
    await shop.server.listen({ port: 0, host: '127.0.0.1' });
  } catch (error) {
    await shop.close();
    throw error;
  }
  const address = shop.server.addresses().find((a): a is AddressInfo => typeof a !== 'string' && a.family === 'IPv4');
  if (!address) throw new Error('the test shop listens on no IPv4 address');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  shop.app.publicUrl.set(baseUrl);
  return { shop, baseUrl, close: () => shop.close() };
}

/** A full-page screenshot saved as test-results/<preset>-<step>.png. */
export async function screenshot(page: Page, preset: string, step: string): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${preset}-${step}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
