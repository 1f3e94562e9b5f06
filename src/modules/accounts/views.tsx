import { formatDateTime } from '../../i18n/format.ts';
import type { MessageKey, Values } from '../../i18n/translate.ts';
import type { PageContext } from '../../server/context.ts';
import { CsrfField, ErrorSummary, Field, Ltr, Money, Phone } from '../../views/components.tsx';
import { Layout } from '../../views/layout.tsx';
import { statusMessage } from '../fulfilment/own-delivery-wording.ts';
import type { OrderStatus } from '../orders/lifecycle.ts';
import type { Profile } from './service.ts';

type Errors = Record<string, MessageKey>;

function Notice({
  ctx,
  notice,
  error,
  values,
}: {
  ctx: PageContext;
  notice?: MessageKey;
  error?: MessageKey;
  values?: Values;
}) {
  return (
    <>
      {notice ? <p class="notice success">{ctx.t(notice, values)}</p> : null}
      {error ? (
        <p class="error" role="alert">
          {ctx.t(error, values)}
        </p>
      ) : null}
    </>
  );
}

export function RegisterPage({
  ctx,
  values,
  errors,
}: {
  ctx: PageContext;
  values: Record<string, string>;
  errors: Errors;
}) {
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('account.register')} noindex>
      <h1>{t('account.register')}</h1>
      <p>{t('account.registerIntro')}</p>
      <ErrorSummary ctx={ctx} errors={errors} values={{ password: { min: 8 } }} />
      <form method="post" action={`/${locale}/account/register`} class="narrow" novalidate>
        <CsrfField ctx={ctx} />
        <Field
          ctx={ctx}
          name="name"
          label="checkout.name"
          value={values.name}
          error={errors.name}
          required
          autocomplete="name"
        />
        <Field
          ctx={ctx}
          name="username"
          label="account.username"
          value={values.username}
          error={errors.username}
          required
          dir="ltr"
          autocomplete="username"
          hint={t('account.usernameHint')}
        />
        <Field
          ctx={ctx}
          name="email"
          label="checkout.email"
          value={values.email}
          error={errors.email}
          required
          type="email"
          dir="ltr"
          autocomplete="email"
        />
        <Field
          ctx={ctx}
          name="phone"
          label="checkout.phone"
          value={values.phone}
          error={errors.phone}
          required
          type="tel"
          dir="ltr"
          inputmode="tel"
          autocomplete="tel"
        />
        <Field
          ctx={ctx}
          name="address"
          label="checkout.address"
          value={values.address}
          error={errors.address}
          required
          multiline
          autocomplete="street-address"
        />
        <Field
          ctx={ctx}
          name="password"
          label="account.password"
          type="password"
          error={errors.password}
          errorValues={{ min: 8 }}
          required
          dir="ltr"
          autocomplete="new-password"
          hint={t('account.passwordHint')}
        />
        <div class="field checkbox">
          <input
            type="checkbox"
            id="f-marketing_email"
            name="marketing_email"
            value="yes"
            checked={values.marketing_email === 'yes'}
          />
          <label for="f-marketing_email">{t('account.marketingEmailOptIn')}</label>
        </div>
        <p class="hint">
          {t('checkout.policyNote')} <a href={`/${locale}/privacy`}>{t('policy.title')}</a>
        </p>
        <button>{t('account.register')}</button>
      </form>
      <p>
        <a href={`/${locale}/account/signin`}>{t('account.haveAccount')}</a>
      </p>
    </Layout>
  );
}

/** The same page whether or not the e-mail or phone already had an account: nothing to learn from it. */
export function CheckEmailPage({ ctx }: { ctx: PageContext }) {
  return (
    <Layout ctx={ctx} title={ctx.t('account.checkEmailTitle')} noindex>
      <h1>{ctx.t('account.checkEmailTitle')}</h1>
      <p>{ctx.t('account.checkEmail')}</p>
    </Layout>
  );
}

