import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formatNumber } from '../../i18n/format.ts';
import type { Locale } from '../../i18n/locales.ts';
import { pageContext, type Services } from '../../server/context.ts';
import { localeParam, notFound } from '../../server/http.tsx';
import { sendPage } from '../../server/render.tsx';
import { requireStaff } from '../staff/guard.ts';
import { RetentionPage } from './views.tsx';

/** The staff's retention page: the rules, the latest sweeps, what legal holds keep; and a sweep on demand. */
export function retentionRoutes(server: FastifyInstance, services: Services): void {
  const { app } = services;

  async function show(request: FastifyRequest, reply: FastifyReply, locale: Locale, notice?: string) {
    const [runs, holds] = [await app.retention.recentRuns(), await app.retention.holdsKept()];
    const ctx = pageContext(services, request, locale);
    return sendPage(reply, <RetentionPage ctx={ctx} runs={runs} holds={holds} notice={notice} />);
  }

  server.get('/:locale/staff/retention', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    if (!requireStaff(services, request, reply, locale, 'privacy.requests')) return reply;
    return show(request, reply, locale);
  });

  server.post('/:locale/staff/retention', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const staff = requireStaff(services, request, reply, locale, 'privacy.requests');
    if (!staff) return reply;
    const { counts } = await app.retention.run('staff', { staffId: staff.id });
    const removed = Object.values(counts).reduce((sum, n) => sum + n, 0);
    const ctx = pageContext(services, request, locale);
    return show(request, reply, locale, ctx.t('retention.ran', { count: formatNumber(removed, locale) }));
  });
}
