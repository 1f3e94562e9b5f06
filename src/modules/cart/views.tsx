import { formatIsoDay, formatNumber, formatUnit, unitName } from '../../i18n/format.ts';
import { milliToDecimal } from '../../i18n/numbers.ts';
import type { MessageKey, Values } from '../../i18n/translate.ts';
import type { PageContext } from '../../server/context.ts';
import { CsrfField, ErrorSummary, Field, Money, Quantity } from '../../views/components.tsx';
import { Layout } from '../../views/layout.tsx';
import { OrderByContact } from '../catalog/views.tsx';
import { MarketingOptInFields } from '../marketing/opt-in-fields.tsx';
import type { CartView } from './cart.ts';
import { type CheckoutValues, deliveryDays } from './checkout-form.ts';
import { CartDeliveryRows, DeliveryAreaChoice, DeliveryTotals } from './delivery-area-views.tsx';

/** The error-summary key of a cart line's quantity box; its input's id is `f-` and this. */
export const quantityField = (productId: string, variantId?: string | null) =>
  variantId ? `q-${productId}-${variantId}` : `q-${productId}`;

export function CartPage(props: {
  ctx: PageContext;
  cart: CartView;
  errors?: Record<string, MessageKey>;
  errorValues?: Partial<Record<string, Values>>;
  /** A quantity change that was refused: its line shows what was typed. */
  refused?: { productId: string; variantId?: string; typed: string };
}) {
  const { ctx, cart, errors } = props;
  const { t, locale, preset } = ctx;
  const catalogue = preset.storefront === 'catalogue';
  return (
    <Layout ctx={ctx} title={catalogue ? t('cart.titleList') : t('cart.title')}>
      <h1>{catalogue ? t('cart.titleList') : t('cart.title')}</h1>
      {errors ? <ErrorSummary ctx={ctx} errors={errors} values={props.errorValues} /> : null}
      {cart.lines.length === 0 ? (
        <p>{t('cart.empty')}</p>
      ) : (
        <>
          <table class="cart">
            <thead>
              <tr>
                <th scope="col">{t('cart.product')}</th>
                <th scope="col">{t('cart.price')}</th>
                <th scope="col">{t('cart.quantityHeader')}</th>
                <th scope="col">{t('cart.lineTotal')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('cart.remove')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {cart.lines.map((l) => {
                const field = quantityField(l.product.id, l.variant?.id);
                const refused =
                  props.refused?.productId === l.product.id &&
                  (props.refused.variantId ?? '') === (l.variant?.id ?? '');
                const variantField = l.variant ? <input type="hidden" name="variant" value={l.variant.id} /> : null;
                return (
                  <tr key={field}>
                    <td>
                      <a href={`/${locale}/p/${l.product.id}`}>{l.product.name}</a>
                      {l.variant ? <span class="variant-label">{l.variant.label}</span> : null}
                    </td>
                    <td>
                      <Money ctx={ctx} minor={l.unitPriceMinor} /> / {unitName(1, l.product.unit, locale)}
                    </td>
                    <td>
                      <form method="post" action={`/${locale}/cart/update`} class="qty-form">
                        <CsrfField ctx={ctx} />
                        <input type="hidden" name="product" value={l.product.id} />
                        {variantField}
                        <label class="visually-hidden" for={`f-${field}`}>
                          {t('cart.quantity', { unit: unitName(2, l.product.unit, locale) })}
                        </label>
                        <input
                          id={`f-${field}`}
                          name="quantity"
                          inputMode="decimal"
                          dir="ltr"
                          size={6}
                          value={refused ? props.refused!.typed : formatNumber(milliToDecimal(l.quantityMilli), locale)}
                          aria-invalid={refused ? 'true' : undefined}
                        />
                        <span> {unitName(l.quantityMilli / 1000, l.product.unit, locale)}</span>
                        <button class="secondary">{t('cart.update')}</button>
                      </form>
                      {l.product.tilesPerBox ? (
                        <p class="hint">
                          {t('cart.tilesTotal', {
                            tiles: formatNumber((l.quantityMilli / 1000) * l.product.tilesPerBox, locale),
                          })}
                        </p>
                      ) : null}
                    </td>
                    <td>
                      <Money ctx={ctx} minor={l.lineTotalMinor} />
                    </td>
                    <td>
                      <form method="post" action={`/${locale}/cart/remove`}>
                        <CsrfField ctx={ctx} />
                        <input type="hidden" name="product" value={l.product.id} />
                        {variantField}
                        <button class="link">{t('cart.remove')}</button>
                      </form>
                    </td>
                  </tr>
                );
              })}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={3}>
                  {t('cart.subtotal')}
                </th>
                <td colSpan={2}>
                  <Money ctx={ctx} minor={cart.subtotalMinor} />
                </td>
              </tr>
              <CartDeliveryRows ctx={ctx} subtotalMinor={cart.subtotalMinor} />
            </tfoot>
          </table>
          {catalogue ? (
            <CatalogueOrder ctx={ctx} cart={cart} />
          ) : preset.accountRequired && !ctx.signedIn ? (
            <>
              <p class="notice">{t('checkout.signInToOrder')}</p>
              <p>
                <a class="button" href={`/${locale}/checkout`}>
                  {t('nav.signIn')}
                </a>{' '}
                <a href={`/${locale}/account/register`}>{t('account.register')}</a>
              </p>
            </>
          ) : (
            <p>
              <a class="button" href={`/${locale}/checkout`}>
                {t('cart.checkout')}
              </a>
            </p>
          )}
        </>
      )}
    </Layout>
  );
}

/** Catalogue shops (khatra) take the order by phone or e-mail: the list goes into a prepared e-mail (KT-10). */
function CatalogueOrder({ ctx, cart }: { ctx: PageContext; cart: CartView }) {
  const { identity } = ctx.preset;
  const body = cart.lines
    .map(
      (l) =>
        `${l.variant?.sku ?? l.product.sku} — ${l.product.name}${l.variant ? ` (${l.variant.label})` : ''}: ${formatUnit(milliToDecimal(l.quantityMilli), l.product.unit, ctx.locale)}`,
    )
    .join('\n');
  const mailto = `mailto:${identity.email}?subject=${encodeURIComponent(ctx.t('cart.mailSubject'))}&body=${encodeURIComponent(body)}`;
  return (
    <section class="catalogue-order">
      <OrderByContact ctx={ctx} />
      <p>
        <a class="button" href={mailto}>
          {ctx.t('cart.sendByEmail')}
        </a>
      </p>
    </section>
  );
}

/** The buyer, delivery and payment fields: the same form serves web checkout and staff order entry. */
/**
 * KN-04: who the official invoice is for. Both groups are in the page (it works without JavaScript); CSS shows the
 * one whose buyer type is chosen.
 */
export function InvoiceFields(props: {
  ctx: PageContext;
  values: Partial<CheckoutValues>;
  errors: Partial<Record<string, MessageKey>>;
}) {
  const { ctx, values: v, errors: e } = props;
  const { t } = ctx;
  const type = v.buyer_type === 'organisation' ? 'organisation' : 'person';
  return (
    <fieldset class="invoice">
      <legend>{t('checkout.invoice')}</legend>
      <p class="hint">{t('checkout.invoiceHint')}</p>
      {e.buyer_type ? <p class="error">{t(e.buyer_type)}</p> : null}
      {(['person', 'organisation'] as const).map((kind) => (
        <div class="field radio" key={kind}>
          <input type="radio" id={`f-buyer_type-${kind}`} name="buyer_type" value={kind} checked={type === kind} />
          <label for={`f-buyer_type-${kind}`}>{t(`checkout.buyerType.${kind}`)}</label>
        </div>
      ))}
      <div class="for-person">
        <Field
          ctx={ctx}
          name="national_code"
          label="checkout.nationalCode"
          value={v.national_code}
          error={e.national_code}
          dir="ltr"
          inputmode="numeric"
        />
      </div>
      <div class="for-organisation">
        <Field
          ctx={ctx}
          name="organisation_name"
          label="checkout.organisationName"
          value={v.organisation_name}
          error={e.organisation_name}
          autocomplete="organization"
        />
        <Field
          ctx={ctx}
          name="national_id"
          label="checkout.nationalId"
          value={v.national_id}
          error={e.national_id}
          dir="ltr"
          inputmode="numeric"
        />
        <Field
          ctx={ctx}
          name="economic_code"
          label="checkout.economicCode"
          value={v.economic_code}
          error={e.economic_code}
          dir="ltr"
          inputmode="numeric"
        />
      </div>
    </fieldset>
  );
}

export function CheckoutFields(props: {
  ctx: PageContext;
  values: Partial<CheckoutValues>;
  errors: Partial<Record<string, MessageKey>>;
  /** Staff entering a phone or e-mail order: the same fields, worded for the person taking the order. */
  forStaff?: boolean;
}) {
  const { ctx, values: v, errors: e, forStaff } = props;
  const { t, preset, locale } = ctx;
  return (
    <>
      <fieldset>
        <legend>{t(forStaff ? 'staff.customerDetails' : 'checkout.buyer')}</legend>
        <Field ctx={ctx} name="name" label="checkout.name" value={v.name} error={e.name} required autocomplete="name" />
        <Field
          ctx={ctx}
          name="phone"
          label="checkout.phone"
          value={v.phone}
          error={e.phone}
          required
          type="tel"
          dir="ltr"
          inputmode="tel"
          autocomplete="tel"
        />
        <Field
          ctx={ctx}
          name="email"
          label="checkout.email"
          value={v.email}
          error={e.email}
          required={preset.checkoutEmailRequired}
          type="email"
          dir="ltr"
          autocomplete="email"
        />
        <Field
          ctx={ctx}
          name="address"
          label="checkout.address"
          value={v.address}
          error={e.address}
          required
          multiline
          autocomplete="street-address"
        />
      </fieldset>
      {preset.taxIdentity ? <InvoiceFields ctx={ctx} values={v} errors={e} /> : null}
      <fieldset>
        <legend>{t('checkout.delivery')}</legend>
        <div class="field checkbox">
          <input
            type="checkbox"
            id="f-different_recipient"
            name="different_recipient"
            value="yes"
            checked={v.different_recipient === 'yes'}
          />
          <label for="f-different_recipient">{t('checkout.differentRecipient')}</label>
          <p class="hint">{t('checkout.differentRecipientHint')}</p>
        </div>
        <div class="recipient">
          <Field
            ctx={ctx}
            name="recipient_name"
            label="checkout.recipientName"
            value={v.recipient_name}
            error={e.recipient_name}
          />
          <Field
            ctx={ctx}
            name="recipient_phone"
            label="checkout.recipientPhone"
            value={v.recipient_phone}
            error={e.recipient_phone}
            type="tel"
            dir="ltr"
            inputmode="tel"
          />
          <Field
            ctx={ctx}
            name="recipient_address"
            label="checkout.recipientAddress"
            value={v.recipient_address}
            error={e.recipient_address}
            multiline
          />
        </div>
        <DeliveryAreaChoice ctx={ctx} value={v.delivery_area} error={e.delivery_area} />
        <Field
          ctx={ctx}
          name="delivery_instructions"
          label="checkout.instructions"
          value={v.delivery_instructions}
          error={e.delivery_instructions}
          multiline
        />
        <div class={e.delivery_date ? 'field field-error' : 'field'}>
          <label for="f-delivery_date">{t('checkout.deliveryDate')}</label>
          {e.delivery_date ? <p class="error">{t(e.delivery_date)}</p> : null}
          <select id="f-delivery_date" name="delivery_date">
            <option value="">{t('checkout.noPreference')}</option>
            {deliveryDays(preset.timezone).map((day) => (
              <option key={day} value={day} selected={v.delivery_date === day}>
                {formatIsoDay(day, locale, 'long')}
              </option>
            ))}
          </select>
        </div>
        <div class={e.delivery_window ? 'field field-error' : 'field'}>
          <label for="f-delivery_window">{t('checkout.deliveryWindow')}</label>
          {e.delivery_window ? <p class="error">{t(e.delivery_window)}</p> : null}
          <select id="f-delivery_window" name="delivery_window">
            <option value="">{t('checkout.noPreference')}</option>
            {preset.deliveryWindows.map((w) => (
              <option key={w} value={w} selected={v.delivery_window === w}>
                {windowLabel(w, locale)}
              </option>
            ))}
          </select>
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('checkout.payment')}</legend>
        {e.payment_method ? <p class="error">{t(e.payment_method)}</p> : null}
        {preset.paymentMethods.map((m, i) => (
          <div class="field radio" key={m}>
            <input
              type="radio"
              id={`pm-${m}`}
              name="payment_method"
              value={m}
              checked={v.payment_method ? v.payment_method === m : i === 0}
            />
            <label for={`pm-${m}`}>{t(`payment.${m}`)}</label>
            {preset.paymentInstructions[m] ? <p class="hint">{preset.paymentInstructions[m]?.[locale]}</p> : null}
          </div>
        ))}
        <Field
          ctx={ctx}
          name="payment_reference"
          label="checkout.paymentReference"
          value={v.payment_reference}
          error={e.payment_reference}
          dir="ltr"
          hint={t('checkout.paymentReferenceHint')}
        />
        <p class="hint">{t(forStaff ? 'staff.noCardData' : 'checkout.noCardData')}</p>
      </fieldset>
    </>
  );
}

