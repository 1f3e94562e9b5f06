import { isValidPhoneNumber, parsePhoneNumber } from 'libphonenumber-js';
import { describe, expect, it } from 'vitest';
import { DATA_MAP } from '../src/db/schema.ts';
import { MINOR_DIGITS } from '../src/i18n/format.ts';
import { LOCALES } from '../src/i18n/locales.ts';
import { decimalToMilli, isMultipleOfStep } from '../src/i18n/numbers.ts';
import { isGateway } from '../src/modules/payments/gateways.ts';
import { getPreset, PRESET_IDS, PRESETS } from '../src/presets/index.ts';
import type { Localized, Preset, UnitCode } from '../src/presets/types.ts';
import type { FieldId } from '../src/privacy/datamap.ts';

const BENGALI = /[\u0980-\u09FF]/;
const ARABIC_SCRIPT = /[\u0600-\u06FF]/;
const VIETNAMESE_MARKS = /[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/i;

/** Units counted in whole items: their step is "1" and their stock a whole number. */
const WHOLE_UNITS: UnitCode[] = ['piece', 'tile', 'box', 'bag', 'set', 'service'];

/**
 * Fields a preset may already name although the data map does not declare them yet, with the reason. When the
 * column lands, the last test below fails until the entry is removed, so this list can only shrink.
 */
const PENDING_FIELDS = new Map<string, string>([]);

/** Every Localized value of a preset with a readable path; `brand` marks names that may stay in Latin script. */
function localizedFields(p: Preset): { path: string; value: Localized; brand?: boolean }[] {
  const out: { path: string; value: Localized; brand?: boolean }[] = [
    { path: 'identity.name', value: p.identity.name, brand: true },
    { path: 'identity.address', value: p.identity.address },
    { path: 'policy.intro', value: p.policy.intro },
  ];
  for (const [method, value] of Object.entries(p.paymentInstructions)) {
    out.push({ path: `paymentInstructions.${method}`, value: value as Localized });
  }
  for (const r of p.policy.recipients) out.push({ path: `recipients.${r.id}.name`, value: r.name });
  for (const c of p.categories) out.push({ path: `categories.${c.slug}.name`, value: c.name });
  for (const pr of p.products) {
    for (const key of ['name', 'description', 'quality', 'origin'] as const) {
      out.push({ path: `products.${pr.sku}.${key}`, value: pr[key] });
    }
  }
  return out;
}

const EXPECTED: Record<
  Preset['id'],
  Pick<Preset, 'defaultLocale' | 'currency' | 'displayCurrency' | 'timezone' | 'storefront' | 'guestCheckout'>
> = {
  hatkoro: {
    defaultLocale: 'bn',
    currency: 'BDT',
    displayCurrency: 'BDT',
    timezone: 'Asia/Dhaka',
    storefront: 'shop',
    guestCheckout: false,
  },
  chotomoni: {
    defaultLocale: 'bn',
    currency: 'BDT',
    displayCurrency: 'BDT',
    timezone: 'Asia/Dhaka',
    storefront: 'shop',
    guestCheckout: true,
  },
  mistri: {
    defaultLocale: 'bn',
    currency: 'BDT',
    displayCurrency: 'BDT',
    timezone: 'Asia/Dhaka',
    storefront: 'services',
    guestCheckout: true,
  },
  khatra: {
    defaultLocale: 'vi',
    currency: 'VND',
    displayCurrency: 'VND',
    timezone: 'Asia/Ho_Chi_Minh',
    storefront: 'catalogue',
    guestCheckout: false,
  },
  khakriz: {
    defaultLocale: 'fa',
    currency: 'IRR',
    displayCurrency: 'IRT',
    timezone: 'Asia/Tehran',
    storefront: 'shop',
    guestCheckout: true,
  },
};

describe('preset registry', () => {
  it('lists the five seed businesses, each under its own id', () => {
    expect([...PRESET_IDS].sort()).toEqual(Object.keys(PRESETS).sort());
    expect(PRESET_IDS).toHaveLength(5);
    for (const id of PRESET_IDS) {
      expect(PRESETS[id].id).toBe(id);
      expect(getPreset(id)).toBe(PRESETS[id]);
    }
  });

  it('getPreset returns undefined for unknown ids and inherited keys', () => {
    for (const id of ['', 'unknown', 'HATKORO', 'constructor', '__proto__', 'toString']) {
      expect(getPreset(id)).toBeUndefined();
    }
  });
});

describe.each(PRESET_IDS)('preset %s', (id) => {
  const p = PRESETS[id];
  const skus = new Set(p.products.map((pr) => pr.sku));
  const slugs = new Set(p.categories.map((c) => c.slug));

  it('has the settings of its business', () => {
    expect(p).toMatchObject(EXPECTED[id]);
    expect(p.accountRequired && p.guestCheckout).toBe(false);
    expect(() => new Intl.DateTimeFormat('en', { timeZone: p.timezone })).not.toThrow();
  });

  it('every Localized field has a non-empty string for bn, en, vi and fa, and nothing else', () => {
    for (const { path, value } of localizedFields(p)) {
      expect(Object.keys(value).sort(), path).toEqual([...LOCALES].sort());
      for (const locale of LOCALES) {
        expect(typeof value[locale], `${path}.${locale}`).toBe('string');
        expect(value[locale].trim(), `${path}.${locale}`).not.toBe('');
      }
    }
  });

  it('each language is written in its own script, not transliterated', () => {
    for (const { path, value, brand } of localizedFields(p)) {
      if (brand) continue;
      expect(value.bn, `${path}.bn`).toMatch(BENGALI);
      expect(value.fa, `${path}.fa`).toMatch(ARABIC_SCRIPT);
      for (const locale of ['en', 'vi'] as const) {
        expect(value[locale], `${path}.${locale}`).not.toMatch(BENGALI);
        expect(value[locale], `${path}.${locale}`).not.toMatch(ARABIC_SCRIPT);
      }
    }
    for (const pr of p.products) expect(pr.description.vi, `${pr.sku}.description.vi`).toMatch(VIETNAMESE_MARKS);
  });

  it('has about thirty products with unique SKUs', () => {
    expect(p.products.length).toBeGreaterThanOrEqual(28);
    expect(p.products.length).toBeLessThanOrEqual(40);
    expect(skus.size).toBe(p.products.length);
    for (const sku of skus) expect(sku).toMatch(/^[A-Z0-9][A-Z0-9-]*$/);
  });

  it('has 4–7 categories with unique kebab-case slugs, each holding products', () => {
    expect(p.categories.length).toBeGreaterThanOrEqual(4);
    expect(p.categories.length).toBeLessThanOrEqual(7);
    expect(slugs.size).toBe(p.categories.length);
    for (const slug of slugs) {
      expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(
        p.products.some((pr) => pr.category === slug),
        slug,
      ).toBe(true);
    }
  });

  it("every product's category exists", () => {
    for (const pr of p.products) expect(slugs.has(pr.category), `${pr.sku} → ${pr.category}`).toBe(true);
  });

  it('steps are positive decimal strings and stock is a whole multiple of the step', () => {
    for (const pr of p.products) {
      expect(pr.step, pr.sku).toMatch(/^\d+(\.\d{1,3})?$/);
      expect(decimalToMilli(pr.step)! > 0n, pr.sku).toBe(true);
      expect(Number.isFinite(pr.stock) && pr.stock >= 0, pr.sku).toBe(true);
      expect(decimalToMilli(String(pr.stock)), `${pr.sku} stock has at most 3 decimals`).not.toBeNull();
      expect(isMultipleOfStep(String(pr.stock), pr.step), `${pr.sku}: ${pr.stock} by ${pr.step}`).toBe(true);
      if (WHOLE_UNITS.includes(pr.unit)) {
        expect(pr.step, pr.sku).toBe('1');
        expect(Number.isInteger(pr.stock), pr.sku).toBe(true);
      }
    }
  });

  it('box products say how many tiles a box holds; nothing else does', () => {
    for (const pr of p.products) {
      if (pr.unit === 'box') {
        expect(Number.isInteger(pr.tilesPerBox) && pr.tilesPerBox! > 0, pr.sku).toBe(true);
      } else {
        expect(pr.tilesPerBox, pr.sku).toBeUndefined();
      }
    }
  });

  it('prices are positive and fit the currency (whole dong and rials, rials in tens)', () => {
    const scale = 10 ** MINOR_DIGITS[p.currency];
    for (const amount of [...p.products.map((pr) => pr.price), ...p.deliveryAreas.map((a) => a.fee)]) {
      expect(Number.isInteger(Math.round(amount * scale * 1e6) / 1e6), `${amount} in ${p.currency}`).toBe(true);
      if (MINOR_DIGITS[p.currency] === 0) expect(Number.isInteger(amount), `${amount}`).toBe(true);
      if (p.currency === 'IRR') expect(amount % 10, `${amount} rials`).toBe(0);
    }
    for (const pr of p.products) expect(pr.price, pr.sku).toBeGreaterThan(0);
    for (const a of p.deliveryAreas) expect(a.fee, a.id).toBeGreaterThanOrEqual(0);
    // Every shop delivers somewhere, and names each area in every language.
    expect(p.deliveryAreas.some((a) => a.enabled)).toBe(true);
    for (const a of p.deliveryAreas) for (const name of Object.values(a.name)) expect(name, a.id).not.toBe('');
  });

  it('products have a model and two hex colours', () => {
    for (const pr of p.products) {
      expect(pr.model.trim(), pr.sku).not.toBe('');
      expect(pr.colors, pr.sku).toHaveLength(2);
      for (const c of pr.colors) expect(c, pr.sku).toMatch(/^#[0-9a-f]{6}$/i);
    }
  });

  it('the business phone is valid E.164 in its own country', () => {
    const { phone, country } = p.identity;
    expect(phone).toMatch(/^\+[1-9]\d{7,14}$/);
    expect(isValidPhoneNumber(phone)).toBe(true);
    expect(parsePhoneNumber(phone).country).toBe(country);
  });

  it('the identity has a legal name, an e-mail and a bare website domain', () => {
    expect(p.identity.legalName.trim()).not.toBe('');
    expect(p.identity.email).toMatch(/^[^\s@]+@[^\s@]+\.[a-z]{2,}$/i);
    expect(p.identity.website).toMatch(/^([a-z0-9-]+\.)+[a-z]{2,}$/);
  });

  it('payment instructions exist for every offline method but cash offered, and only for offered methods', () => {
    expect(p.paymentMethods.length).toBeGreaterThan(0);
    expect(new Set(p.paymentMethods).size).toBe(p.paymentMethods.length);
    // An online method needs none: the gateway's own page is the instruction.
    for (const method of p.paymentMethods) {
      if (method !== 'cod' && !isGateway(method)) expect(p.paymentInstructions[method], method).toBeDefined();
    }
    for (const method of Object.keys(p.paymentInstructions)) {
      expect(p.paymentMethods as string[], method).toContain(method);
    }
  });

  it('delivery windows are HH:MM-HH:MM, each ending after it starts', () => {
    expect(p.deliveryWindows.length).toBeGreaterThan(0);
    for (const w of p.deliveryWindows) {
      const m = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/.exec(w);
      expect(m, w).not.toBeNull();
      expect(Number(m![1]) * 60 + Number(m![2]), w).toBeLessThan(Number(m![3]) * 60 + Number(m![4]));
    }
  });

  it('the policy has a real last-updated date and a retention setting', () => {
    const { lastUpdated, customerDataRetention } = p.policy;
    expect(lastUpdated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(new Date(`${lastUpdated}T00:00:00Z`).toISOString().slice(0, 10)).toBe(lastUpdated);
    if (customerDataRetention !== 'until_request') {
      expect(Number.isInteger(customerDataRetention) && customerDataRetention > 0).toBe(true);
    }
  });

  it('recipient ids are unique and their fields are data-map fields', () => {
    const ids = p.policy.recipients.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of p.policy.recipients) {
      expect(r.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(new Set(r.fields).size, r.id).toBe(r.fields.length);
      for (const f of r.fields) {
        expect(DATA_MAP.field(f as FieldId) !== undefined || PENDING_FIELDS.has(f), `${r.id}: ${f}`).toBe(true);
      }
    }
  });
});

describe('hatkoro.com (seed 000)', () => {
  const p = PRESETS.hatkoro;

  it('[HK-09] hatkoro declares no third-party recipients', () => {
    expect(p.policy.recipients).toEqual([]);
  });

  it('requires an account before ordering and offers money order, wire transfer and cheque (settings for HK-06, HK-07)', () => {
    expect(p.accountRequired).toBe(true);
    expect(p.guestCheckout).toBe(false);
    expect(p.paymentMethods).toEqual(expect.arrayContaining(['money_order', 'bank_transfer', 'cheque']));
  });
});

describe('Chotomoni (seed 001)', () => {
  const p = PRESETS.chotomoni;

  it('lets guests order and declares a courier and a payment gateway with narrow fields (settings for CM-01, CM-11)', () => {
    expect(p.guestCheckout).toBe(true);
    const courier = p.policy.recipients.find((r) => r.kind === 'courier');
    const gateway = p.policy.recipients.find((r) => r.kind === 'payment_gateway');
    expect(courier?.fields).toEqual([
      'orders.recipient_name_enc',
      'orders.recipient_phone_enc',
      'orders.recipient_address_enc',
      'orders.delivery_instructions_enc',
    ]);
    expect(gateway?.fields).toEqual(['orders.code']);
  });
});

describe('Mistri Services (seed 002)', () => {
  const p = PRESETS.mistri;

  it('carries the seed policy date and sells services, paid to the technician', () => {
    expect(p.policy.lastUpdated).toBe('2025-12-24');
    expect(p.paymentMethods).toEqual(['cod']);
    for (const pr of p.products) {
      expect(pr.unit, pr.sku).toBe('service');
      expect(pr.step, pr.sku).toBe('1');
    }
  });

  it('declares the technician (name, phone, address only) and law enforcement (nothing by default)', () => {
    const technician = p.policy.recipients.find((r) => r.kind === 'technician');
    expect(technician?.fields).toEqual([
      'orders.recipient_name_enc',
      'orders.recipient_phone_enc',
      'orders.recipient_address_enc',
    ]);
    expect(p.policy.recipients.find((r) => r.kind === 'authority')?.fields).toEqual([]);
  });
});

describe('KHATRA (seed 003)', () => {
  const p = PRESETS.khatra;

  it('[KT-02] every khatra product has description, model, category, quality and origin', () => {
    const slugs = new Set(p.categories.map((c) => c.slug));
    for (const pr of p.products) {
      expect(slugs.has(pr.category), pr.sku).toBe(true);
      expect(pr.model.trim(), pr.sku).not.toBe('');
      for (const locale of LOCALES) {
        for (const text of [pr.description, pr.quality, pr.origin]) expect(text[locale].trim(), pr.sku).not.toBe('');
      }
    }
  });

  it('[KT-03] khatra sells by the metre (step 0.1 or 0.5), by the tile (step 1) and by the box with tiles per box', () => {
    const metres = p.products.filter((pr) => pr.unit === 'metre');
    const tiles = p.products.filter((pr) => pr.unit === 'tile');
    const boxes = p.products.filter((pr) => pr.unit === 'box');
    expect(metres.length).toBeGreaterThan(0);
    expect(tiles.length).toBeGreaterThan(0);
    expect(boxes.length).toBeGreaterThan(0);
    for (const pr of metres) expect(['0.1', '0.5'], pr.sku).toContain(pr.step);
    expect(metres.some((pr) => pr.step === '0.1')).toBe(true);
    expect(metres.some((pr) => !Number.isInteger(pr.stock))).toBe(true);
    for (const pr of tiles) expect(pr.step, pr.sku).toBe('1');
    for (const pr of boxes) {
      expect(pr.step, pr.sku).toBe('1');
      expect(Number.isInteger(pr.tilesPerBox) && pr.tilesPerBox! > 1, pr.sku).toBe(true);
    }
    // Box-to-tile conversion: some designs are sold both ways under one model.
    const tileModels = new Set(tiles.map((pr) => pr.model));
    expect(boxes.filter((pr) => tileModels.has(pr.model)).length).toBeGreaterThanOrEqual(2);
  });

  it('[KT-07] khatra keeps personal data until the customer asks for deletion', () => {
    expect(p.policy.customerDataRetention).toBe('until_request');
  });

  it('[KT-08] khatra declares each contracted partner with its contract and field scope', () => {
    const partners = p.policy.recipients.filter((r) => r.kind === 'partner');
    expect(partners.length).toBeGreaterThan(0);
    for (const r of partners) {
      expect(r.contract?.trim(), r.id).toBeTruthy();
      expect(r.fields.length, r.id).toBeGreaterThan(0);
    }
    // Besides its partners, only the legal authorities of KT-12, whose scope each registered legal order sets.
    const others = p.policy.recipients.filter((r) => r.kind !== 'partner');
    expect(others.map((r) => [r.kind, r.fields])).toEqual([['authority', []]]);
  });

  it("[KT-09] khatra names the controller's legal name, address, phone, website and e-mail", () => {
    const { identity } = p;
    expect(identity.legalName).toBe('CTY TNHH THƯƠNG MẠI KHÁNH HỘI (KHATRA)');
    expect(identity.address.vi).toBe('8G2 Đường số 52, P. Tân Phong, Quận 7, TP. Hồ Chí Minh');
    for (const locale of LOCALES) expect(identity.address[locale]).toMatch(/8G2|৮জি২/);
    expect(identity.phone).toBe('+84933588655');
    expect(identity.website).toBe('khatra.com.vn');
    expect(identity.email).toBe('tam@khatra.com.vn');
  });

  it('is a catalogue with delivery windows (settings for KT-04, KT-10)', () => {
    expect(p.storefront).toBe('catalogue');
    expect(p.deliveryWindows.length).toBeGreaterThan(0);
  });
});

describe('Khakriz Novin (seed 004)', () => {
  const p = PRESETS.khakriz;

  it('stores rials, shows tomans, and declares the courier and the tax authority', () => {
    expect(p.currency).toBe('IRR');
    expect(p.displayCurrency).toBe('IRT');
    expect(p.policy.recipients.find((r) => r.kind === 'courier')?.fields).toEqual([
      'orders.recipient_name_enc',
      'orders.recipient_phone_enc',
      'orders.recipient_address_enc',
    ]);
    const authorities = p.policy.recipients.filter((r) => r.kind === 'authority');
    expect(authorities.flatMap((r) => r.fields)).toEqual(['orders.buyer_name_enc', 'orders.tax_identity_enc']);
  });
});

describe('pending data-map fields', () => {
  it('are still missing from the data map (remove an entry once its column is declared)', () => {
    for (const [field, reason] of PENDING_FIELDS) expect(DATA_MAP.field(field as FieldId), reason).toBeUndefined();
  });
});
