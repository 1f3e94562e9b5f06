import type { FastifyInstance } from 'fastify';
import { pageContext, type Services } from '../../server/context.ts';
import { localeParam, notFound } from '../../server/http.tsx';
import { sendPage } from '../../server/render.tsx';
import { PolicyPage, TermsPage } from './views.tsx';

export function policyRoutes(server: FastifyInstance, services: Services): void {
  server.get('/:locale/privacy', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    return sendPage(
      reply,
      <PolicyPage ctx={pageContext(services, request, locale)} dataMap={services.app.kernel.dataMap} />,
    );
  });

  server.get('/:locale/terms', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    return sendPage(reply, <TermsPage ctx={pageContext(services, request, locale)} />);
  });
}