/** "09:00-12:00" with the locale's digits. */
export function windowLabel(window: string, locale: PageContext['locale']): string {
  return window.replace(/\d/g, (d) => formatNumber(Number(d), locale));
}

export function CheckoutPage(props: {
  ctx: PageContext;
  cart: CartView;
  values: Partial<CheckoutValues>;
  errors: Partial<Record<string, MessageKey>>;
  idempotencyKey: string;
}) {
  const { ctx, cart } = props;
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('checkout.title')}>
      <h1>{t('checkout.title')}</h1>
      <ErrorSummary ctx={ctx} errors={props.errors as Record<string, MessageKey>} />
      <section class="summary" id="f-cart" tabindex={-1} aria-label={t('checkout.summary')}>
        <ul>
          {cart.lines.map((l) => (
            <li key={quantityField(l.product.id, l.variant?.id)}>
              {l.product.name}
              {l.variant ? ` (${l.variant.label})` : ''} —{' '}
              <Quantity ctx={ctx} milli={l.quantityMilli} unit={l.product.unit} /> —{' '}
              <Money ctx={ctx} minor={l.lineTotalMinor} />
            </li>
          ))}
        </ul>
        <DeliveryTotals ctx={ctx} subtotalMinor={cart.subtotalMinor} />
      </section>
      <form method="post" action={`/${locale}/checkout`} class="checkout" novalidate>
        <CsrfField ctx={ctx} />
        <input type="hidden" name="idempotency_key" value={props.idempotencyKey} />
        <CheckoutFields ctx={ctx} values={props.values} errors={props.errors} />
        <MarketingOptInFields ctx={ctx} values={props.values} />
        <p class="hint">
          {t('checkout.policyNote')} <a href={`/${locale}/privacy`}>{t('policy.title')}</a>
        </p>
        <button>{t('checkout.placeOrder')}</button>
      </form>
    </Layout>
  );
}
