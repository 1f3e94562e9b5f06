/**
 * The packing slip as a PDF, printed by the system Chromium. The page is loaded from a made-up origin whose every
 * request is answered here: the slip itself and its stylesheet from disk, anything else refused — so a PDF can
 * never fetch from the network, and with JavaScript off nothing in the page runs.
 *
 * playwright-core is loaded at the first print, not at start-up: importing it costs the process ~85 MB of memory,
 * which a shop that never prints a PDF slip should not pay.
 */
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { PACKING_SLIP_CSS_FILE, PACKING_SLIP_CSS_HREF } from './packing-slip.tsx';

const CHROMIUM_PATH = '/usr/bin/chromium';
const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
/** `.invalid` never resolves (RFC 6761), should a request ever get past the route. */
const ORIGIN = 'http://packing-slip.invalid';

/**
 * Renders a packing-slip document (packingSlipHtml) to PDF. One browser per call: slips are printed one at a time by
 * staff, and a browser kept open would hold ~100 MB for nothing between prints.
 */
export async function packingSlipPdf(html: string): Promise<Buffer> {
  const css = await readFile(PACKING_SLIP_CSS_FILE);
  const { chromium } = await import('playwright-core');
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: LAUNCH_ARGS });
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, serviceWorkers: 'block' });
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url === `${ORIGIN}/`)
        return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
      if (url === `${ORIGIN}${PACKING_SLIP_CSS_HREF}`)
        return route.fulfill({ status: 200, contentType: 'text/css', body: css });
      return route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    await page.goto(`${ORIGIN}/`, { waitUntil: 'load' });
    return await page.pdf({ preferCSSPageSize: true, printBackground: true });
  } finally {
    await browser.close();
  }
}
