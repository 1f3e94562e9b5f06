import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Locale } from '../../i18n/locales.ts';
import type { MessageKey } from '../../i18n/translate.ts';
import type { Actor } from '../../privacy/kernel.ts';
import { pageContext, type Services } from '../../server/context.ts';
import { forbidden, localeParam, notFound, seeOther } from '../../server/http.tsx';
import { sendPage } from '../../server/render.tsx';
import type { OrderView } from '../orders/service.ts';
import { can } from '../staff/permissions.ts';
import type { ApiProvider } from './config.ts';
import { codToCollect } from './handoff.ts';
import { readHandoffForm } from './handoff-form.ts';
import type { AssignRefusal } from './own-delivery.ts';
import { DeliveriesPage, type DeliveryItem, DeliveryPage } from './own-delivery-views.tsx';
import { PACKING_SLIP_CSS_FILE, PACKING_SLIP_CSS_HREF, packingSlipHtml } from './packing-slip.tsx';
import { packingSlipPdf } from './pdf.ts';
import type { HandoffRefusal } from './service.ts';
import { HandoffPage } from './views.tsx';

const UUID = /^[0-9a-f-]{36}$/;
const WEBHOOK_PROVIDERS: readonly ApiProvider[] = ['pathao', 'ghn'];

/** What staff read when a hand-off is refused, and the HTTP status of that answer. */
const REFUSALS: Record<Exclude<HandoffRefusal, 'not_found'>, { message: MessageKey; status: number }> = {
  not_packed: { message: 'fulfilment.errorNotPacked', status: 409 },
  handed_off: { message: 'fulfilment.errorHandedOff', status: 409 },
  no_courier: { message: 'fulfilment.noCourier', status: 409 },
  not_configured: { message: 'fulfilment.notConfigured', status: 503 },
  invalid_tracking_code: { message: 'fulfilment.errorTrackingCode', status: 422 },
  erased: { message: 'fulfilment.errorErased', status: 409 },
  undeclared_recipient: { message: 'fulfilment.errorPolicy', status: 409 },
  field_not_allowed: { message: 'fulfilment.errorPolicy', status: 409 },
  courier_unavailable: { message: 'fulfilment.errorUnavailable', status: 503 },
  courier_rejected: { message: 'fulfilment.errorRejected', status: 422 },
  courier_config: { message: 'fulfilment.errorCourierConfig', status: 503 },
};

/** What staff read when giving an order to one of the shop's couriers is refused. */
const ASSIGN_REFUSALS: Record<Exclude<AssignRefusal, 'not_found'>, { message: MessageKey; status: number }> = {
  not_packed: { message: 'delivery.errorNotPacked', status: 409 },
  assigned: { message: 'delivery.errorAssigned', status: 409 },
  unknown_courier: { message: 'delivery.errorCourier', status: 422 },
};

/**
 * The packing slip (HTML and PDF), the hand-off to the courier, and the couriers' status webhooks. Staff routes need
 * 'orders.fulfil': packers print and hand over, and see the recipient's name and address but never a phone or e-mail.
 * In a shop with its own couriers (own-delivery.ts) they give packed orders to a courier instead, and the courier's
 * area (/staff/deliveries, 'deliveries.own') shows each courier only their deliveries on the way.
 */
