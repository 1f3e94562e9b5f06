import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isLocale, type Locale } from '../../i18n/locales.ts';
import type { NonEssentialFeature } from '../../presets/types.ts';
import { pageContext, type Services } from '../../server/context.ts';
import { localeParam, notFound, seeOther } from '../../server/http.tsx';
import { sendPage } from '../../server/render.tsx';
import { CONSENT_COOKIE, CONSENT_COOKIE_DAYS, FEATURES } from './features.ts';
import type { ConsentHow, ConsentState } from './service.ts';
import { CookieSettingsPage } from './views.tsx';

declare module 'fastify' {
  interface FastifyRequest {
    /** What the visitor agreed to (their consent cookie and Sec-GPC); set for every page request. */
    consent: ConsentState | null;
  }
}

const DAY_S = 24 * 3600;

/**
 * The consent banner's answers, the cookie settings page, and the hooks that honour them: a feature's cookie is set
 * only once agreed to, and `Sec-GPC: 1` is a refusal on the server (CM-12).
 */
export function consentRoutes(server: FastifyInstance, services: Services): void {
  const { app } = services;
  const consent = app.consent;
  const NONE: ConsentState = { granted: new Set(), recordId: null, gpc: false };
  server.decorateRequest('consent', null);
  /** Accounts whose GPC refusal this process has already put on record, for the policy version then in force. */
  const gpcRecorded = new Set<string>();

  server.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/assets/') || request.url.startsWith('/media/')) return;
    if (consent.features.length === 0) {
      request.consent = { ...NONE, gpc: request.headers['sec-gpc'] === '1' };
      return;
    }
    request.consent = consent.stateOf(request);
    // The browser now sends GPC but the visitor's cookie still agrees to something: withdraw it, on the record.
    if (consent.needsGpcWithdrawal(request.consent, request)) {
      const answered = await answer(request, reply, [], 'gpc');
      request.consent = { ...request.consent, recordId: answered };
    }
    // A signed-in customer whose browser sends GPC: the refusal goes on their record, once per policy version.
    const accountId = request.session?.accountId;
    if (request.consent.gpc && accountId && !request.consent.recordId) {
      const key = `${accountId}:${app.policyVersions.current.number}`;
      if (!gpcRecorded.has(key)) {
        if (gpcRecorded.size > 10_000) gpcRecorded.clear();
        gpcRecorded.add(key);
        await consent.recordGpcRefusal(await app.accounts.subjectOf(accountId));
      }
    }
    // An agreed feature does its job: remember the language of the page asked for.
    const locale = request.url.split('/')[1];
    if (
      request.method === 'GET' &&
      isLocale(locale) &&
      request.consent.granted.has('remember_language') &&
      request.cookies[FEATURES.remember_language.cookie] !== locale
    )
      setFeatureCookie(reply, request, 'remember_language', locale);
  });

  /** Records the answer, sets the consent cookie, and removes the cookies of features not agreed to. */
  async function answer(
    request: FastifyRequest,
    reply: FastifyReply,
    granted: NonEssentialFeature[],
    how: ConsentHow,
  ): Promise<string> {
    const accountId = request.session?.accountId;
    const { id, cookie } = await consent.record({
      granted,
      how,
      previousId: request.consent?.recordId ?? null,
      subjectId: accountId ? await app.accounts.subjectOf(accountId) : null,
    });
    reply.setCookie(CONSENT_COOKIE, cookie, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: request.protocol === 'https',
      maxAge: CONSENT_COOKIE_DAYS * DAY_S,
    });
    for (const feature of consent.features)
      if (!granted.includes(feature) && request.cookies[FEATURES[feature].cookie])
        reply.clearCookie(FEATURES[feature].cookie, { path: '/' });
    return id;
  }

  server.post('/:locale/consent', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const body = (request.body ?? {}) as Record<string, string | undefined>;
    const features = [...consent.features];
    let granted: NonEssentialFeature[] =
      body.choice === 'accept'
        ? features
        : body.choice === 'save'
          ? features.filter((f) => body[`feature_${f}`] === 'yes')
          : [];
    let how: ConsentHow = body.from === 'settings' ? 'settings' : 'banner';
    // Under Global Privacy Control the answer is a refusal, whatever was pressed.
    if (request.consent?.gpc) {
      granted = [];
      how = 'gpc';
    }
    if (features.length > 0) await answer(request, reply, granted, how);
    if (granted.includes('remember_language')) setFeatureCookie(reply, request, 'remember_language', locale);
    return seeOther(reply, `/${locale}${safePath(body.next)}`);
  });

  server.get('/:locale/cookies', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const saved = (request.query as { saved?: string }).saved === '1';
    return sendPage(
      reply,
      <CookieSettingsPage ctx={pageContext(services, request, locale)} state={request.consent ?? NONE} saved={saved} />,
    );
  });
}

/** The language to open the shop's bare address in: the remembered one, if the visitor agreed to remembering it. */
export function rememberedLocale(request: FastifyRequest): Locale | null {
  const value = request.cookies[FEATURES.remember_language.cookie];
  return request.consent?.granted.has('remember_language') && isLocale(value) ? value : null;
}

function setFeatureCookie(reply: FastifyReply, request: FastifyRequest, feature: NonEssentialFeature, value: string) {
  const { cookie, maxAgeDays } = FEATURES[feature];
  reply.setCookie(cookie, value, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    maxAge: maxAgeDays * DAY_S,
  });
}

/** A path on this site to go back to after answering (never another host). */
function safePath(next: string | undefined): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.includes('\\') || next.length > 300) return '/';
  return next;
}