export function SignInPage(props: { ctx: PageContext; identifier?: string; error?: MessageKey; notice?: MessageKey }) {
  const { ctx } = props;
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('account.signIn')} noindex>
      <h1>{t('account.signIn')}</h1>
      <Notice ctx={ctx} notice={props.notice} error={props.error} />
      <form method="post" action={`/${locale}/account/signin`} class="narrow" novalidate>
        <CsrfField ctx={ctx} />
        <Field
          ctx={ctx}
          name="identifier"
          label="account.identifier"
          value={props.identifier}
          required
          dir="ltr"
          autocomplete="username"
        />
        <Field
          ctx={ctx}
          name="password"
          label="account.password"
          type="password"
          required
          dir="ltr"
          autocomplete="current-password"
        />
        <button>{t('account.signIn')}</button>
      </form>
      <p>
        <a href={`/${locale}/account/forgot`}>{t('account.forgot')}</a>
      </p>
      <p>
        <a href={`/${locale}/account/register`}>{t('account.noAccount')}</a>
      </p>
      <p class="hint">{t('account.forgotBoth')}</p>
    </Layout>
  );
}

export function ForgotPage({
  ctx,
  sent,
  identifier,
  error,
}: {
  ctx: PageContext;
  sent: boolean;
  identifier?: string;
  error?: MessageKey;
}) {
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('account.forgot')} noindex>
      <h1>{t('account.forgot')}</h1>
      {sent ? (
        <p class="notice success">{t('account.resetSent')}</p>
      ) : (
        <>
          <p>{t('account.forgotIntro')}</p>
          <Notice ctx={ctx} error={error} />
          <form method="post" action={`/${locale}/account/forgot`} class="narrow" novalidate>
            <CsrfField ctx={ctx} />
            <Field ctx={ctx} name="identifier" label="account.identifier" value={identifier} required dir="ltr" />
            <button>{t('account.sendReset')}</button>
          </form>
        </>
      )}
      <p class="hint">{t('account.forgotBoth')}</p>
    </Layout>
  );
}

export function ResetPage({ ctx, token, error }: { ctx: PageContext; token: string; error?: MessageKey }) {
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('account.newPassword')} noindex>
      <h1>{t('account.newPassword')}</h1>
      <Notice ctx={ctx} error={error} values={{ min: 8 }} />
      <form method="post" action={`/${locale}/account/reset/${token}`} class="narrow" novalidate>
        <CsrfField ctx={ctx} />
        <Field
          ctx={ctx}
          name="password"
          label="account.newPassword"
          type="password"
          required
          dir="ltr"
          autocomplete="new-password"
          hint={t('account.passwordHint')}
        />
        <button>{t('account.savePassword')}</button>
      </form>
    </Layout>
  );
}

/** The page an e-mailed confirmation link opens: one button uses the link. */
export function ConfirmLinkPage({ ctx, action }: { ctx: PageContext; action: string }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('account.confirmEmailTitle')} noindex>
      <h1>{t('account.confirmEmailTitle')}</h1>
      <form method="post" action={action} class="narrow">
        <CsrfField ctx={ctx} />
        <p>{t('account.confirmEmailPrompt')}</p>
        <button>{t('account.confirmEmailButton')}</button>
      </form>
    </Layout>
  );
}

export function LinkProblemPage({
  ctx,
  reason,
}: {
  ctx: PageContext;
  reason: 'invalid' | 'expired' | 'used' | 'taken';
}) {
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('account.linkProblemTitle')} noindex>
      <h1>{t('account.linkProblemTitle')}</h1>
      <p class="error">{t(`account.link.${reason}`)}</p>
      <p>
        <a href={`/${locale}/account/forgot`}>{t('account.forgot')}</a>
        {t('common.separator')}
        <a href={`/${locale}/account/signin`}>{t('account.signIn')}</a>
      </p>
    </Layout>
  );
}

function AccountNav({ ctx, current }: { ctx: PageContext; current: string }) {
  const { t, locale } = ctx;
  const items: [string, MessageKey][] = [
    ['', 'account.title'],
    ['/orders', 'account.orders'],
    ['/addresses', 'account.addresses'],
    ['/sessions', 'account.sessions'],
  ];
  return (
    <nav class="categories" aria-label={t('account.title')}>
      {items.map(([path, label]) => (
        <a key={path} href={`/${locale}/account${path}`} aria-current={current === path ? 'page' : undefined}>
          {t(label)}
        </a>
      ))}
      <a href={`/${locale}/privacy#rights`}>{t('account.privacyRequests')}</a>
    </nav>
  );
}

