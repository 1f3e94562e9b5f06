import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isLocale } from '../../i18n/locales.ts';
import { pageContext, type Services } from '../../server/context.ts';
import { localeParam, notFound, seeOther } from '../../server/http.tsx';
import { sendPage } from '../../server/render.tsx';
import { normaliseOrderCode } from '../orders/code.ts';
import { ContinueToGatewayPage, PaymentReturnPage } from './views.tsx';

/**
 * The buyer's "pay now", the browser's return from the gateway and the gateway's notification. The last two come
 * from outside (no session, no CSRF token: see SERVER_TO_SERVER in server/index.ts); the attempt id in the URL names
 * the attempt, and only the gateway's verified answer moves anything.
 */
export function paymentRoutes(server: FastifyInstance, services: Services): void {
  const { app } = services;
  const { payments, orders } = app;

  server.post('/:locale/order/:code/pay', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const code = normaliseOrderCode((request.params as { code: string }).code);
    const order = code ? await orders.byCode(code) : null;
    if (!order || !request.session?.data.orders.includes(order.id)) {
      return seeOther(reply, `/${locale}/order-status${code ? `?code=${code}` : ''}`);
    }
    const started = await payments.start(order, locale, request.ip);
    if (started.ok) {
      return sendPage(
        reply,
        <ContinueToGatewayPage ctx={pageContext(services, request, locale)} url={started.redirectUrl} />,
      );
    }
    return seeOther(reply, `/${locale}/order/${order.code}?payment=${started.reason}`);
  });

  const back = async (request: FastifyRequest, reply: FastifyReply) => {
    const { gateway, attempt } = request.params as { gateway: string; attempt: string };
    const result = await payments.returned(gateway, attempt, { query: request.query, body: request.body });
    if (!result) return notFound(services, request, reply);
    const order = (await orders.byId(result.orderId))!;
    const locale = isLocale(order.locale) ? order.locale : app.preset.defaultLocale;
    const ctx = pageContext(services, request, locale);
    return sendPage(reply, <PaymentReturnPage ctx={ctx} code={order.code} status={result.status} />);
  };
  server.get('/pay/:gateway/return/:attempt', back);
  server.post('/pay/:gateway/return/:attempt', back);

  const notify = async (request: FastifyRequest, reply: FastifyReply) => {
    const { gateway } = request.params as { gateway: string };
    const received = await payments.notify(gateway, { query: request.query, body: request.body });
    if (!received) return reply.code(404).send();
    // Outcome and error class only: a notification's fields are the gateway's, some of them the buyer's.
    request.log.info(
      { gateway, outcome: received.outcome, error: (received.error as Error | null)?.name },
      'payment notification',
    );
    return reply.code(received.ack.httpStatus).headers(received.ack.headers).send(received.ack.body);
  };
  // With the attempt in the URL, or without (VNPay's notification address is fixed when the shop registers).
  server.get('/pay/:gateway/notify/:attempt', notify);
  server.post('/pay/:gateway/notify/:attempt', notify);
  server.get('/pay/:gateway/notify', notify);
  server.post('/pay/:gateway/notify', notify);
}
