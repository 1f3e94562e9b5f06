import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../app.ts';
import type { Locale } from '../i18n/locales.ts';
import { type Translate, translator } from '../i18n/translate.ts';
import type { StaffUser } from '../modules/staff/service.ts';
import type { Preset } from '../presets/types.ts';
import type { Session, SessionStore } from './session.ts';

declare module 'fastify' {
  interface FastifyRequest {
    session: Session | null;
    staff: StaffUser | null;
  }
}

/** What every page needs to render: the language, the shop, the visitor's session state. */
export interface PageContext {
  locale: Locale;
  t: Translate;
  preset: Preset;
  /** The path after the locale prefix, e.g. "/cart", for the language switcher and hreflang links. */
  path: string;
  /** The search and page of a list ("?q=…&page=2"), kept when switching language; empty elsewhere. */
  listQuery: string;
  /** The shop's public address without a trailing slash, for absolute links (hreflang). */
  origin: string;
  csrf: string;
  staff: StaffUser | null;
  /** A customer is signed in to their account. */
  signedIn: boolean;
  cartCount: number;
  /** Ask for consent to the shop's optional features: it has some, and this visitor has not answered or refused (CM-12). */
  consentBanner?: boolean;
  /** The policy changed since this signed-in customer last heard (CM-18): the day it took effect. */
  policyChangedAt?: string | null;
}

export interface Services {
  app: App;
  sessions: SessionStore;
  /** Multiplies every rate limit (1 in production; the test suite, whose requests all come from 127.0.0.1, raises it). */
  rateLimitScale: number;
}

/** The query parameters of a list page that a language switch keeps (nothing else: other queries may be private). */
const LIST_PARAMS = ['q', 'page'];

export function pageContext(services: Services, request: FastifyRequest, locale: Locale): PageContext {
  const [pathname, search = ''] = request.url.split('?');
  const path = pathname.replace(/^\/[a-z]{2}(?=\/|$)/, '') || '/';
  const params = new URLSearchParams(search);
  const kept = new URLSearchParams();
  for (const name of LIST_PARAMS) {
    const value = params.get(name);
    if (value) kept.set(name, value.slice(0, 200));
  }
  return {
    locale,
    t: translator(locale),
    preset: services.app.preset,
    path,
    listQuery: kept.size > 0 ? `?${kept}` : '',
    origin: services.app.publicUrl.origin,
    csrf: services.sessions.csrfToken(request.session),
    staff: request.staff,
    signedIn: Boolean(request.session?.accountId),
    cartCount: request.session?.data.cart.length ?? 0,
    consentBanner: request.consent ? services.app.consent.bannerNeeded(request.consent) : false,
    policyChangedAt: request.policyNotice?.effectiveAt ?? null,
  };
}

/** The request's session, created when the visitor first does something that needs one. */
export function ensureSession(services: Services, request: FastifyRequest, reply: FastifyReply): Session {
  if (!request.session) request.session = services.sessions.create(reply, request);
  return request.session;
}
