import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Logger } from 'pino';
import type { App } from '../app.ts';
import { disabledLocaleRedirect, storefrontLocales } from '../i18n/storefront-locales.ts';
import { accountRoutes } from '../modules/accounts/routes.tsx';
import { analyticsRoutes } from '../modules/analytics/routes.tsx';
import { cartRoutes } from '../modules/cart/routes.tsx';
import { catalogRoutes } from '../modules/catalog/routes.tsx';
import { catalogAdminRoutes } from '../modules/catalog-admin/routes.tsx';
import { consentRoutes, rememberedLocale } from '../modules/consent/routes.tsx';
import { dashboardRoutes } from '../modules/dashboard/routes.tsx';
import { fulfilmentRoutes } from '../modules/fulfilment/routes.tsx';
import { legalRoutes } from '../modules/legal/routes.tsx';
import { marketingRoutes } from '../modules/marketing/routes.tsx';
import { orderRoutes } from '../modules/orders/routes.tsx';
import { paymentRoutes } from '../modules/payments/routes.tsx';
import { policyRoutes } from '../modules/policy/routes.tsx';
import { privacyRequestRoutes } from '../modules/privacy-requests/routes.tsx';
import { retentionRoutes } from '../modules/retention/routes.tsx';
import { settingsRoutes } from '../modules/settings/routes.tsx';
import { staffRoutes } from '../modules/staff/routes.tsx';
import { teamRoutes } from '../modules/team/routes.tsx';
import type { Services } from './context.ts';
import { badRequest, forbidden, localeParam, notFound, serverError, tooManyRequests } from './http.tsx';
import { SECURITY_HEADERS, withSecurityHeaders } from './security-headers.ts';
import { deviceSummary, SessionStore } from './session.ts';

export interface ServerOptions {
  /** A pino logger; request logs carry method, route and status only — never an IP, a query string or a body. */
  logger?: Logger;
  rateLimitScale?: number;
}

const ASSETS = fileURLToPath(new URL('./assets/', import.meta.url));

/**
 * Paths called by payment gateways, couriers and mail clients (one-click unsubscribe, RFC 8058) rather than by our
 * own pages; each checks its caller by a signature, a secret or an unguessable signed link.
 */
const SERVER_TO_SERVER = ['/pay/', '/webhooks/', '/unsubscribe/'];

export async function buildServer(app: App, options: ServerOptions = {}): Promise<FastifyInstance> {
  const sessions = new SessionStore(app.db, app.config.secrets.sessionSecret);
  const services: Services = { app, sessions, rateLimitScale: options.rateLimitScale ?? 1 };
  const server = Fastify({
    // A URL Fastify cannot even route (bad percent-encoding, a bad content type) gets our localised 400 page too.
    frameworkErrors: (error, request, reply) => {
      request.log.info({ code: error.code }, 'client error');
      withSecurityHeaders(request, reply, () => badRequest(services, request, reply));
    },
    loggerInstance: options.logger as FastifyBaseLogger | undefined,
    // Fastify's own request lines carry the client address and the full URL; ours (onResponse) carry neither.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: process.env.TRUST_PROXY === '1',
    bodyLimit: 256 * 1024,
  });

  await server.register(fastifyCookie);
  await server.register(fastifyFormbody);
  await server.register(fastifyHelmet, SECURITY_HEADERS);
  await server.register(fastifyStatic, { root: ASSETS, prefix: '/assets/', maxAge: '1d' });
  await server.register(fastifyStatic, { root: app.mediaDir, prefix: '/media/', decorateReply: false, maxAge: '7d' });

  server.decorateRequest('session', null);
  server.decorateRequest('staff', null);

  // A storefront page in a language the shop does not offer is the same page in the shop's own language. Only GET
  // and HEAD move: a redirect would drop a form's body (a POST is answered where it was sent).
  server.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return;
    const to = disabledLocaleRedirect(request.url, app.preset);
    if (to) return reply.redirect(to, 302);
  });

  server.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/assets/') || request.url.startsWith('/media/')) return;
    request.session = await sessions.load(request);
    if (request.session?.staffId) request.staff = await app.staff.byId(request.session.staffId);
  });

  // CSRF: every state-changing request must come from our own pages (Origin/Referer) and, when it belongs to a
  // session, carry that session's token.
  server.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST') return;
    // Gateways and couriers call these from their own servers (and SSLCommerz sends the buyer back with a cross-site
    // POST): no session, no Origin of ours. Each such route checks the caller by the signature or secret it carries.
    if (SERVER_TO_SERVER.some((prefix) => request.url.startsWith(prefix))) return;
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (
      !sameOrigin(request.headers.origin ?? request.headers.referer, request.protocol, request.host) ||
      !sessions.checkCsrf(request.session, body._csrf)
    ) {
      request.log.warn({ route: request.routeOptions.url }, 'csrf check failed');
      return forbidden(services, request, reply, 'error.forbiddenBody');
    }
  });

  server.addHook('onSend', async (request) => {
    if (request.session) await sessions.save(request.session, deviceSummary(request.headers['user-agent']));
  });

  server.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unknown',
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });

  consentRoutes(server, services);
  server.get('/', async (request, reply) => {
    const remembered = rememberedLocale(request);
    const offered = remembered && storefrontLocales(app.preset).includes(remembered);
    return reply.redirect(`/${offered ? remembered : app.preset.defaultLocale}/`);
  });
  // "/en" as typed is the English home page.
  server.get('/:locale', async (request, reply) => {
    const locale = localeParam(request);
    return locale ? reply.redirect(`/${locale}/`) : notFound(services, request, reply);
  });
  server.get('/healthz', async () => ({ ok: true }));

  catalogRoutes(server, services);
  cartRoutes(server, services);
  orderRoutes(server, services);
  policyRoutes(server, services);
  staffRoutes(server, services);
  catalogAdminRoutes(server, services);
  fulfilmentRoutes(server, services);
  paymentRoutes(server, services);
  accountRoutes(server, services);
  legalRoutes(server, services);
  retentionRoutes(server, services);
  privacyRequestRoutes(server, services);
  settingsRoutes(server, services);
  teamRoutes(server, services);
  dashboardRoutes(server, services);
  marketingRoutes(server, services);
  analyticsRoutes(server, services);

  server.setNotFoundHandler((request, reply) => notFound(services, request, reply));
  server.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      request.log.info({ route: request.routeOptions.url, status, code: error.code }, 'client error');
      if (status === 404) return notFound(services, request, reply);
      return status === 429 ? tooManyRequests(services, request, reply) : badRequest(services, request, reply);
    }
    // The message and stack go to the log (which never contains request bodies), not to the visitor.
    request.log.error(
      { err: { message: error.message, stack: error.stack }, route: request.routeOptions.url },
      'server error',
    );
    return serverError(services, request, reply);
  });
  return server;
}

function sameOrigin(source: string | undefined, protocol: string, host: string): boolean {
  if (!source) return true;
  try {
    // Both sides through URL, so that a default port (":80") compares equal to none.
    return new URL(source).host === new URL(`${protocol}://${host}`).host;
  } catch {
    return false;
  }
}
