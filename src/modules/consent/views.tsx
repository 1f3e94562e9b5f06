import type { NonEssentialFeature } from '../../presets/types.ts';
import type { PageContext } from '../../server/context.ts';
import { Layout } from '../../views/layout.tsx';
import type { ConsentState } from './service.ts';

/**
 * The consent banner (CM-12): a plain form, so it works without JavaScript. "Reject" is the same kind of button,
 * the same size and in the same step as "Accept"; there is nothing to tick, so nothing is pre-ticked.
 */
export function ConsentBanner({ ctx }: { ctx: PageContext }) {
  const { t, locale, preset } = ctx;
  const features = preset.nonEssential ?? [];
  return (
    <section class="consent-banner" aria-labelledby="consent-title">
      <h2 id="consent-title">{t('consent.bannerTitle')}</h2>
      <p>{t('consent.bannerBody')}</p>
      <ul>
        {features.map((f) => (
          <li key={f}>
            <strong>{t(`consent.feature.${f}.name`)}</strong>: {t(`consent.feature.${f}.purpose`)}
          </li>
        ))}
      </ul>
      <form method="post" action={`/${locale}/consent`} class="consent-choices">
        <input type="hidden" name="_csrf" value={ctx.csrf} />
        <input type="hidden" name="next" value={`${ctx.path}${ctx.listQuery}`} />
        <button name="choice" value="accept" class="consent-choice">
          {t('consent.accept')}
        </button>
        <button name="choice" value="reject" class="consent-choice">
          {t('consent.reject')}
        </button>
      </form>
      <p>
        <a href={`/${locale}/cookies`}>{t('consent.choose')}</a>
      </p>
    </section>
  );
}

/** Cookie settings: each optional feature, unticked unless agreed to; withdrawing is one press, like agreeing. */
export function CookieSettingsPage({ ctx, state, saved }: { ctx: PageContext; state: ConsentState; saved: boolean }) {
  const { t, locale, preset } = ctx;
  const features = preset.nonEssential ?? [];
  return (
    <Layout ctx={ctx} title={t('consent.settingsTitle')}>
      <h1>{t('consent.settingsTitle')}</h1>
      {saved ? (
        <p class="notice" role="status">
          {t('consent.saved')}
        </p>
      ) : null}
      <p>{t('consent.settingsIntro')}</p>
      {features.length === 0 ? (
        <p>{t('consent.nothingOptional')}</p>
      ) : state.gpc ? (
        <p class="notice">{t('consent.gpc')}</p>
      ) : (
        <form method="post" action={`/${locale}/consent`} class="narrow consent-settings">
          <input type="hidden" name="_csrf" value={ctx.csrf} />
          <input type="hidden" name="from" value="settings" />
          <input type="hidden" name="next" value="/cookies?saved=1" />
          <p>{state.recordId ? t('consent.current.answered') : t('consent.current.none')}</p>
          {features.map((f) => (
            <div class="field checkbox" key={f}>
              <input
                type="checkbox"
                id={`f-feature_${f}`}
                name={`feature_${f}`}
                value="yes"
                checked={state.granted.has(f)}
              />
              <label for={`f-feature_${f}`}>
                <strong>{t(`consent.feature.${f}.name`)}</strong>: {t(`consent.feature.${f}.purpose`)}{' '}
                {t(`consent.feature.${f}.without`)}
              </label>
            </div>
          ))}
          <div class="consent-choices">
            <button name="choice" value="save" class="consent-choice">
              {t('consent.save')}
            </button>
            <button name="choice" value="accept" class="consent-choice">
              {t('consent.acceptAll')}
            </button>
            <button name="choice" value="reject" class="consent-choice">
              {t('consent.rejectAll')}
            </button>
          </div>
        </form>
      )}
      <p>
        <a href={`/${locale}/privacy`}>{t('policy.title')}</a>
      </p>
    </Layout>
  );
}

/** The policy's paragraph on optional cookies: each with its purpose and what stops working without it (MS-09). */
export function OptionalCookies({ ctx, features }: { ctx: PageContext; features: readonly NonEssentialFeature[] }) {
  const { t, locale } = ctx;
  if (features.length === 0) return <p class="optional-cookies">{t('consent.policyNone')}</p>;
  return (
    <div class="optional-cookies">
      <p>{t('consent.policyIntro')}</p>
      <ul>
        {features.map((f) => (
          <li key={f}>
            <strong>{t(`consent.feature.${f}.name`)}</strong>: {t(`consent.feature.${f}.purpose`)}{' '}
            {t(`consent.feature.${f}.without`)}
          </li>
        ))}
      </ul>
      <p>
        {t('consent.consentCookie')} {t('consent.gpcPolicy')}{' '}
        <a href={`/${locale}/cookies`}>{t('consent.settingsLink')}</a>
      </p>
    </div>
  );
}
