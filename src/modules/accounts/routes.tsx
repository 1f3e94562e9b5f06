import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Locale } from '../../i18n/locales.ts';
import { normaliseInput, toAsciiDigits } from '../../i18n/numbers.ts';
import { parsePhone } from '../../i18n/phone.ts';
import type { MessageKey } from '../../i18n/translate.ts';
import type { CountryCode } from '../../presets/types.ts';
import { ensureSession, pageContext, type Services } from '../../server/context.ts';
import { localeParam, notFound, seeOther, tooManyRequests } from '../../server/http.tsx';
import { networkOf, RateLimiter } from '../../server/rate-limit.ts';
import { sendPage } from '../../server/render.tsx';
import { passwordProblem } from './passwords.ts';
import {
  AccountOrdersPage,
  AccountPage,
  AddressesPage,
  CheckEmailPage,
  ConfirmLinkPage,
  ForgotPage,
  LinkProblemPage,
  RegisterPage,
  ResetPage,
  SessionsPage,
  SignInPage,
} from './views.tsx';

type Body = Record<string, string | undefined>;
const USERNAME = /^\p{L}[\p{L}\p{N}_.-]{2,31}$/u;
const UUID = /^[0-9a-f-]{36}$/;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const email = z.email();

/** A sign-in name typed by the customer: an e-mail (has @), a phone number (parses for the shop's country), or a username. */
export function parseIdentifier(
  raw: string,
  country: CountryCode,
): { email?: string; phone?: string; username?: string } {
  const value = normaliseInput(raw);
  if (value.includes('@')) return { email: value.toLowerCase() };
  if (/^[+\d০-৯۰-۹٠-٩\s()-]+$/.test(value)) {
    const phone = parsePhone(value, country);
    if (phone.ok) return { phone: phone.e164 };
  }
  return { username: value };
}

