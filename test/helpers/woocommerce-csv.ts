/** WooCommerce product CSVs as WooCommerce writes them, for the import tests and the benchmark (no test runner needed). */

/** WooCommerce's product export header (WooCommerce 8/9, Products → Export, all columns). */
export const WOO_HEADER = [
  'ID',
  'Type',
  'SKU',
  'Name',
  'Published',
  'Is featured?',
  'Visibility in catalog',
  'Short description',
  'Description',
  'Date sale price starts',
  'Date sale price ends',
  'Tax status',
  'Tax class',
  'In stock?',
  'Stock',
  'Low stock amount',
  'Backorders allowed?',
  'Sold individually?',
  'Weight (kg)',
  'Length (cm)',
  'Width (cm)',
  'Height (cm)',
  'Allow customer reviews?',
  'Purchase note',
  'Sale price',
  'Regular price',
  'Categories',
  'Tags',
  'Shipping class',
  'Images',
  'Download limit',
  'Download expiry days',
  'Parent',
  'Grouped products',
  'Upsells',
  'Cross-sells',
  'External URL',
  'Button text',
  'Position',
  'Attribute 1 name',
  'Attribute 1 value(s)',
  'Attribute 1 visible',
  'Attribute 1 global',
  'Attribute 2 name',
  'Attribute 2 value(s)',
  'Attribute 2 visible',
  'Attribute 2 global',
];

export type WooRow = Partial<Record<(typeof WOO_HEADER)[number], string>>;

/** A simple product row as WooCommerce writes it, with our unit and model as attributes. */
export function wooProduct(i: number, overrides: WooRow = {}): WooRow {
  return {
    ID: String(100 + i),
    Type: 'simple',
    SKU: `WC-${String(i).padStart(5, '0')}`,
    Name: `Gạch thử ${i}`,
    Published: '1',
    'Is featured?': '0',
    'Visibility in catalog': 'visible',
    'Short description': 'Gạch men',
    Description: `<p>Gạch men số ${i}, "bóng", chống trơn.</p>`,
    'Tax status': 'taxable',
    'In stock?': '1',
    Stock: String(i % 50),
    'Weight (kg)': '1.5',
    'Allow customer reviews?': '1',
    'Regular price': String(100000 + i),
    Categories: i % 2 ? 'Gạch ốp lát > Gạch lát nền' : 'Keo dán',
    'Attribute 1 name': 'Unit',
    'Attribute 1 value(s)': i % 3 === 0 ? 'metre' : 'box',
    'Attribute 1 visible': '1',
    'Attribute 1 global': '0',
    'Attribute 2 name': 'Model',
    'Attribute 2 value(s)': `M-${i}`,
    'Attribute 2 visible': '1',
    'Attribute 2 global': '0',
    ...overrides,
  };
}

export function wooCsv(rows: WooRow[]): Buffer {
  const field = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = [WOO_HEADER.join(','), ...rows.map((r) => WOO_HEADER.map((h) => field(r[h] ?? '')).join(','))];
  // WooCommerce writes a byte-order mark first.
  return Buffer.from(`\uFEFF${lines.join('\n')}\n`);
}

/**
 * 1,000 products as WooCommerce exports them; 5 cannot be imported, each for its own reason: rows 101, 201, 301, 401
 * and 501 of the file (no SKU, a price in words, a grouped product, a repeated SKU, a negative stock).
 */
export function thousandWithFiveBroken(): Buffer {
  const rows = Array.from({ length: 1000 }, (_, i) => wooProduct(i + 1));
  rows[99] = wooProduct(100, { SKU: '' });
  rows[199] = wooProduct(200, { 'Regular price': 'giá liên hệ' });
  rows[299] = wooProduct(300, { Type: 'grouped' });
  rows[399] = wooProduct(400, { SKU: rows[0].SKU });
  rows[499] = wooProduct(500, { Stock: '-4' });
  return wooCsv(rows);
}
