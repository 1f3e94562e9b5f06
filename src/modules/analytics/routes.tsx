import type { FastifyInstance } from 'fastify';
import { pageContext, type Services } from '../../server/context.ts';
import { forbidden, localeParam, notFound, seeOther } from '../../server/http.tsx';
import { sendPage } from '../../server/render.tsx';
import { can } from '../staff/permissions.ts';
import { SITE } from './counter.ts';
import { AnalyticsPage } from './views.tsx';

/** Public pages that are counted: the storefront, never a page whose address names an order, a token or a person. */
const COUNTED_ROUTES = new Set([
  '/:locale/',
  '/:locale/c/:slug',
  '/:locale/p/:id',
  '/:locale/search',
  '/:locale/privacy',
  '/:locale/terms',
]);
const DAYS_SHOWN = 30;

export function analyticsRoutes(server: FastifyInstance, services: Services): void {
  const { app } = services;

  // After the answer is sent, so that counting never delays a page; staff looking at the shop are not visitors.
  server.addHook('onResponse', async (request, reply) => {
    if (request.method !== 'GET' || reply.statusCode !== 200 || request.staff) return;
    if (!COUNTED_ROUTES.has(request.routeOptions.url ?? '')) return;
    app.analytics.record(request.url.split('?')[0].slice(0, 200), request.ip, request.headers['user-agent']);
  });

  server.get('/:locale/staff/analytics', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    if (!request.staff) return seeOther(reply, `/${locale}/staff/login`);
    if (!can(request.staff.role, 'analytics.view')) return forbidden(services, request, reply);
    await app.analytics.flush();
    const days = await app.db
      .selectFrom('analytics_daily')
      .select(['day', 'views', 'uniques'])
      .where('path', '=', SITE)
      .orderBy('day', 'desc')
      .limit(DAYS_SHOWN)
      .execute();
    const since = days.at(-1)?.day ?? app.analytics.today();
    const paths = await app.db
      .selectFrom('analytics_daily')
      .select((eb) => ['path', eb.fn.sum<number>('views').as('views'), eb.fn.sum<number>('uniques').as('uniques')])
      .where('path', '!=', SITE)
      .where('day', '>=', since)
      .groupBy('path')
      .orderBy('views', 'desc')
      .limit(20)
      .execute();
    return sendPage(
      reply,
      <AnalyticsPage
        ctx={pageContext(services, request, locale)}
        days={days.map((d) => ({ day: d.day, views: Number(d.views), uniques: Number(d.uniques) }))}
        paths={paths.map((p) => ({ path: p.path, views: Number(p.views), uniques: Number(p.uniques) }))}
      />,
    );
  });
}
