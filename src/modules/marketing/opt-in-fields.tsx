import type { PageContext } from '../../server/context.ts';

/**
 * The checkout's boxes asking for news and offers: never ticked unless the buyer ticked them (a form shown again
 * after an error keeps what they chose). Ticking starts a double opt-in; nothing is sent before it is confirmed.
 */
export function MarketingOptInFields({
  ctx,
  values,
}: {
  ctx: PageContext;
  values: { marketing_email?: string; marketing_sms?: string };
}) {
  const { t } = ctx;
  return (
    <fieldset class="marketing-opt-in">
      <legend>{t('marketing.optInLegend')}</legend>
      <div class="field checkbox">
        <input
          type="checkbox"
          id="f-marketing_email"
          name="marketing_email"
          value="yes"
          checked={values.marketing_email === 'yes'}
        />
        <label for="f-marketing_email">{t('marketing.optInEmail')}</label>
      </div>
      {ctx.preset.orderSms ? (
        <div class="field checkbox">
          <input
            type="checkbox"
            id="f-marketing_sms"
            name="marketing_sms"
            value="yes"
            checked={values.marketing_sms === 'yes'}
          />
          <label for="f-marketing_sms">{t('marketing.optInSms')}</label>
        </div>
      ) : null}
    </fieldset>
  );
}
