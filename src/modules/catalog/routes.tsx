import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { toAsciiDigits } from '../../i18n/numbers.ts';
import { pageContext, type Services } from '../../server/context.ts';
import { localeParam, notFound } from '../../server/http.tsx';
import { sendPage } from '../../server/render.tsx';
import { CategoryPage, HomePage, ProductPageView, SearchPage } from './views.tsx';

const pageQuery = z.object({ page: z.string().optional(), q: z.string().max(200).optional() });

function pageNumber(raw: string | undefined): number {
  const n = Number.parseInt(toAsciiDigits(raw ?? '1'), 10);
  return Number.isFinite(n) && n > 0 ? n : 1;
}

export function catalogRoutes(server: FastifyInstance, services: Services): void {
  const { catalog } = services.app;

  server.get('/:locale/', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const query = pageQuery.parse(request.query);
    const ctx = pageContext(services, request, locale);
    const [categories, page] = await Promise.all([
      catalog.categories(locale),
      catalog.list({ locale, page: pageNumber(query.page) }),
    ]);
    return sendPage(reply, <HomePage ctx={ctx} categories={categories} page={page} />);
  });

  server.get('/:locale/c/:slug', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const { slug } = request.params as { slug: string };
    const categories = await catalog.categories(locale);
    const category = categories.find((c) => c.slug === slug);
    if (!category) return notFound(services, request, reply);
    const query = pageQuery.parse(request.query);
    const page = await catalog.list({ locale, categoryId: category.id, page: pageNumber(query.page) });
    const ctx = pageContext(services, request, locale);
    return sendPage(reply, <CategoryPage ctx={ctx} categories={categories} category={category} page={page} />);
  });

  server.get('/:locale/search', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const parsed = pageQuery.safeParse(request.query);
    const q = parsed.success ? (parsed.data.q ?? '').trim() : '';
    const page = q
      ? await catalog.list({ locale, query: q, page: pageNumber(parsed.data?.page) })
      : { items: [], total: 0, page: 1, pages: 1 };
    return sendPage(reply, <SearchPage ctx={pageContext(services, request, locale)} query={q} page={page} />);
  });

  server.get('/:locale/p/:id', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const { id } = request.params as { id: string };
    const product = /^[0-9a-f-]{36}$/.test(id) ? await catalog.product(id, locale) : null;
    if (!product) return notFound(services, request, reply);
    return sendPage(reply, <ProductPageView ctx={pageContext(services, request, locale)} product={product} />);
  });
}
