import type { Locale } from '../../i18n/locales.ts';
import { decimalToMilli, parseDecimal } from '../../i18n/numbers.ts';
import type { SessionData } from '../../server/session.ts';
import type { CatalogService, ProductCard, VariantView } from '../catalog/service.ts';

export interface CartLine {
  product: ProductCard;
  /** The variant chosen, for a product with options. */
  variant: VariantView | null;
  /** The variant's price, or the product's. */
  unitPriceMinor: number;
  quantityMilli: number;
  lineTotalMinor: number;
}

/** A cart line is a product, or a product in one variant: the same product in two variants is two lines. */
export const sameLine = (entry: { p: string; v?: string }, productId: string, variantId: string | undefined) =>
  entry.p === productId && (entry.v ?? '') === (variantId ?? '');

export interface CartView {
  lines: CartLine[];
  subtotalMinor: number;
}

export const MAX_CART_LINES = 50;

/**
 * The cart with current names and prices: three queries whatever its size. Lines whose product or variant is gone
 * (archived, deleted), or whose product now has options that the line did not choose, are dropped.
 */
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
  const variantIds = entries.flatMap((e) => (e.v ? [e.v] : []));
  const variants = new Map(
    variantIds.length
      ? (
          await catalog.variantsOf([...new Set(entries.filter((e) => e.v).map((e) => e.p))], locale, {
            activeOnly: true,
            variantIds,
          })
        ).variants.map((v) => [v.id, v])
      : [],
  );
  const lines = entries
    .filter((e) => {
      const product = products.get(e.p);
      if (!product) return false;
      if (!e.v) return product.variantCount === 0;
      return variants.get(e.v)?.productId === e.p;
    })
    .map((e) => {
      const product = products.get(e.p)!;
      const variant = e.v ? variants.get(e.v)! : null;
      const unitPriceMinor = variant?.priceMinor ?? product.priceMinor;
      return {
        product,
        variant,
        unitPriceMinor,
        quantityMilli: e.q,
        lineTotalMinor: Math.round((unitPriceMinor * e.q) / 1000),
      };
    });
  return { lines, subtotalMinor: lines.reduce((sum, l) => sum + l.lineTotalMinor, 0) };
}

export type QuantityCheck = { ok: true } | { ok: false; error: 'cart.errorQuantity' | 'cart.errorStock' };

/** A quantity must be positive, a whole number of the unit's steps (KT-03), and in stock. */
export function checkQuantity(
  product: ProductCard,
  quantityMilli: number | null,
  variant?: VariantView | null,
): QuantityCheck {
  if (quantityMilli === null || quantityMilli <= 0 || quantityMilli % product.stepMilli !== 0) {
    return { ok: false, error: 'cart.errorQuantity' };
  }
  if (quantityMilli > (variant ? variant.stockMilli : product.stockMilli))
    return { ok: false, error: 'cart.errorStock' };
  return { ok: true };
}

/** A quantity typed in any digits ("২.৫", "۲٫۵", "2,5" in Vietnamese) as thousandths of the unit, or null. */
export function parseQuantityMilli(input: unknown, locale: Locale): number | null {
  if (typeof input !== 'string') return null;
  const decimal = parseDecimal(input, locale);
  const milli = decimal === null ? null : decimalToMilli(decimal);
  return milli === null || milli > BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(milli);
}