export function fulfilmentRoutes(server: FastifyInstance, services: Services): void {
  const { app } = services;
  const { orders, kernel, fulfilment } = app;
  const slipCss = readFileSync(PACKING_SLIP_CSS_FILE);

  server.get(PACKING_SLIP_CSS_HREF, (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=86400').send(slipCss),
  );

  /**
   * The order in the URL for a signed-in staff member allowed to fulfil it, or null after answering: sign-in for
   * nobody, a localised 403 for a role without the permission, 404 for no such order.
   */
  async function fulfillableOrder(
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<{ locale: Locale; actor: Actor & { kind: 'staff' }; order: OrderView } | null> {
    const locale = localeParam(request);
    if (!locale) {
      void notFound(services, request, reply);
      return null;
    }
    if (!request.staff) {
      void seeOther(reply, `/${locale}/staff/login`);
      return null;
    }
    if (!can(request.staff.role, 'orders.fulfil')) {
      void forbidden(services, request, reply);
      return null;
    }
    const { id } = request.params as { id: string };
    const order = UUID.test(id) ? await orders.byId(id) : null;
    if (!order) {
      void notFound(services, request, reply);
      return null;
    }
    return { locale, actor: { kind: 'staff', id: request.staff.id }, order };
  }

  /** The slip's document: the recipient's name and address and the delivery note, revealed for fulfilment (audited). */
  async function slipDocument(
    request: FastifyRequest,
    locale: Locale,
    actor: Actor,
    order: OrderView,
  ): Promise<string> {
    const recipient = await kernel.reveal({
      actor,
      purpose: 'order.fulfilment',
      subjectId: order.recipientSubjectId,
      fields: {
        'orders.recipient_name_enc': order.sealed.recipient_name_enc,
        'orders.recipient_address_enc': order.sealed.recipient_address_enc,
      },
      detail: order.code,
    });
    // The note is the buyer's (KN-07), sealed under the buyer's key.
    const buyer = await kernel.reveal({
      actor,
      purpose: 'order.fulfilment',
      subjectId: order.subjectId,
      fields: { 'orders.delivery_instructions_enc': order.sealed.delivery_instructions_enc },
      detail: order.code,
    });
    return packingSlipHtml({
      ctx: pageContext(services, request, locale),
      order,
      deliverTo: {
        name: recipient['orders.recipient_name_enc'] ?? undefined,
        area: recipient['orders.recipient_address_enc'] ?? undefined,
        note: buyer['orders.delivery_instructions_enc'] ?? undefined,
      },
      codMinor: codToCollect(order),
      currency: order.currency,
    });
  }

  server.get('/:locale/staff/orders/:id/slip', async (request, reply) => {
    const found = await fulfillableOrder(request, reply);
    if (!found) return reply;
    const html = await slipDocument(request, found.locale, found.actor, found.order);
    // Personal data: kept by no cache, the browser's included.
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
  });

  server.get('/:locale/staff/orders/:id/slip.pdf', async (request, reply) => {
    const found = await fulfillableOrder(request, reply);
    if (!found) return reply;
    const pdf = await packingSlipPdf(await slipDocument(request, found.locale, found.actor, found.order));
    return reply
      .type('application/pdf')
      .header('content-disposition', `inline; filename="${found.order.code}.pdf"`)
      .header('cache-control', 'no-store')
      .send(pdf);
  });

  server.post('/:locale/staff/orders/:id/handoff', async (request, reply) => {
    const found = await fulfillableOrder(request, reply);
    if (!found) return reply;
    const { locale, actor, order } = found;
    const choice = fulfilment.courierChoice;
    const form = choice.kind === 'ready' ? readHandoffForm(request.body, choice.provider) : { ok: true as const };
    let error: MessageKey;
    let status = 422;
    if (!form.ok) {
      error = form.error;
    } else {
      const outcome = await fulfilment.handOff(order.id, actor, form);
      if (outcome.ok) {
        // The parcel is booked either way; the order page shows the status staff must then sort out.
        if (!outcome.shipped) request.log.warn({ route: request.routeOptions.url }, 'handed off, order not moved');
        return seeOther(reply, `/${locale}/staff/orders/${order.id}`);
      }
      if (outcome.reason === 'not_found') return notFound(services, request, reply);
      ({ message: error, status } = REFUSALS[outcome.reason]);
      request.log.info({ route: request.routeOptions.url, reason: outcome.reason }, 'hand-off refused');
    }
    const [fresh, summary] = await Promise.all([orders.byId(order.id), fulfilment.summary(order.id)]);
    const typed = Object.fromEntries(
      Object.entries((request.body ?? {}) as Record<string, unknown>).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[0] !== '_csrf',
      ),
    );
    const ctx = pageContext(services, request, locale);
    return sendPage(
      reply,
      <HandoffPage ctx={ctx} order={fresh ?? order} fulfilment={summary} error={error} values={typed} />,
      status,
    );
  });

  /** Own delivery (HK-09, KT-01): staff who fulfil give a packed order to one of the shop's couriers. */
  server.post('/:locale/staff/orders/:id/assign', async (request, reply) => {
    const found = await fulfillableOrder(request, reply);
    if (!found) return reply;
    const { locale, actor, order } = found;
    const own = fulfilment.ownDelivery;
    // A shop that hands parcels to a courier company has no couriers of its own to give them to.
    if (!own) return notFound(services, request, reply);
    const courierId = (request.body as { courier?: unknown } | undefined)?.courier;
    const outcome =
      typeof courierId === 'string' && UUID.test(courierId)
        ? await own.assign(order.id, courierId, actor)
        : ({ ok: false, reason: 'unknown_courier' } as const);
    if (outcome.ok) return seeOther(reply, `/${locale}/staff/orders/${order.id}`);
    if (outcome.reason === 'not_found') return notFound(services, request, reply);
    const { message, status } = ASSIGN_REFUSALS[outcome.reason];
    request.log.info({ route: request.routeOptions.url, reason: outcome.reason }, 'assignment refused');
    const [fresh, summary] = await Promise.all([orders.byId(order.id), fulfilment.summary(order.id)]);
    const ctx = pageContext(services, request, locale);
    return sendPage(
      reply,
      <HandoffPage ctx={ctx} order={fresh ?? order} fulfilment={summary} error={message} values={{}} />,
      status,
    );
  });

  /**
   * The courier signed in, or null after answering: sign-in for nobody, a localised 403 for staff who are not
   * couriers. Every delivery a courier names that is not one of theirs on the way is answered 404, as for none.
   */
  function courierOf(
    request: FastifyRequest,
    reply: FastifyReply,
  ): { locale: Locale; actor: Actor & { kind: 'staff' } } | null {
    const locale = localeParam(request);
    if (!locale) {
      void notFound(services, request, reply);
      return null;
    }
    if (!request.staff) {
      void seeOther(reply, `/${locale}/staff/login`);
      return null;
    }
    if (!can(request.staff.role, 'deliveries.own')) {
      void forbidden(services, request, reply);
      return null;
    }
    // The recipient's details are on these pages: kept by no cache, the browser's included.
    reply.header('cache-control', 'no-store');
    return { locale, actor: { kind: 'staff', id: request.staff.id } };
  }

  /** The courier's active delivery in the URL, with its details revealed for them (audited); null when not theirs. */
  async function deliveryItem(request: FastifyRequest, actor: Actor & { kind: 'staff' }): Promise<DeliveryItem | null> {
    const { id } = request.params as { id: string };
    const own = fulfilment.ownDelivery;
    const order = own && UUID.test(id) ? await own.activeOrder(actor.id, id) : null;
    return own && order ? { order, delivery: await own.details(order, actor) } : null;
  }

  server.get('/:locale/staff/deliveries', async (request, reply) => {
    const courier = courierOf(request, reply);
    if (!courier) return reply;
    const own = fulfilment.ownDelivery;
    const active = own ? await own.activeOrders(courier.actor.id) : [];
    const items: DeliveryItem[] = [];
    for (const order of active) items.push({ order, delivery: await own!.details(order, courier.actor) });
    const { delivered } = request.query as { delivered?: string };
    const ctx = pageContext(services, request, courier.locale);
    return sendPage(reply, <DeliveriesPage ctx={ctx} items={items} notice={delivered ? 'delivery.done' : undefined} />);
  });

  server.get('/:locale/staff/deliveries/:id', async (request, reply) => {
    const courier = courierOf(request, reply);
    if (!courier) return reply;
    const item = await deliveryItem(request, courier.actor);
    if (!item) return notFound(services, request, reply);
    return sendPage(reply, <DeliveryPage ctx={pageContext(services, request, courier.locale)} item={item} />);
  });

  /** The courier delivered it: the order moves to delivered (the buyer is told) and is theirs no more. */
  server.post('/:locale/staff/deliveries/:id/delivered', async (request, reply) => {
    const courier = courierOf(request, reply);
    if (!courier) return reply;
    const { id } = request.params as { id: string };
    const own = fulfilment.ownDelivery;
    const outcome = own && UUID.test(id) ? await own.markDelivered(id, courier.actor) : 'not_found';
    if (outcome === 'delivered') return seeOther(reply, `/${courier.locale}/staff/deliveries?delivered=1`);
    // Changed meanwhile: still theirs, say so on its page; no longer theirs, as if it never was.
    const item = outcome === 'stale' ? await deliveryItem(request, courier.actor) : null;
    if (!item) return notFound(services, request, reply);
    const ctx = pageContext(services, request, courier.locale);
    return sendPage(reply, <DeliveryPage ctx={ctx} item={item} error="delivery.errorStale" />, 409);
  });

  /**
   * Couriers' status webhooks. The adapter checks the shop's secret and says what to answer — exactly that is sent
   * (Pathao's panel checks the answer's header). They carry no Origin or Referer and no session, so the CSRF hook
   * lets them through. Bodies are never logged: they name the parcel's recipient.
   */
  for (const provider of WEBHOOK_PROVIDERS) {
    server.post(`/webhooks/couriers/${provider}`, async (request, reply) => {
      const result = fulfilment.readWebhook(provider, {
        headers: request.headers,
        body: request.body,
        query: request.query as Record<string, string | undefined>,
      });
      // Not this shop's courier, or not configured: as if the address did not exist.
      if (!result) return reply.code(404).send();
      const { outcome } = result;
      if (outcome.kind === 'event') {
        const applied = await fulfilment.applyCourierEvent(provider, outcome.event);
        request.log.info({ provider, status: outcome.event.status, applied }, 'courier status');
      } else if (outcome.kind === 'refused') {
        request.log.warn({ provider, reason: outcome.reason }, 'courier webhook refused');
      }
      return reply.code(result.reply.status).headers(result.reply.headers).send(result.reply.body);
    });
  }
}