export function AccountPage(props: {
  ctx: PageContext;
  profile: Profile;
  errors: Errors;
  notice?: MessageKey;
  codePending: boolean;
  values?: Record<string, string>;
}) {
  const { ctx, profile: p, errors } = props;
  const { t, locale } = ctx;
  const v = props.values ?? {};
  return (
    <Layout ctx={ctx} title={t('account.title')} noindex>
      <h1>{t('account.title')}</h1>
      <AccountNav ctx={ctx} current="" />
      <Notice ctx={ctx} notice={props.notice} />
      <ErrorSummary ctx={ctx} errors={errors} />
      <dl class="facts">
        <dt>{t('account.username')}</dt>
        <dd>
          <Ltr>{p.username ?? ''}</Ltr>
        </dd>
        <dt>{t('checkout.email')}</dt>
        <dd>
          <Ltr>{p.email ?? ''}</Ltr> — {p.emailConfirmed ? t('account.confirmed') : t('account.notConfirmed')}{' '}
          {!p.emailConfirmed && p.email ? (
            <form method="post" action={`/${locale}/account/email`} class="inline">
              <CsrfField ctx={ctx} />
              <input type="hidden" name="email" value={p.email} />
              <button class="link">{t('account.resendLink')}</button>
            </form>
          ) : null}
        </dd>
        <dt>{t('checkout.phone')}</dt>
        <dd>
          {p.phone ? <Phone ctx={ctx} e164={p.phone} /> : ''} —{' '}
          {p.phoneConfirmed ? t('account.confirmed') : t('account.notConfirmed')}{' '}
          {!p.phoneConfirmed && p.phone ? (
            <form method="post" action={`/${locale}/account/phone`} class="inline">
              <CsrfField ctx={ctx} />
              <input type="hidden" name="phone" value={p.phone} />
              <button class="link">{t('account.resendCode')}</button>
            </form>
          ) : null}
        </dd>
      </dl>

      {props.codePending ? (
        <section>
          <h2>{t('account.enterCode')}</h2>
          <form method="post" action={`/${locale}/account/phone/confirm`} class="narrow" novalidate>
            <CsrfField ctx={ctx} />
            <Field
              ctx={ctx}
              name="code"
              label="account.code"
              error={errors.code}
              required
              dir="ltr"
              inputmode="numeric"
              autocomplete="one-time-code"
            />
            <button>{t('account.confirmPhone')}</button>
          </form>
        </section>
      ) : null}

      <section>
        <h2>{t('account.profile')}</h2>
        <form method="post" action={`/${locale}/account/profile`} class="narrow" novalidate>
          <CsrfField ctx={ctx} />
          <Field
            ctx={ctx}
            name="name"
            label="checkout.name"
            value={v.name ?? p.name ?? ''}
            error={errors.name}
            required
            autocomplete="name"
          />
          <Field
            ctx={ctx}
            name="address"
            label="checkout.address"
            value={v.address ?? p.address ?? ''}
            error={errors.address}
            required
            multiline
          />
          <button>{t('account.save')}</button>
        </form>
      </section>

      <section>
        <h2>{t('account.changeEmail')}</h2>
        <p class="hint">{t('account.changeEmailHint')}</p>
        <form method="post" action={`/${locale}/account/email`} class="narrow" novalidate>
          <CsrfField ctx={ctx} />
          <Field
            ctx={ctx}
            name="email"
            label="account.newEmail"
            value={v.email}
            error={errors.email}
            required
            type="email"
            dir="ltr"
          />
          <button>{t('account.sendLink')}</button>
        </form>
      </section>

      <section>
        <h2>{t('account.changePhone')}</h2>
        <p class="hint">{t('account.changePhoneHint')}</p>
        <form method="post" action={`/${locale}/account/phone`} class="narrow" novalidate>
          <CsrfField ctx={ctx} />
          <Field
            ctx={ctx}
            name="phone"
            label="account.newPhone"
            value={v.phone}
            error={errors.phone}
            required
            type="tel"
            dir="ltr"
            inputmode="tel"
          />
          <button>{t('account.sendCode')}</button>
        </form>
      </section>

      <section>
        <h2>{t('account.marketing')}</h2>
        <form method="post" action={`/${locale}/account/marketing`} class="narrow">
          <CsrfField ctx={ctx} />
          <div class="field checkbox">
            <input
              type="checkbox"
              id="f-marketing_email"
              name="marketing_email"
              value="yes"
              checked={p.marketingEmail}
            />
            <label for="f-marketing_email">{t('account.marketingEmail')}</label>
          </div>
          {ctx.preset.orderSms ? (
            <div class="field checkbox">
              <input type="checkbox" id="f-marketing_sms" name="marketing_sms" value="yes" checked={p.marketingSms} />
              <label for="f-marketing_sms">{t('account.marketingSms')}</label>
            </div>
          ) : null}
          {p.marketingPending ? <p class="hint">{t('marketing.pendingHint')}</p> : null}
          <button>{t('account.save')}</button>
        </form>
      </section>

      <form method="post" action={`/${locale}/account/signout`}>
        <CsrfField ctx={ctx} />
        <button class="secondary">{t('account.signOut')}</button>
      </form>
    </Layout>
  );
}

