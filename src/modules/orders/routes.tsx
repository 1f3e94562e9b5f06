import type { FastifyInstance } from 'fastify';
import { normaliseInput } from '../../i18n/numbers.ts';
import { parsePhone } from '../../i18n/phone.ts';
import { ensureSession, pageContext, type Services } from '../../server/context.ts';
import { localeParam, notFound, seeOther, tooManyRequests } from '../../server/http.tsx';
import { networkOf, RateLimiter } from '../../server/rate-limit.ts';
import { sendPage } from '../../server/render.tsx';
import { normaliseOrderCode } from './code.ts';
import { OrderPage, StatusLookupPage } from './views.tsx';

export function orderRoutes(server: FastifyInstance, services: Services): void {
  const { orders, preset, config, accounts } = services.app;
  // Guessing codes is bounded per network; the code space (2^50) makes enumeration hopeless anyway.
  const lookups = new RateLimiter(config.secrets.blindIndexKey, 20 * services.rateLimitScale, 15 * 60_000);

  server.get('/:locale/order/:code', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const code = normaliseOrderCode((request.params as { code: string }).code);
    const order = code ? await orders.byCode(code) : null;
    // Only the session that placed or looked up the order sees it; anyone else is asked for the contact.
    const mine =
      order &&
      (request.session?.data.orders.includes(order.id) ||
        (request.session?.accountId &&
          (await accounts.orders(request.session.accountId)).some((o) => o.id === order.id)));
    if (!order || !mine) {
      return seeOther(reply, `/${locale}/order-status${code ? `?code=${code}` : ''}`);
    }
    const justPlaced =
      request.session?.data.orders.at(-1) === order.id && Date.now() - Date.parse(order.createdAt) < 10 * 60_000;
    return sendPage(
      reply,
      <OrderPage ctx={pageContext(services, request, locale)} order={order} justPlaced={justPlaced} />,
    );
  });

  server.get('/:locale/order-status', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const { code } = request.query as { code?: string };
    const ctx = pageContext(services, request, locale);
    return sendPage(reply, <StatusLookupPage ctx={ctx} values={{ code: code?.slice(0, 20) }} errors={{}} />);
  });

  server.post('/:locale/order-status', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    if (!lookups.attempt('lookup', networkOf(request.ip))) return tooManyRequests(services, request, reply);
    const body = request.body as { code?: string; contact?: string };
    const values = { code: (body.code ?? '').slice(0, 40), contact: (body.contact ?? '').slice(0, 200) };
    const code = normaliseOrderCode(values.code);
    const contact = normaliseInput(values.contact);
    const phone = contact.includes('@') ? null : parsePhone(contact, preset.identity.country);
    const errors: Record<string, 'status.errorCode' | 'status.errorContact' | 'status.notFound'> = {};
    if (!code) errors.code = 'status.errorCode';
    if (!contact || (phone && !phone.ok)) errors.contact = 'status.errorContact';
    const order =
      Object.keys(errors).length === 0 && code
        ? await orders.lookup(code, phone?.ok ? { phoneE164: phone.e164 } : { email: contact.toLowerCase() })
        : null;
    if (!order) {
      if (Object.keys(errors).length === 0) errors.code = 'status.notFound';
      const ctx = pageContext(services, request, locale);
      return sendPage(reply, <StatusLookupPage ctx={ctx} values={values} errors={errors} />, 422);
    }
    // Remember the order in the session (if the browser keeps cookies) and show it right away (if it does not).
    const session = ensureSession(services, request, reply);
    if (!session.data.orders.includes(order.id)) session.data.orders = [...session.data.orders.slice(-19), order.id];
    session.dirty = true;
    return sendPage(reply, <OrderPage ctx={pageContext(services, request, locale)} order={order} justPlaced={false} />);
  });
}