export function accountRoutes(server: FastifyInstance, services: Services): void {
  const { app, sessions } = services;
  const { accounts, preset } = app;
  const country = preset.identity.country;
  // Per network and per account: guessing passwords, codes and links is bounded however it is spread.
  const limiter = new RateLimiter(app.config.secrets.blindIndexKey, 10 * services.rateLimitScale, 15 * 60_000);
  const limited = (request: FastifyRequest, action: string, extra?: string) =>
    !limiter.attempt(action, networkOf(request.ip)) || (extra !== undefined && !limiter.attempt(`${action}:id`, extra));

  function requireAccount(request: FastifyRequest, reply: FastifyReply, locale: Locale): string | null {
    if (request.session?.accountId) return request.session.accountId;
    const session = ensureSession(services, request, reply);
    // After signing in, back to the page asked for; a form sent without a session goes to My Account instead (its
    // address is an action, not a page).
    session.data.next = request.method === 'GET' ? request.url.split('?')[0] : `/${locale}/account`;
    session.dirty = true;
    void seeOther(reply, `/${locale}/account/signin`);
    return null;
  }

  async function signInAs(
    request: FastifyRequest,
    reply: FastifyReply,
    accountId: string,
  ): Promise<string | undefined> {
    const next = request.session?.data.next;
    request.session = await sessions.rotate(reply, request, request.session);
    request.session.accountId = accountId;
    return next?.startsWith('/') && !next.startsWith('//') ? next : undefined;
  }

  async function showAccount(
    request: FastifyRequest,
    reply: FastifyReply,
    locale: Locale,
    accountId: string,
    extra: { errors?: Record<string, MessageKey>; notice?: MessageKey; values?: Record<string, string> } = {},
    status = 200,
  ) {
    const profile = (await accounts.profile(accountId))!;
    const codePending = await app.db
      .selectFrom('phone_codes')
      .select('id')
      .where('account_id', '=', accountId)
      .where('used_at', 'is', null)
      .where('expires_at', '>', new Date().toISOString())
      .executeTakeFirst();
    const ctx = pageContext(services, request, locale);
    return sendPage(
      reply,
      <AccountPage
        ctx={ctx}
        profile={profile}
        errors={extra.errors ?? {}}
        notice={extra.notice}
        values={extra.values}
        codePending={Boolean(codePending)}
      />,
      status,
    );
  }

  server.get('/:locale/account/register', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    return sendPage(reply, <RegisterPage ctx={pageContext(services, request, locale)} values={{}} errors={{}} />);
  });

  server.post('/:locale/account/register', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    if (limited(request, 'register')) return tooManyRequests(services, request, reply);
    const body = request.body as Body;
    const values = Object.fromEntries(
      ['name', 'username', 'email', 'phone', 'address', 'marketing_email'].map((k) => [
        k,
        (body[k] ?? '').slice(0, 500),
      ]),
    );
    const errors: Record<string, MessageKey> = {};
    const name = normaliseInput(values.name);
    const username = normaliseInput(values.username);
    const mail = normaliseInput(values.email).toLowerCase();
    const phone = parsePhone(values.phone, country);
    const address = normaliseInput(values.address, { multiline: true });
    const password = (body.password ?? '').slice(0, 1000);
    if (!name) errors.name = 'checkout.errorNameRequired';
    if (!USERNAME.test(username)) errors.username = 'account.errorUsername';
    if (!mail) errors.email = 'checkout.errorEmailRequired';
    else if (!email.safeParse(mail).success) errors.email = 'checkout.errorEmailInvalid';
    if (!values.phone.trim()) errors.phone = 'checkout.errorPhoneRequired';
    else if (!phone.ok) errors.phone = 'checkout.errorPhoneInvalid';
    if (!address) errors.address = 'checkout.errorAddressRequired';
    const weak = passwordProblem(password);
    if (weak) errors.password = weak;
    if (Object.keys(errors).length === 0 && phone.ok) {
      const result = await accounts.register({
        name,
        username,
        email: mail,
        phone: phone.e164,
        address,
        password,
        marketingEmail: values.marketing_email === 'yes',
        locale,
      });
      if (result.ok) return sendPage(reply, <CheckEmailPage ctx={pageContext(services, request, locale)} />);
      errors.username = 'account.errorUsernameTaken';
    }
    return sendPage(
      reply,
      <RegisterPage ctx={pageContext(services, request, locale)} values={values} errors={errors} />,
      422,
    );
  });

  /**
   * Opening an e-mailed link shows a button; only pressing it uses the link. Mail scanners that open every link
   * would otherwise use it up (and sign themselves in) before the customer clicks.
   */
  async function confirmLinkPage(
    request: FastifyRequest,
    reply: FastifyReply,
    purpose: 'confirm_email' | 'change_email',
  ) {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const { token } = request.params as { token: string };
    const state = TOKEN.test(token) ? await accounts.peekToken(token, purpose) : 'invalid';
    const ctx = pageContext(services, request, locale);
    if (state !== 'ok') return sendPage(reply, <LinkProblemPage ctx={ctx} reason={state} />, 410);
    return sendPage(reply, <ConfirmLinkPage ctx={ctx} action={request.url.split('?')[0]} />);
  }

  server.get('/:locale/account/confirm/:token', (request, reply) => confirmLinkPage(request, reply, 'confirm_email'));
  server.get('/:locale/account/confirm-email/:token', (request, reply) =>
    confirmLinkPage(request, reply, 'change_email'),
  );

  server.post('/:locale/account/confirm/:token', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const { token } = request.params as { token: string };
    const result = TOKEN.test(token) ? await accounts.confirmEmail(token) : ({ ok: false, reason: 'invalid' } as const);
    if (!result.ok)
      return sendPage(
        reply,
        <LinkProblemPage ctx={pageContext(services, request, locale)} reason={result.reason} />,
        410,
      );
    await signInAs(request, reply, result.accountId);
    return showAccount(request, reply, locale, result.accountId, { notice: 'account.emailConfirmed' });
  });

  server.get('/:locale/account/signin', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    if (request.session?.accountId) return seeOther(reply, `/${locale}/account`);
    return sendPage(reply, <SignInPage ctx={pageContext(services, request, locale)} />);
  });

  server.post('/:locale/account/signin', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const body = request.body as Body;
    const identifier = (body.identifier ?? '').slice(0, 200);
    const parsed = parseIdentifier(identifier, country);
    if (limited(request, 'signin', await accounts.attemptKey(parsed))) return tooManyRequests(services, request, reply);
    const accountId = await accounts.signIn(parsed, (body.password ?? '').slice(0, 1000));
    if (!accountId) {
      const ctx = pageContext(services, request, locale);
      return sendPage(reply, <SignInPage ctx={ctx} identifier={identifier} error="account.signInFailed" />, 401);
    }
    const next = await signInAs(request, reply, accountId);
    return seeOther(reply, next ?? `/${locale}/account`);
  });

  server.post('/:locale/account/signout', async (request, reply) => {
    const locale = localeParam(request) ?? preset.defaultLocale;
    await sessions.destroy(reply, request.session);
    request.session = null;
    return seeOther(reply, `/${locale}/`);
  });

  server.get('/:locale/account/forgot', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    return sendPage(reply, <ForgotPage ctx={pageContext(services, request, locale)} sent={false} />);
  });

  server.post('/:locale/account/forgot', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const identifier = ((request.body as Body).identifier ?? '').slice(0, 200);
    if (!normaliseInput(identifier)) {
      const ctx = pageContext(services, request, locale);
      return sendPage(reply, <ForgotPage ctx={ctx} sent={false} error="account.errorIdentifier" />, 422);
    }
    const parsed = parseIdentifier(identifier, country);
    if (limited(request, 'forgot', await accounts.attemptKey(parsed))) return tooManyRequests(services, request, reply);
    await accounts.requestReset(parsed, locale);
    return sendPage(reply, <ForgotPage ctx={pageContext(services, request, locale)} sent={true} />);
  });

  server.get('/:locale/account/reset/:token', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const { token } = request.params as { token: string };
    const state = TOKEN.test(token) ? await accounts.peekToken(token, 'reset_password') : 'invalid';
    const ctx = pageContext(services, request, locale);
    if (state !== 'ok') return sendPage(reply, <LinkProblemPage ctx={ctx} reason={state} />, 410);
    return sendPage(reply, <ResetPage ctx={ctx} token={token} />);
  });

  server.post('/:locale/account/reset/:token', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    if (limited(request, 'reset')) return tooManyRequests(services, request, reply);
    const { token } = request.params as { token: string };
    const password = ((request.body as Body).password ?? '').slice(0, 1000);
    const ctx = pageContext(services, request, locale);
    const weak = passwordProblem(password);
    if (weak) return sendPage(reply, <ResetPage ctx={ctx} token={token} error={weak} />, 422);
    const result = TOKEN.test(token)
      ? await accounts.useToken(token, 'reset_password')
      : ({ ok: false, reason: 'invalid' } as const);
    if (!result.ok) return sendPage(reply, <LinkProblemPage ctx={ctx} reason={result.reason} />, 410);
    await accounts.setPassword(result.accountId, password);
    await sessions.destroy(reply, request.session);
    request.session = null;
    return sendPage(
      reply,
      <SignInPage ctx={pageContext(services, request, locale)} notice="account.passwordChanged" />,
    );
  });

  server.get('/:locale/account', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const accountId = requireAccount(request, reply, locale);
    if (!accountId) return reply;
    return showAccount(request, reply, locale, accountId);
  });

  server.post('/:locale/account/profile', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const accountId = requireAccount(request, reply, locale);
    if (!accountId) return reply;
    const body = request.body as Body;
    const name = normaliseInput(body.name ?? '').slice(0, 120);
    const address = normaliseInput(body.address ?? '', { multiline: true }).slice(0, 500);
    const errors: Record<string, MessageKey> = {};
    if (!name) errors.name = 'checkout.errorNameRequired';
    if (!address) errors.address = 'checkout.errorAddressRequired';
    if (Object.keys(errors).length)
      return showAccount(request, reply, locale, accountId, { errors, values: { name, address } }, 422);
    await accounts.updateProfile(accountId, { name, address });
    return showAccount(request, reply, locale, accountId, { notice: 'account.saved' });
  });

  server.post('/:locale/account/email', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const accountId = requireAccount(request, reply, locale);
    if (!accountId) return reply;
    if (limited(request, 'email-change', accountId)) return tooManyRequests(services, request, reply);
    const value = normaliseInput((request.body as Body).email ?? '')
      .toLowerCase()
      .slice(0, 200);
    if (!email.safeParse(value).success) {
      return showAccount(
        request,
        reply,
        locale,
        accountId,
        { errors: { email: 'checkout.errorEmailInvalid' }, values: { email: value } },
        422,
      );
    }
    await accounts.startEmailChange(accountId, value, locale);
    return showAccount(request, reply, locale, accountId, { notice: 'account.emailLinkSent' });
  });

  server.post('/:locale/account/confirm-email/:token', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const { token } = request.params as { token: string };
    const result = TOKEN.test(token)
      ? await accounts.finishEmailChange(token)
      : ({ ok: false, reason: 'invalid' } as const);
    if (!result.ok)
      return sendPage(
        reply,
        <LinkProblemPage ctx={pageContext(services, request, locale)} reason={result.reason} />,
        410,
      );
    if (request.session?.accountId === result.accountId) {
      return showAccount(request, reply, locale, result.accountId, { notice: 'account.emailConfirmed' });
    }
    return sendPage(reply, <SignInPage ctx={pageContext(services, request, locale)} notice="account.emailConfirmed" />);
  });

  server.post('/:locale/account/phone', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const accountId = requireAccount(request, reply, locale);
    if (!accountId) return reply;
    if (limited(request, 'phone-change', accountId)) return tooManyRequests(services, request, reply);
    const raw = ((request.body as Body).phone ?? '').slice(0, 40);
    const phone = parsePhone(raw, country);
    if (!phone.ok)
      return showAccount(
        request,
        reply,
        locale,
        accountId,
        { errors: { phone: 'checkout.errorPhoneInvalid' }, values: { phone: raw } },
        422,
      );
    await accounts.startPhoneChange(accountId, phone.e164, locale);
    return showAccount(request, reply, locale, accountId, { notice: 'account.codeSent' });
  });

  server.post('/:locale/account/phone/confirm', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const accountId = requireAccount(request, reply, locale);
    if (!accountId) return reply;
    if (limited(request, 'code')) return tooManyRequests(services, request, reply);
    const code = toAsciiDigits(normaliseInput((request.body as Body).code ?? ''))
      .replace(/\s/g, '')
      .slice(0, 12);
    const result = await accounts.confirmPhone(accountId, code);
    if (result.ok) return showAccount(request, reply, locale, accountId, { notice: 'account.phoneConfirmed' });
    return showAccount(request, reply, locale, accountId, { errors: { code: `account.code.${result.reason}` } }, 422);
  });

  server.post('/:locale/account/marketing', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const accountId = requireAccount(request, reply, locale);
    if (!accountId) return reply;
    const body = request.body as Body;
    await accounts.setMarketing(accountId, body.marketing_email === 'yes', body.marketing_sms === 'yes', locale);
    return showAccount(request, reply, locale, accountId, { notice: 'account.saved' });
  });

  server.get('/:locale/account/orders', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const accountId = requireAccount(request, reply, locale);
    if (!accountId) return reply;
    const orders = await accounts.orders(accountId);
    return sendPage(reply, <AccountOrdersPage ctx={pageContext(services, request, locale)} orders={orders} />);
  });

  server.get('/:locale/account/addresses', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const accountId = requireAccount(request, reply, locale);
    if (!accountId) return reply;
    const addresses = await accounts.addresses(accountId);
    return sendPage(reply, <AddressesPage ctx={pageContext(services, request, locale)} addresses={addresses} />);
  });

  server.post('/:locale/account/addresses', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const accountId = requireAccount(request, reply, locale);
    if (!accountId) return reply;
    const address = normaliseInput((request.body as Body).address ?? '', { multiline: true }).slice(0, 500);
    if (!address) {
      const addresses = await accounts.addresses(accountId);
      const ctx = pageContext(services, request, locale);
      return sendPage(
        reply,
        <AddressesPage ctx={ctx} addresses={addresses} error="checkout.errorAddressRequired" />,
        422,
      );
    }
    await accounts.addAddress(accountId, address);
    return seeOther(reply, `/${locale}/account/addresses`);
  });

  server.post('/:locale/account/addresses/:id/remove', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const accountId = requireAccount(request, reply, locale);
    if (!accountId) return reply;
    const { id } = request.params as { id: string };
    if (!UUID.test(id) || !(await accounts.removeAddress(accountId, id))) return notFound(services, request, reply);
    return seeOther(reply, `/${locale}/account/addresses`);
  });

  server.get('/:locale/account/sessions', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const accountId = requireAccount(request, reply, locale);
    if (!accountId) return reply;
    const list = await sessions.ofAccount(accountId);
    const ctx = pageContext(services, request, locale);
    return sendPage(reply, <SessionsPage ctx={ctx} sessions={list} currentId={request.session!.id} />);
  });

  server.post('/:locale/account/sessions/:id/signout', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const accountId = requireAccount(request, reply, locale);
    if (!accountId) return reply;
    const { id } = request.params as { id: string };
    if (!/^[0-9a-f]{64}$/.test(id) || !(await sessions.endForAccount(accountId, id)))
      return notFound(services, request, reply);
    return seeOther(reply, `/${locale}/account/sessions`);
  });

  server.post('/:locale/account/sessions/signout-others', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const accountId = requireAccount(request, reply, locale);
    if (!accountId) return reply;
    await sessions.endOthersForAccount(accountId, request.session!.id);
    return seeOther(reply, `/${locale}/account/sessions`);
  });
}