export function AccountOrdersPage(props: {
  ctx: PageContext;
  orders: { id: string; code: string; status: OrderStatus; totalMinor: number; currency: string; createdAt: string }[];
}) {
  const { ctx } = props;
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('account.orders')} noindex>
      <h1>{t('account.orders')}</h1>
      <AccountNav ctx={ctx} current="/orders" />
      {props.orders.length === 0 ? (
        <p>{t('account.noOrders')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('status.code')}</th>
              <th scope="col">{t('order.placedAt')}</th>
              <th scope="col">{t('order.status')}</th>
              <th scope="col">{t('order.total')}</th>
            </tr>
          </thead>
          <tbody>
            {props.orders.map((o) => (
              <tr key={o.id}>
                <td>
                  <a href={`/${locale}/order/${o.code}`}>
                    <Ltr>{o.code}</Ltr>
                  </a>
                </td>
                <td>{formatDateTime(o.createdAt, locale, ctx.preset.timezone, 'medium')}</td>
                <td>{t(statusMessage(o.status, ctx.preset.storefront))}</td>
                <td>
                  <Money ctx={ctx} minor={o.totalMinor} currency={o.currency} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

export function AddressesPage(props: {
  ctx: PageContext;
  addresses: { id: string; address: string | null }[];
  error?: MessageKey;
  value?: string;
}) {
  const { ctx } = props;
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('account.addresses')} noindex>
      <h1>{t('account.addresses')}</h1>
      <AccountNav ctx={ctx} current="/addresses" />
      {props.addresses.length === 0 ? <p>{t('account.noAddresses')}</p> : null}
      <ul class="addresses">
        {props.addresses.map((a) => (
          <li key={a.id}>
            <span class="address">{a.address ?? ''}</span>{' '}
            <form method="post" action={`/${locale}/account/addresses/${a.id}/remove`} class="inline">
              <CsrfField ctx={ctx} />
              <button class="link">{t('cart.remove')}</button>
            </form>
          </li>
        ))}
      </ul>
      <form method="post" action={`/${locale}/account/addresses`} class="narrow" novalidate>
        <CsrfField ctx={ctx} />
        <Field
          ctx={ctx}
          name="address"
          label="account.newAddress"
          value={props.value}
          error={props.error}
          required
          multiline
        />
        <button>{t('account.addAddress')}</button>
      </form>
    </Layout>
  );
}

export function SessionsPage(props: {
  ctx: PageContext;
  sessions: { id: string; device: string | null; createdAt: string; lastSeenAt: string | null }[];
  currentId: string;
  notice?: MessageKey;
}) {
  const { ctx } = props;
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('account.sessions')} noindex>
      <h1>{t('account.sessions')}</h1>
      <AccountNav ctx={ctx} current="/sessions" />
      <Notice ctx={ctx} notice={props.notice} />
      <p>{t('account.sessionsIntro')}</p>
      <ul class="sessions">
        {props.sessions.map((s) => (
          <li key={s.id}>
            <strong>{s.device ?? t('account.unknownDevice')}</strong> — {t('account.signedInAt')}{' '}
            {formatDateTime(s.createdAt, locale, ctx.preset.timezone, 'medium')}
            {s.lastSeenAt
              ? `${t('common.separator')}${t('account.lastSeen')} ${formatDateTime(s.lastSeenAt, locale, ctx.preset.timezone, 'medium')}`
              : ''}
            {s.id === props.currentId ? (
              <em> ({t('account.thisSession')})</em>
            ) : (
              <form method="post" action={`/${locale}/account/sessions/${s.id}/signout`} class="inline">
                <CsrfField ctx={ctx} /> <button class="link">{t('account.signOutSession')}</button>
              </form>
            )}
          </li>
        ))}
      </ul>
      {props.sessions.length > 1 ? (
        <form method="post" action={`/${locale}/account/sessions/signout-others`}>
          <CsrfField ctx={ctx} />
          <button class="secondary">{t('account.signOutOthers')}</button>
        </form>
      ) : null}
    </Layout>
  );
}
