import type { FastifyInstance } from 'fastify';
import { isLocale } from '../../i18n/locales.ts';
import { pageContext, type Services } from '../../server/context.ts';
import { localeParam, notFound } from '../../server/http.tsx';
import { sendPage } from '../../server/render.tsx';
import { PolicyHistoryPage } from './history-views.tsx';
import type { PolicyVersion } from './versions.ts';
import { PolicyPage, TermsPage } from './views.tsx';

declare module 'fastify' {
  interface FastifyRequest {
    /** A policy version this signed-in customer has not been told about; the page shows a notice, once (CM-18). */
    policyNotice: PolicyVersion | null;
  }
}

const VERSION_ID = /^[0-9a-f]{24}$/;

export function policyRoutes(server: FastifyInstance, services: Services): void {
  const versions = services.app.policyVersions;
  server.decorateRequest('policyNotice', null);

  // Only a signed-in customer's storefront pages look: visitors and staff cost nothing here.
  server.addHook('onRequest', async (request) => {
    const accountId = request.session?.accountId;
    if (!accountId || request.method !== 'GET') return;
    const [, locale, area] = request.url.split(/[/?]/);
    if (!isLocale(locale) || area === 'staff') return;
    request.policyNotice = await versions.unseenBy(accountId);
  });

  server.get('/:locale/privacy', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    return sendPage(
      reply,
      <PolicyPage ctx={pageContext(services, request, locale)} version={versions.current} current />,
    );
  });

  server.get('/:locale/privacy/history', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const all = await versions.history();
    return sendPage(reply, <PolicyHistoryPage ctx={pageContext(services, request, locale)} versions={all} />);
  });

  server.get('/:locale/privacy/history/:id', async (request, reply) => {
    const locale = localeParam(request);
    const { id } = request.params as { id: string };
    if (!locale || !VERSION_ID.test(id)) return notFound(services, request, reply);
    const version = await versions.byId(id);
    if (!version) return notFound(services, request, reply);
    return sendPage(
      reply,
      <PolicyPage
        ctx={pageContext(services, request, locale)}
        version={version}
        current={version.id === versions.current.id}
      />,
    );
  });

  server.get('/:locale/terms', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    return sendPage(reply, <TermsPage ctx={pageContext(services, request, locale)} />);
  });
}
