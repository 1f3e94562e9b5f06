import { randomUUID } from 'node:crypto';
import type { Locale } from '../../src/i18n/locales.ts';
import type { CatalogService, ProductCard } from '../../src/modules/catalog/service.ts';
import type { CheckoutInput, OrderView } from '../../src/modules/orders/service.ts';
import type { TestShop } from './shop.ts';

/**
 * An order placed straight through OrderService (no pages): one step of the first product in stock, cash on
 * delivery unless said otherwise, with the invoice details a shop that issues official invoices needs.
 */
export async function placeOrder(
  shop: TestShop,
  input: Pick<CheckoutInput, 'buyer'> & Partial<Omit<CheckoutInput, 'buyer'>>,
): Promise<OrderView> {
  const product = (await shop.app.catalog.list({ locale: 'en' })).items.find((p) => p.stockMilli >= p.stepMilli)!;
  const placed = await shop.app.orders.place({
    lines: [{ productId: product.id, quantityMilli: product.stepMilli }],
    recipient: null,
    deliveryInstructions: '',
    deliveryDate: null,
    deliveryWindow: null,
    paymentMethod: 'cod',
    paymentReference: null,
    taxIdentity: shop.app.preset.taxIdentity ? { kind: 'person', nationalCode: '0499370899' } : null,
    channel: 'web',
    locale: 'en',
    idempotencyKey: randomUUID(),
    actor: 'customer',
    ...input,
  });
  if (!placed.ok) throw new Error(`order not placed: ${placed.error}`);
  return (await shop.app.orders.byId(placed.id))!;
}

/** The products on sale that are bought as they are (no options to choose), as staff entering an order see them. */
export async function productsWithoutOptions(catalog: CatalogService, locale: Locale): Promise<ProductCard[]> {
  return (await catalog.orderEntryItems(locale)).filter((item) => item.variant === null).map((item) => item.product);
}
