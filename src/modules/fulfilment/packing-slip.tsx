/**
 * The packing slip: one printable page per order with what the packer needs and nothing more — the order code (as
 * text and as a barcode), the lines with quantities in the shop's units, who and where it goes, the delivery note,
 * and the cash the courier collects. No phone, no e-mail, no prices.
 */
import { fileURLToPath } from 'node:url';
import { renderToString } from 'preact-render-to-string';
import { DIRECTION, INTL_TAG } from '../../i18n/locales.ts';
import type { PageContext } from '../../server/context.ts';
import { Ltr, Money, Quantity } from '../../views/components.tsx';
import { areaName } from '../orders/delivery-areas.ts';
import type { OrderView } from '../orders/service.ts';
import { orderCodeBarcodeSvg } from './barcode.ts';

/** Where the page links its stylesheet; the server serves PACKING_SLIP_CSS_FILE there (and pdf.ts answers it itself). */
export const PACKING_SLIP_CSS_HREF = '/assets/packing-slip.css';
export const PACKING_SLIP_CSS_FILE = fileURLToPath(new URL('./packing-slip.css', import.meta.url));

export interface PackingSlipProps {
  ctx: PageContext;
  order: Pick<OrderView, 'code' | 'lines'> & Partial<Pick<OrderView, 'deliveryArea'>>;
  /**
   * What the packer reads about the delivery, as the caller revealed it (for `order.fulfilment`): typically the
   * recipient's name and the area of the address, and the delivery note. Nothing here is looked up by the slip.
   */
  deliverTo: { name?: string; area?: string; note?: string };
  /** Cash the courier collects at the door (handoff.ts codToCollect); shown only when there is some. */
  codMinor: number;
  currency: string;
}

export function PackingSlip({ ctx, order, deliverTo, codMinor, currency }: PackingSlipProps) {
  const { t, locale } = ctx;
  const title = `${t('order.title')} ${order.code}`;
  return (
    <html lang={INTL_TAG[locale]} dir={DIRECTION[locale]}>
      <head>
        <meta charSet="utf-8" />
        <meta name="robots" content="noindex" />
        <title>{title}</title>
        <link rel="stylesheet" href={PACKING_SLIP_CSS_HREF} />
      </head>
      <body>
        <main class="slip">
          <header class="slip-header">
            <div>
              <p class="shop">{ctx.preset.identity.name[locale]}</p>
              <h1>
                {t('status.code')}{' '}
                <span class="code">
                  <Ltr>{order.code}</Ltr>
                </span>
              </h1>
            </div>
            {/* The SVG is bwip-js's drawing of bars only, for a code checked against the order-code pattern. */}
            <div
              class="barcode"
              role="img"
              aria-label={order.code}
              dangerouslySetInnerHTML={{ __html: orderCodeBarcodeSvg(order.code) }}
            />
          </header>
          <section class="deliver-to">
            <h2>{t('staff.deliverTo')}</h2>
            {deliverTo.name ? <p class="recipient">{deliverTo.name}</p> : null}
            {deliverTo.area ? <p class="area">{deliverTo.area}</p> : null}
            {order.deliveryArea ? (
              <p class="delivery-area">
                <span class="label">{t('order.deliveryArea')}: </span>
                {areaName(order.deliveryArea.name, ctx.locale, ctx.preset.defaultLocale)}
              </p>
            ) : null}
            {deliverTo.note ? (
              <p class="note">
                <span class="label">{t('checkout.instructions')}: </span>
                {deliverTo.note}
              </p>
            ) : null}
          </section>
          <table class="lines">
            <thead>
              <tr>
                <th scope="col">{t('cart.product')}</th>
                <th scope="col">{t('product.sku')}</th>
                <th scope="col" class="qty">
                  {t('cart.quantityHeader')}
                </th>
              </tr>
            </thead>
            <tbody>
              {order.lines.map((line) => (
                <tr key={line.sku}>
                  <td>
                    {line.name}
                    {line.variantLabel ? ` (${line.variantLabel})` : ''}
                  </td>
                  <td>
                    <Ltr>{line.sku}</Ltr>
                  </td>
                  <td class="qty">
                    <Quantity ctx={ctx} milli={line.quantityMilli} unit={line.unit} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {codMinor > 0 ? (
            <p class="cod">
              {t('payment.cod')}: <Money ctx={ctx} minor={codMinor} currency={currency} />
            </p>
          ) : null}
        </main>
      </body>
    </html>
  );
}

/** The whole document, for the PDF (pdf.ts) or for a reply that is not sent through sendPage. */
export function packingSlipHtml(props: PackingSlipProps): string {
  return `<!doctype html>${renderToString(<PackingSlip {...props} />)}`;
}
