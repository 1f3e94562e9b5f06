import type { FastifyInstance, FastifyRequest } from 'fastify';
import { normaliseInput } from '../../i18n/numbers.ts';
import { parsePhone } from '../../i18n/phone.ts';
import { ensureSession, pageContext, type Services } from '../../server/context.ts';
import { localeParam, notFound, seeOther, tooManyRequests } from '../../server/http.tsx';
import { networkOf, RateLimiter } from '../../server/rate-limit.ts';
import { sendPage } from '../../server/render.tsx';
import { parseDetailsForm } from '../cart/checkout-form.ts';
import { normaliseOrderCode } from './code.ts';
import type { OrderView } from './service.ts';
import { OrderPage, StatusLookupPage } from './views.tsx';

export function orderRoutes(server: FastifyInstance, services: Services): void {
  const { orders, preset, config, accounts, payments } = services.app;
  // Guessing codes is bounded per network; the code space (2^50) makes enumeration hopeless anyway.
  const lookups = new RateLimiter(config.secrets.blindIndexKey, 20 * services.rateLimitScale, 15 * 60_000);

  /** The order with the code in the URL, if this session placed or looked it up (or its account holds it). */
  async function ownOrder(request: FastifyRequest): Promise<{ code: string | null; order: OrderView | null }> {
    const code = normaliseOrderCode((request.params as { code: string }).code);
    const order = code ? await orders.byCode(code) : null;
    const mine =
      order &&
      (request.session?.data.orders.includes(order.id) ||
        (request.session?.accountId &&
          (await accounts.orders(request.session.accountId)).some((o) => o.id === order.id)));
    return { code, order: mine ? order : null };
  }

  server.get('/:locale/order/:code', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    // Only the session that placed or looked up the order sees it; anyone else is asked for the contact.
    const { code, order } = await ownOrder(request);
    if (!order) return seeOther(reply, `/${locale}/order-status${code ? `?code=${code}` : ''}`);
    const justPlaced =
      request.session?.data.orders.at(-1) === order.id && Date.now() - Date.parse(order.createdAt) < 10 * 60_000;
    const ctx = pageContext(services, request, locale);
    const paymentProblem = (request.query as { payment?: string }).payment === 'unavailable';
    return sendPage(
      reply,
      <OrderPage
        ctx={ctx}
        order={order}
        justPlaced={justPlaced && !paymentProblem}
        request={orders.pendingRequest(order)}
        payable={payments.canPay(order)}
        paymentProblem={paymentProblem}
      />,
    );
  });

  /** KN-06: the customer gives the details the shop asked for; the order goes on. */
  server.post('/:locale/order/:code/details', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const { code, order } = await ownOrder(request);
    if (!order) return seeOther(reply, `/${locale}/order-status${code ? `?code=${code}` : ''}`);
    const asked = orders.pendingRequest(order);
    const ctx = pageContext(services, request, locale);
    if (!asked) return sendPage(reply, <OrderPage ctx={ctx} order={order} justPlaced={false} />, 409);
    const parsed = parseDetailsForm(request.body, preset, asked === 'tax_identity');
    if (!parsed.ok) {
      const details = { values: parsed.values, errors: parsed.errors };
      return sendPage(
        reply,
        <OrderPage ctx={ctx} order={order} justPlaced={false} request={asked} details={details} />,
        422,
      );
    }
    await orders.giveDetails(order.id, { recipient: parsed.recipient, taxIdentity: parsed.taxIdentity });
    const fresh = (await orders.byId(order.id))!;
    return sendPage(reply, <OrderPage ctx={ctx} order={fresh} justPlaced={false} notice="order.detailsThanks" />);
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
    const ctx = pageContext(services, request, locale);
    return sendPage(
      reply,
      <OrderPage ctx={ctx} order={order} justPlaced={false} request={orders.pendingRequest(order)} />,
    );
  });
}
