import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { formatMoney } from '../src/i18n/format.ts';
import type { Locale } from '../src/i18n/locales.ts';
import { translator } from '../src/i18n/translate.ts';
import { orderCodeBarcodeSvg } from '../src/modules/fulfilment/barcode.ts';
import { type PackingSlipProps, packingSlipHtml } from '../src/modules/fulfilment/packing-slip.tsx';
import { packingSlipPdf } from '../src/modules/fulfilment/pdf.ts';
import { getPreset } from '../src/presets/index.ts';
import type { PageContext } from '../src/server/context.ts';
import { decodeSvgCode128 } from './helpers/barcode.ts';
import { textOf } from './helpers/browser.ts';
import { pdfText } from './helpers/pdf-text.ts';

const CODE = 'K7M2Q-9XH4D';
/** As in test/e2e/browser.ts: the system Chromium, never a downloaded one. */
const hasChromium = existsSync('/usr/bin/chromium');

function ctx(locale: Locale, presetId: 'chotomoni' | 'khakriz'): PageContext {
  return {
    locale,
    t: translator(locale),
    preset: getPreset(presetId)!,
    path: '/staff',
    listQuery: '',
    origin: 'http://localhost',
    csrf: '',
    staff: null,
    signedIn: false,
    cartCount: 0,
  };
}

function slip(overrides: Partial<PackingSlipProps> = {}): PackingSlipProps {
  return {
    ctx: ctx('en', 'chotomoni'),
    order: {
      code: CODE,
      lines: [
        {
          sku: 'JAM-001',
          name: 'Jamdani fabric',
          unit: 'metre',
          quantityMilli: 2500,
          unitPriceMinor: 98_000,
          lineTotalMinor: 245_000,
        },
        {
          sku: 'NKS-014',
          name: 'Nakshi kantha',
          unit: 'piece',
          quantityMilli: 1000,
          unitPriceMinor: 31_500,
          lineTotalMinor: 31_500,
        },
      ],
      deliveryArea: {
        id: 'outside-dhaka',
        name: { bn: 'ঢাকার বাইরে', en: 'Outside Dhaka', vi: 'Ngoài Dhaka', fa: 'خارج از داکا' },
      },
    },
    deliverTo: { name: 'Rahima Begum', area: 'Mirpur 10, Dhaka', note: 'Ring the bell twice' },
    codMinor: 288_500,
    currency: 'BDT',
    ...overrides,
  };
}

describe('packing slip', () => {
  it('[CM-11] shows the code, the lines in the shop’s units, who and where, the cash to collect — no phone, e-mail or price', () => {
    const html = packingSlipHtml(slip());
    const text = textOf(html);
    expect(html.startsWith('<!doctype html><html lang="en-US" dir="ltr">')).toBe(true);
    expect(text).toContain(`Order code ${CODE}`);
    expect(text).toContain('2.5 metres');
    expect(text).toContain('1 piece');
    expect(text).toContain('Rahima Begum');
    expect(text).toContain('Mirpur 10, Dhaka');
    expect(text).toContain('Delivery instructions: Ring the bell twice');
    // The delivery area the customer chose, in the packer's language (named as it was when the order was placed).
    expect(text).toContain('Delivery area: Outside Dhaka');
    expect(text).toContain(`Cash on delivery: ${formatMoney(288_500, 'BDT', 'en')}`);
    expect(text).not.toContain(formatMoney(98_000, 'BDT', 'en'));
    expect(text).not.toContain(formatMoney(245_000, 'BDT', 'en'));
    expect(html).not.toMatch(/@|tel:|mailto:/);
    expect(text).not.toMatch(/\+?\d[\d\s-]{8,}\d/);
    expect(html).toContain('<link rel="stylesheet" href="/assets/packing-slip.css"/>');
  });

  it('shows no cash line for a paid order, and runs right to left in Persian with the code kept left to right', () => {
    const html = packingSlipHtml(slip({ ctx: ctx('fa', 'khakriz'), codMinor: 0, currency: 'IRR' }));
    expect(html).toContain('dir="rtl"');
    expect(html).toContain(`<bdi dir="ltr" class="ltr">${CODE}</bdi>`);
    expect(textOf(html)).toContain('۲٫۵ متر');
    expect(textOf(html)).not.toContain(translator('fa')('payment.cod'));
  });

  it('draws a Code-128 barcode that decodes back to the order code', async () => {
    const html = packingSlipHtml(slip());
    const svg = /<svg[\s\S]*?<\/svg>/.exec(html)?.[0];
    expect(svg).toBeDefined();
    expect(await decodeSvgCode128(svg!)).toEqual([CODE]);
    expect(() => orderCodeBarcodeSvg('<script>')).toThrow();
  });

  it.skipIf(!hasChromium)('prints to a PDF that holds the order code as text', async () => {
    const pdf = await packingSlipPdf(packingSlipHtml(slip()));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(pdf);
    expect(text).toContain(CODE);
    expect(text).toContain('Rahima Begum');
    expect(text).not.toMatch(/01712|@/);
  });

  it.skipIf(!hasChromium)('prints without touching the network, whatever the page asks for', async () => {
    let requests = 0;
    const server = createServer((_request, response) => {
      requests++;
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const html = packingSlipHtml(slip()).replace('</body>', `<img src="http://127.0.0.1:${port}/pixel.png"></body>`);
      expect((await packingSlipPdf(html)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(requests).toBe(0);
    } finally {
      server.close();
    }
  });
});
