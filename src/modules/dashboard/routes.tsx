import type { FastifyInstance } from 'fastify';
import { pageContext, type Services } from '../../server/context.ts';
import { localeParam, notFound } from '../../server/http.tsx';
import { sendPage } from '../../server/render.tsx';
import { requireStaff } from '../staff/guard.ts';
import { DashboardPage } from './views.tsx';

export function dashboardRoutes(server: FastifyInstance, services: Services): void {
  const { dashboard } = services.app;

  server.get('/:locale/staff/dashboard', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    if (!requireStaff(services, request, reply, locale, 'dashboard.view')) return reply;
    const now = new Date();
    const [figures, overdue] = await Promise.all([dashboard.figures(locale, now), dashboard.overduePrivacyRequests()]);
    return sendPage(
      reply,
      <DashboardPage
        ctx={pageContext(services, request, locale)}
        figures={figures}
        overduePrivacyRequests={overdue}
        now={now}
      />,
    );
  });
}
