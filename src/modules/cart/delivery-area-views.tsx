import { Fragment } from 'preact';
import type { MessageKey } from '../../i18n/translate.ts';
import type { DeliveryArea } from '../../presets/types.ts';
import type { PageContext } from '../../server/context.ts';
import { Money } from '../../views/components.tsx';
import { areaFeeMinor, areaName, offeredAreas } from '../orders/delivery-areas.ts';

const nameOf = (ctx: PageContext, area: DeliveryArea) => areaName(area.name, ctx.locale, ctx.preset.defaultLocale);

/**
 * Where the order goes: with several areas, one radio button per area with its fee (required, works without
 * JavaScript); with one, just where the shop delivers.
 */
export function DeliveryAreaChoice(props: {
  ctx: PageContext;
  value: string | undefined;
  error: MessageKey | undefined;
}) {
  const { ctx, value, error } = props;
  const { t } = ctx;
  const areas = offeredAreas(ctx.preset);
  if (areas.length === 1) {
    return (
      <p class="delivery-area">
        {t('checkout.deliveryAreaOnly', { area: nameOf(ctx, areas[0]) })}
        {error ? <span class="error"> {t(error)}</span> : null}
      </p>
    );
  }
  return (
    <fieldset
      id="f-delivery_area"
      class={error ? 'delivery-area field-error' : 'delivery-area'}
      aria-describedby={error ? 'f-delivery_area-error' : undefined}
    >
      <legend>
        {t('checkout.deliveryArea')}
        <span class="required"> *</span>
      </legend>
      {error ? (
        <p class="error" id="f-delivery_area-error">
          {t(error)}
        </p>
      ) : null}
      {areas.map((a) => (
        <div class="field radio" key={a.id}>
          <input
            type="radio"
            id={`f-delivery_area-${a.id}`}
            name="delivery_area"
            value={a.id}
            checked={value === a.id}
            required
          />
          <label for={`f-delivery_area-${a.id}`}>
            {nameOf(ctx, a)} — <Money ctx={ctx} minor={areaFeeMinor(a, ctx.preset.currency)} />
          </label>
        </div>
      ))}
    </fieldset>
  );
}

/**
 * Subtotal, delivery fee and total, so the customer knows the whole price before ordering. With several areas the
 * page cannot know the choice before it is sent (no JavaScript), so it gives the total for each area.
 */
export function DeliveryTotals({ ctx, subtotalMinor }: { ctx: PageContext; subtotalMinor: number }) {
  const { t } = ctx;
  const areas = offeredAreas(ctx.preset);
  const fee = (a: DeliveryArea) => areaFeeMinor(a, ctx.preset.currency);
  return (
    <dl class="totals">
      <dt>{t('cart.subtotal')}</dt>
      <dd>
        <Money ctx={ctx} minor={subtotalMinor} />
      </dd>
      {areas.length === 1 ? (
        <>
          <dt>{t('order.deliveryFee')}</dt>
          <dd>
            <Money ctx={ctx} minor={fee(areas[0])} />
          </dd>
          <dt>{t('order.total')}</dt>
          <dd class="total">
            <Money ctx={ctx} minor={subtotalMinor + fee(areas[0])} />
          </dd>
        </>
      ) : (
        areas.map((a) => (
          <Fragment key={a.id}>
            <dt>{t('order.deliveryFeeTo', { area: nameOf(ctx, a) })}</dt>
            <dd>
              <Money ctx={ctx} minor={fee(a)} />
            </dd>
            <dt>{t('checkout.totalTo', { area: nameOf(ctx, a) })}</dt>
            <dd class="total">
              <Money ctx={ctx} minor={subtotalMinor + fee(a)} />
            </dd>
          </Fragment>
        ))
      )}
    </dl>
  );
}

/** The cart's footer rows for delivery: the fee and total with one area; each area's fee with several. */
export function CartDeliveryRows({ ctx, subtotalMinor }: { ctx: PageContext; subtotalMinor: number }) {
  const { t } = ctx;
  const areas = offeredAreas(ctx.preset);
  if (areas.length === 1) {
    const fee = areaFeeMinor(areas[0], ctx.preset.currency);
    return (
      <>
        <tr>
          <th scope="row" colSpan={3}>
            {t('order.deliveryFee')}
          </th>
          <td colSpan={2}>
            <Money ctx={ctx} minor={fee} />
          </td>
        </tr>
        <tr class="total">
          <th scope="row" colSpan={3}>
            {t('order.total')}
          </th>
          <td colSpan={2}>
            <Money ctx={ctx} minor={subtotalMinor + fee} />
          </td>
        </tr>
      </>
    );
  }
  return (
    <>
      {areas.map((a) => (
        <tr key={a.id}>
          <th scope="row" colSpan={3}>
            {t('order.deliveryFeeTo', { area: nameOf(ctx, a) })}
          </th>
          <td colSpan={2}>
            <Money ctx={ctx} minor={areaFeeMinor(a, ctx.preset.currency)} />
          </td>
        </tr>
      ))}
      <tr>
        <td colSpan={5} class="hint">
          {t('cart.feeDependsOnArea')}
        </td>
      </tr>
    </>
  );
}
