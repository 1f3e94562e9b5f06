import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Locale } from '../../i18n/locales.ts';
import { normaliseInput } from '../../i18n/numbers.ts';
import type { MessageKey } from '../../i18n/translate.ts';
import { pageContext, type Services } from '../../server/context.ts';
import { forbidden, localeParam, notFound, seeOther } from '../../server/http.tsx';
import { sendPage } from '../../server/render.tsx';
import { can } from '../staff/permissions.ts';
import type { StaffUser } from '../staff/service.ts';
import type { MarketingChannel } from './service.ts';
import {
  type CampaignForm,
  CampaignPage,
  ConfirmOptInPage,
  OptInConfirmedPage,
  OptInLinkProblemPage,
  UnsubscribePage,
} from './views.tsx';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const UUID = /^[0-9a-f-]{36}$/;
const UNSUBSCRIBE_TOKEN = /^[A-Za-z0-9_-]{32}$/;

/**
 * Double opt-in confirmation, one-click unsubscribe, and the staff campaign page. `/unsubscribe/…` is exempt from
 * the same-origin and CSRF checks (server/index.ts): mail clients POST to it from their own servers (RFC 8058), and
 * the unguessable signed link is the only thing that authorises it.
 */
export function marketingRoutes(server: FastifyInstance, services: Services): void {
  const { app } = services;
  const marketing = app.marketing;

  server.get('/:locale/marketing/confirm/:token', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const { token } = request.params as { token: string };
    const state = TOKEN.test(token) ? await marketing.peek(token) : 'invalid';
    const ctx = pageContext(services, request, locale);
    if (state !== 'ok') return sendPage(reply, <OptInLinkProblemPage ctx={ctx} reason={state} />, 410);
    return sendPage(reply, <ConfirmOptInPage ctx={ctx} action={request.url.split('?')[0]} />);
  });

  server.post('/:locale/marketing/confirm/:token', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const { token } = request.params as { token: string };
    const result = TOKEN.test(token) ? await marketing.confirm(token) : ({ ok: false, reason: 'invalid' } as const);
    const ctx = pageContext(services, request, locale);
    if (!result.ok) return sendPage(reply, <OptInLinkProblemPage ctx={ctx} reason={result.reason} />, 410);
    return sendPage(reply, <OptInConfirmedPage ctx={ctx} channel={result.channel} />);
  });

  /** The page in the language the subscriber asked in (the link carries no locale). */
  function unsubscribePage(request: FastifyRequest, reply: FastifyReply, locale: Locale, done: boolean) {
    const ctx = pageContext(services, request, locale);
    return sendPage(reply, <UnsubscribePage ctx={ctx} action={request.url.split('?')[0]} done={done} />);
  }

  /**
   * The unsubscribe link carries no locale (the page opens in the language the subscriber asked in); the language
   * switcher's links add one, which then wins.
   */
  const chosenLocale = (request: FastifyRequest): Locale | null | undefined =>
    (request.params as { locale?: string }).locale === undefined ? undefined : localeParam(request);

  async function showUnsubscribe(request: FastifyRequest, reply: FastifyReply) {
    const { id, token } = request.params as { id: string; token: string };
    const chosen = chosenLocale(request);
    const checked =
      chosen !== null && UUID.test(id) && UNSUBSCRIBE_TOKEN.test(token)
        ? await marketing.checkUnsubscribe(id, token)
        : null;
    if (!checked) return notFound(services, request, reply);
    return unsubscribePage(request, reply, chosen ?? checked.locale, !checked.active);
  }
  server.get('/unsubscribe/:id/:token', showUnsubscribe);
  server.get('/:locale/unsubscribe/:id/:token', showUnsubscribe);

  // Mail clients may send the one-click POST as multipart/form-data: its body is not needed, the URL says it all.
  server.register(async (scope) => {
    scope.addContentTypeParser('multipart/form-data', (_request, payload, done) => {
      payload.resume();
      payload.on('end', () => done(null, {}));
    });
    async function unsubscribe(request: FastifyRequest, reply: FastifyReply) {
      const { id, token } = request.params as { id: string; token: string };
      const chosen = chosenLocale(request);
      const body = (request.body ?? {}) as Record<string, string>;
      const how = body['List-Unsubscribe'] === 'One-Click' ? 'one_click' : 'link';
      const locale =
        chosen !== null && UUID.test(id) && UNSUBSCRIBE_TOKEN.test(token)
          ? await marketing.unsubscribe(id, token, how)
          : null;
      if (!locale) return notFound(services, request, reply);
      return unsubscribePage(request, reply, chosen ?? locale, true);
    }
    scope.post('/unsubscribe/:id/:token', unsubscribe);
    scope.post('/:locale/unsubscribe/:id/:token', unsubscribe);
  });

  function requireStaff(request: FastifyRequest, reply: FastifyReply, locale: Locale): StaffUser | null {
    if (!request.staff) {
      void seeOther(reply, `/${locale}/staff/login`);
      return null;
    }
    if (!can(request.staff.role, 'marketing.send')) {
      void forbidden(services, request, reply);
      return null;
    }
    return request.staff;
  }

  async function campaignPage(
    request: FastifyRequest,
    reply: FastifyReply,
    locale: Locale,
    values: CampaignForm,
    errors: Record<string, MessageKey> = {},
    sent?: number,
  ) {
    const counts = { email: 0, sms: 0 };
    for (const c of marketing.channels) counts[c] = await marketing.confirmedCount(c);
    return sendPage(
      reply,
      <CampaignPage
        ctx={pageContext(services, request, locale)}
        channels={marketing.channels}
        counts={counts}
        values={values}
        errors={errors}
        sent={sent}
      />,
      Object.keys(errors).length ? 422 : 200,
    );
  }

  server.get('/:locale/staff/marketing', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    if (!requireStaff(request, reply, locale)) return reply;
    const sent = Number((request.query as { sent?: string }).sent);
    return campaignPage(
      request,
      reply,
      locale,
      { channel: 'email', subject: '', body: '' },
      {},
      Number.isInteger(sent) && sent >= 0 ? sent : undefined,
    );
  });

  server.post('/:locale/staff/marketing', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const staff = requireStaff(request, reply, locale);
    if (!staff) return reply;
    const body = (request.body ?? {}) as Record<string, string | undefined>;
    const channel = (marketing.channels as string[]).includes(body.channel ?? '')
      ? (body.channel as MarketingChannel)
      : 'email';
    const values: CampaignForm = {
      channel,
      subject: normaliseInput(body.subject ?? '').slice(0, 200),
      body: normaliseInput(body.body ?? '', { multiline: true }).slice(0, channel === 'sms' ? 300 : 10_000),
    };
    const errors: Record<string, MessageKey> = {};
    if (channel === 'email' && !values.subject) errors.subject = 'marketing.errorSubject';
    if (!values.body) errors.body = 'marketing.errorBody';
    if (Object.keys(errors).length) return campaignPage(request, reply, locale, values, errors);
    const { recipients } = await marketing.sendCampaign({ ...values, staffId: staff.id });
    return seeOther(reply, `/${locale}/staff/marketing?sent=${recipients}`);
  });
}
