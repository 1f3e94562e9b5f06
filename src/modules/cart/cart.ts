import type { Locale } from '../../i18n/locales.ts';
import { decimalToMilli, parseDecimal } from '../../i18n/numbers.ts';
import type { SessionData } from '../../server/session.ts';
import type { CatalogService, ProductCard } from '../catalog/service.ts';

export interface CartLine {
  product: ProductCard;
  quantityMilli: number;
  lineTotalMinor: number;
}

export interface CartView {
  lines: CartLine[];
  subtotalMinor: number;
}

export const MAX_CART_LINES = 50;

/** The cart with current names and prices: one query whatever its size. Lines whose product is gone are dropped. */
export async function loadCart(
  catalog: CatalogService,
  data: SessionData | undefined,
  locale: Locale,
): Promise<CartView> {
  const entries = data?.cart ?? [];
  const products = new Map(
    (
      await catalog.byIds(
        entries.map((e) => e.p),
        locale,
      )
    ).map((p) => [p.id, p]),
  );
  const lines = entries
    .filter((e) => products.has(e.p))
    .map((e) => {
      const product = products.get(e.p)!;
      return { product, quantityMilli: e.q, lineTotalMinor: Math.round((product.priceMinor * e.q) / 1000) };
    });
  return { lines, subtotalMinor: lines.reduce((sum, l) => sum + l.lineTotalMinor, 0) };
}

export type QuantityCheck = { ok: true } | { ok: false; error: 'cart.errorQuantity' | 'cart.errorStock' };

/** A quantity must be positive, a whole number of the unit's steps (KT-03), and in stock. */
export function checkQuantity(product: ProductCard, quantityMilli: number | null): QuantityCheck {
  if (quantityMilli === null || quantityMilli <= 0 || quantityMilli % product.stepMilli !== 0) {
    return { ok: false, error: 'cart.errorQuantity' };
  }
  if (quantityMilli > product.stockMilli) return { ok: false, error: 'cart.errorStock' };
  return { ok: true };
}

/** A quantity typed in any digits ("২.৫", "۲٫۵", "2,5" in Vietnamese) as thousandths of the unit, or null. */
export function parseQuantityMilli(input: unknown, locale: Locale): number | null {
  if (typeof input !== 'string') return null;
  const decimal = parseDecimal(input, locale);
  const milli = decimal === null ? null : decimalToMilli(decimal);
  return milli === null || milli > BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(milli);
}
