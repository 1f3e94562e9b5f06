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
  csrf: string;
  staff: StaffUser | null;
  /** A customer is signed in to their account. */
  signedIn: boolean;
  cartCount: number;
}

export interface Services {
  app: App;
  sessions: SessionStore;
  /** Multiplies every rate limit (1 in production; the test suite, whose requests all come from 127.0.0.1, raises it). */
  rateLimitScale: number;
}

export function pageContext(services: Services, request: FastifyRequest, locale: Locale): PageContext {
  const path = request.url.split('?')[0].replace(/^\/[a-z]{2}(?=\/|$)/, '') || '/';
  return {
    locale,
    t: translator(locale),
    preset: services.app.preset,
    path,
    csrf: services.sessions.csrfToken(request.session),
    staff: request.staff,
    signedIn: Boolean(request.session?.accountId),
    cartCount: request.session?.data.cart.length ?? 0,
  };
}

/** The request's session, created when the visitor first does something that needs one. */
export function ensureSession(services: Services, request: FastifyRequest, reply: FastifyReply): Session {
  if (!request.session) request.session = services.sessions.create(reply, request);
  return request.session;
}
