import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DATA_MAP } from '../../db/schema.ts';
import type { Locale } from '../../i18n/locales.ts';
import { normaliseInput } from '../../i18n/numbers.ts';
import { parsePhone } from '../../i18n/phone.ts';
import type { MessageKey } from '../../i18n/translate.ts';
import { verifyAuditChain } from '../../privacy/audit.ts';
import type { FieldId } from '../../privacy/datamap.ts';
import type { Actor } from '../../privacy/kernel.ts';
import { pageContext, type Services } from '../../server/context.ts';
import { badRequest, forbidden, localeParam, notFound, seeOther, tooManyRequests } from '../../server/http.tsx';
import { networkOf, RateLimiter } from '../../server/rate-limit.ts';
import { sendPage } from '../../server/render.tsx';
import { checkQuantity, parseQuantityMilli } from '../cart/cart.ts';
import { parseCheckoutForm } from '../cart/checkout-form.ts';
import { DETAIL_REQUESTS, ORDER_STATUSES, type OrderStatus } from '../orders/lifecycle.ts';
import type { OrderView, TaxIdentity } from '../orders/service.ts';
import { requireStaff as requireStaffOf } from './guard.ts';
import { parseOrderFilter } from './order-filter.ts';
import { can, type Permission, transitionPermission } from './permissions.ts';
import type { StaffUser } from './service.ts';
import {
  AuditPage,
  ENTRY_ROWS,
  LoginPage,
  NewOrderPage,
  OrderListPage,
  RECOVERY_METHODS,
  type RecoveryMethod,
  RecoveryPage,
  type RevealedContact,
  StaffOrderPage,
} from './views.tsx';

const UUID = /^[0-9a-f-]{36}$/;
const AUDIT_PAGE_SIZE = 100;

/** Where a signed-in staff member starts: the order list, or the one area of a role that sees no orders. */
function staffHome(locale: Locale, staff: StaffUser): string {
  if (can(staff.role, 'orders.view')) return `/${locale}/staff`;
  return can(staff.role, 'legal.register') ? `/${locale}/staff/legal` : `/${locale}/staff/deliveries`;
}

export function staffRoutes(server: FastifyInstance, services: Services): void {
  const { app, sessions } = services;
  const { orders, kernel, catalog, preset } = app;
  // Per account and per network: 10 wrong passwords per 15 minutes.
  const logins = new RateLimiter(app.config.secrets.blindIndexKey, 10 * services.rateLimitScale, 15 * 60_000);

  const requireStaff = (request: FastifyRequest, reply: FastifyReply, locale: Locale, permission: Permission) =>
    requireStaffOf(services, request, reply, locale, permission);

  server.get('/:locale/staff/login', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    if (request.staff) return seeOther(reply, staffHome(locale, request.staff));
    return sendPage(reply, <LoginPage ctx={pageContext(services, request, locale)} />);
  });

  server.post('/:locale/staff/login', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const body = request.body as { username?: string; password?: string };
    const username = (body.username ?? '').slice(0, 100);
    if (!logins.attempt('net', networkOf(request.ip)) || !logins.attempt('user', username.toLowerCase())) {
      request.log.warn({ route: 'staff/login' }, 'sign-in rate limit reached');
      return tooManyRequests(services, request, reply);
    }
    const staff = await app.staff.verify(username, (body.password ?? '').slice(0, 256));
    if (!staff) {
      const ctx = pageContext(services, request, locale);
      return sendPage(reply, <LoginPage ctx={ctx} username={username} error="staff.signInFailed" />, 401);
    }
    request.session = await sessions.rotate(reply, request, request.session);
    request.session.staffId = staff.id;
    return seeOther(reply, staffHome(locale, staff));
  });

  server.post('/:locale/staff/logout', async (request, reply) => {
    const locale = localeParam(request) ?? app.preset.defaultLocale;
    await sessions.destroy(reply, request.session);
    request.session = null;
    return seeOther(reply, `/${locale}/`);
  });

  server.get('/:locale/staff', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    if (!requireStaff(request, reply, locale, 'orders.view')) return reply;
    const query = request.query as Record<string, string | undefined>;
    const parsed = parseOrderFilter(query, preset);
    const list = await orders.list({ page: Number(query.page) || 1, ...parsed.filter });
    const ctx = pageContext(services, request, locale);
    return sendPage(
      reply,
      <OrderListPage ctx={ctx} list={list} values={parsed.values} errors={parsed.errors} />,
      Object.keys(parsed.errors).length ? 422 : 200,
    );
  });

  /** Staff move several orders at once; each goes through the lifecycle on its own and may be refused on its own. */
  server.post('/:locale/staff/orders/bulk-status', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const staff = requireStaff(request, reply, locale, 'orders.view');
    if (!staff) return reply;
    const body = request.body as { to?: string; ids?: string | string[] };
    const to = body.to as OrderStatus;
    const ids = [body.ids ?? []]
      .flat()
      .filter((id) => UUID.test(id))
      .slice(0, 200);
    if (!ORDER_STATUSES.includes(to) || to === 'awaiting_details') return badRequest(services, request, reply);
    if (!can(staff.role, transitionPermission(to))) return forbidden(services, request, reply);
    const refused: string[] = [];
    let moved = 0;
    for (const id of ids) {
      const result = await orders.move(id, to, { kind: 'staff', id: staff.id });
      if (result.ok) {
        moved++;
        await app.fulfilment.followStaffMove(id, to);
      } else refused.push(id);
    }
    const codes = refused.length ? (await orders.codesOf(refused)).sort() : [];
    const list = await orders.list({ page: 1 });
    const ctx = pageContext(services, request, locale);
    return sendPage(
      reply,
      <OrderListPage ctx={ctx} list={list} values={{}} errors={{}} bulk={{ moved, refused: codes, to }} />,
    );
  });

  server.get('/:locale/staff/orders/new', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    if (!requireStaff(request, reply, locale, 'orders.create')) return reply;
    const items = await catalog.orderEntryItems(locale);
    const ctx = pageContext(services, request, locale);
    return sendPage(
      reply,
      <NewOrderPage ctx={ctx} items={items} values={{}} errors={{}} idempotencyKey={randomUUID()} />,
    );
  });

  /** Staff enter an order that came in by phone or e-mail (KT-10); the channel is recorded on the order. */
  server.post('/:locale/staff/orders/new', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const staff = requireStaff(request, reply, locale, 'orders.create');
    if (!staff) return reply;
    const body = (request.body ?? {}) as Record<string, string>;
    const items = await catalog.orderEntryItems(locale);
    const byKey = new Map(items.map((item) => [item.key, item]));
    const errors: Record<string, MessageKey> = {};
    const lines: { productId: string; variantId?: string; quantityMilli: number }[] = [];
    for (let i = 0; i < ENTRY_ROWS; i++) {
      const item = byKey.get(body[`product_${i}`] ?? '');
      if (!item) continue;
      const quantity = parseQuantityMilli(body[`qty_${i}`], locale);
      const check = checkQuantity(item.product, quantity, item.variant);
      if (!check.ok) errors[`qty_${i}`] = check.error;
      else if (item.variant)
        lines.push({ productId: item.product.id, variantId: item.variant.id, quantityMilli: quantity! });
      else lines.push({ productId: item.product.id, quantityMilli: quantity! });
    }
    if (lines.length === 0 && Object.keys(errors).length === 0) errors.lines = 'staff.errorNoLines';
    const parsed = parseCheckoutForm(body, app.preset, locale);
    if (!parsed.ok) Object.assign(errors, parsed.errors);
    const channel = body.channel === 'email' ? 'email' : 'phone';
    const idempotencyKey = UUID.test(body.idempotency_key ?? '') ? body.idempotency_key : randomUUID();
    const rerender = (errs: Record<string, MessageKey>) =>
      sendPage(
        reply,
        <NewOrderPage
          ctx={pageContext(services, request, locale)}
          items={items}
          values={body}
          errors={errs}
          idempotencyKey={idempotencyKey}
        />,
        422,
      );
    if (!parsed.ok || Object.keys(errors).length > 0) return rerender(errors);
    const result = await orders.place({
      ...parsed.details,
      lines,
      channel,
      locale,
      idempotencyKey,
      actor: `staff:${staff.id}`,
    });
    if (!result.ok && result.error === 'delivery_area_unavailable')
      return rerender({ delivery_area: 'checkout.errorAreaUnavailable' });
    if (!result.ok)
      return rerender({
        lines: result.error === 'out_of_stock' ? 'checkout.errorOutOfStock' : 'checkout.errorCartChanged',
      });
    return seeOther(reply, `/${locale}/staff/orders/${result.id}?created=1`);
  });

  server.get('/:locale/staff/orders/:id', async (request, reply) => {
    const target = await staffOrder(request, reply, 'orders.view');
    if (!target) return reply;
    const { locale, staff, order } = target;
    const { created } = request.query as { created?: string };
    return showOrder(request, reply, locale, staff, order, {}, created ? 'staff.orderCreated' : undefined);
  });

  /** HK-08: staff reveal the customer's phone, e-mail or payment reference to contact them; purpose-checked, audited. */
  server.post('/:locale/staff/orders/:id/reveal', async (request, reply) => {
    const target = await staffOrder(request, reply, 'orders.contact');
    if (!target) return reply;
    const { locale, staff, order } = target;
    const field = (request.body as { field?: string }).field;
    const actor: Actor = { kind: 'staff', id: staff.id };
    const extra: Partial<RevealedContact> = {};
    if (field === 'phone') {
      const r = await kernel.reveal({
        actor,
        purpose: 'customer.support',
        subjectId: order.subjectId,
        fields: { 'orders.buyer_phone_enc': order.sealed.buyer_phone_enc },
        detail: order.code,
      });
      extra.phone = r['orders.buyer_phone_enc'];
      if (order.differentRecipient) {
        const rp = await kernel.reveal({
          actor,
          purpose: 'customer.support',
          subjectId: order.recipientSubjectId,
          fields: { 'orders.recipient_phone_enc': order.sealed.recipient_phone_enc },
          detail: order.code,
        });
        extra.recipientPhone = rp['orders.recipient_phone_enc'];
      }
    } else if (field === 'email') {
      const r = await kernel.reveal({
        actor,
        purpose: 'customer.support',
        subjectId: order.subjectId,
        fields: { 'orders.buyer_email_enc': order.sealed.buyer_email_enc },
        detail: order.code,
      });
      extra.email = r['orders.buyer_email_enc'];
    } else if (field === 'payment_reference') {
      const r = await kernel.reveal({
        actor,
        purpose: 'order.billing',
        subjectId: order.subjectId,
        fields: { 'orders.payment_reference_enc': order.sealed.payment_reference_enc },
        detail: order.code,
      });
      extra.paymentReference = r['orders.payment_reference_enc'];
    } else if (field === 'tax_identity') {
      const r = await kernel.reveal({
        actor,
        purpose: 'order.billing',
        subjectId: order.subjectId,
        fields: { 'orders.tax_identity_enc': order.sealed.tax_identity_enc },
        detail: order.code,
      });
      const sealed = r['orders.tax_identity_enc'];
      extra.taxIdentity = sealed ? (JSON.parse(sealed) as TaxIdentity) : null;
    }
    return showOrder(request, reply, locale, staff, order, extra);
  });

  /** HK-07: the money order, transfer or cheque arrived; only now does the order move on. */
  server.post('/:locale/staff/orders/:id/payment', async (request, reply) => {
    const target = await staffOrder(request, reply, 'orders.payment');
    if (!target) return reply;
    const { locale, staff, order } = target;
    const result = await orders.recordPayment(order.id, { kind: 'staff', id: staff.id });
    const fresh = (await orders.byId(order.id))!;
    return showOrder(
      request,
      reply,
      locale,
      staff,
      fresh,
      {},
      result.ok ? 'staff.paymentRecorded' : undefined,
      result.ok ? undefined : 'staff.errorTransition',
    );
  });

  server.post('/:locale/staff/orders/:id/status', async (request, reply) => {
    const target = await staffOrder(request, reply, 'orders.view');
    if (!target) return reply;
    const { locale, staff, order } = target;
    const to = (request.body as { to?: string }).to as OrderStatus;
    if (!ORDER_STATUSES.includes(to) || to === 'awaiting_details') return badRequest(services, request, reply);
    if (!can(staff.role, transitionPermission(to))) return forbidden(services, request, reply);
    const result = ORDER_STATUSES.includes(to)
      ? await orders.move(order.id, to, { kind: 'staff', id: staff.id })
      : ({ ok: false, reason: 'not_allowed' } as const);
    if (result.ok) await app.fulfilment.followStaffMove(order.id, to);
    const fresh = (await orders.byId(order.id))!;
    if (result.ok) return showOrder(request, reply, locale, staff, fresh, {}, 'staff.statusChanged');
    const error: MessageKey =
      result.reason === 'payment_not_received' ? 'staff.errorPaymentFirst' : 'staff.errorTransition';
    return showOrder(request, reply, locale, staff, fresh, {}, undefined, error, 409);
  });

  /** KN-06: staff ask the customer for what is missing; the customer is told by e-mail (and SMS where enabled). */
  server.post('/:locale/staff/orders/:id/ask', async (request, reply) => {
    const target = await staffOrder(request, reply, 'orders.contact');
    if (!target) return reply;
    const { locale, staff, order } = target;
    const reason = (request.body as { reason?: string }).reason;
    const request_ = DETAIL_REQUESTS.find((r) => r === reason);
    if (!request_) return badRequest(services, request, reply);
    const result = await orders.askForDetails(order.id, request_, { kind: 'staff', id: staff.id });
    const fresh = (await orders.byId(order.id))!;
    if (result.ok) return showOrder(request, reply, locale, staff, fresh, {}, 'staff.statusChanged');
    return showOrder(request, reply, locale, staff, fresh, {}, undefined, 'staff.errorTransition', 409);
  });

  /** The audit log is the owner's: staff who reveal data do not review their own reveals. */
  server.get('/:locale/staff/audit', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const staff = requireStaff(request, reply, locale, 'audit.view');
    if (!staff) return reply;
    const requested = Number((request.query as { page?: string }).page ?? 1);
    const [count, people, brokenAt] = await Promise.all([
      app.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
      app.db.selectFrom('staff_users').select(['id', 'display_name']).execute(),
      verifyAuditChain(app.db),
    ]);
    const pages = Math.max(1, Math.ceil(Number(count.n) / AUDIT_PAGE_SIZE));
    const page = Number.isInteger(requested) ? Math.min(Math.max(1, requested), pages) : 1;
    const entries = await app.db
      .selectFrom('audit_log')
      .selectAll()
      .orderBy('seq', 'desc')
      .limit(AUDIT_PAGE_SIZE)
      .offset((page - 1) * AUDIT_PAGE_SIZE)
      .execute();
    const names = new Map(people.map((p) => [`staff:${p.id}`, p.display_name]));
    const ctx = pageContext(services, request, locale);
    const rows = entries.map((e) => ({
      seq: Number(e.seq),
      at: e.at,
      who: names.get(e.actor) ?? (e.actor.startsWith('system:') ? ctx.t('audit.system') : e.actor),
      action: e.action,
      purpose: e.purpose,
      field: e.field,
      category: e.field ? (DATA_MAP.field(e.field as FieldId)?.category ?? null) : null,
      detail: e.detail,
    }));
    return sendPage(reply, <AuditPage ctx={ctx} rows={rows} brokenAt={brokenAt} page={page} pages={pages} />);
  });

  server.get('/:locale/staff/recovery', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    if (!requireStaff(request, reply, locale, 'accounts.recover')) return reply;
    return sendPage(reply, <RecoveryPage ctx={pageContext(services, request, locale)} />);
  });

  server.post('/:locale/staff/recovery', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    if (!requireStaff(request, reply, locale, 'accounts.recover')) return reply;
    const contact = normaliseInput((request.body as { contact?: string }).contact ?? '').slice(0, 200);
    const phone = contact.includes('@') ? null : parsePhone(contact, app.preset.identity.country);
    const accountId = await app.accounts.findForStaff(
      phone?.ok ? { phone: phone.e164 } : { email: contact.toLowerCase() },
    );
    const ctx = pageContext(services, request, locale);
    return sendPage(
      reply,
      <RecoveryPage
        ctx={ctx}
        contact={contact}
        accountId={accountId}
        error={accountId ? undefined : 'staff.recoveryNotFound'}
      />,
      accountId ? 200 : 404,
    );
  });

  /** HK-17: the method of the identity check is recorded with the staff member in the audit log. */
  server.post('/:locale/staff/recovery/send', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const staff = requireStaff(request, reply, locale, 'accounts.recover');
    if (!staff) return reply;
    const body = request.body as { account?: string; method?: string };
    const method = RECOVERY_METHODS.includes(body.method as RecoveryMethod) ? (body.method as RecoveryMethod) : null;
    if (!method || !UUID.test(body.account ?? '')) return badRequest(services, request, reply);
    // A stale form (the account was deleted since) is a page that no longer exists.
    if (!(await app.accounts.exists(body.account!))) return notFound(services, request, reply);
    const sent = await app.accounts.assistedRecovery(staff.id, body.account!, method, locale);
    const ctx = pageContext(services, request, locale);
    return sendPage(
      reply,
      <RecoveryPage
        ctx={ctx}
        notice={sent ? 'staff.recoverySent' : undefined}
        error={sent ? undefined : 'staff.recoveryNoEmail'}
      />,
    );
  });

  /**
   * What every route about one order needs: the language, a staff member with `permission` and the order. When one
   * of them is missing, the refusal (404, the sign-in, 403) has been sent and null comes back.
   */
  async function staffOrder(
    request: FastifyRequest,
    reply: FastifyReply,
    permission: Permission,
  ): Promise<{ locale: Locale; staff: StaffUser; order: OrderView } | null> {
    const locale = localeParam(request);
    if (!locale) {
      await notFound(services, request, reply);
      return null;
    }
    const staff = requireStaff(request, reply, locale, permission);
    if (!staff) return null;
    const order = await loadOrder(request);
    if (!order) {
      await notFound(services, request, reply);
      return null;
    }
    return { locale, staff, order };
  }

  async function loadOrder(request: FastifyRequest): Promise<OrderView | null> {
    const { id } = request.params as { id: string };
    return UUID.test(id) ? orders.byId(id) : null;
  }

  /** The order page reveals the name and delivery address for fulfilment (audited); contact details on request. */
  async function showOrder(
    request: FastifyRequest,
    reply: FastifyReply,
    locale: Locale,
    staff: StaffUser,
    order: OrderView,
    extra: Partial<RevealedContact>,
    notice?: MessageKey,
    error?: MessageKey,
    status = 200,
  ) {
    const actor: Actor = { kind: 'staff', id: staff.id };
    const buyer = await kernel.reveal({
      actor,
      purpose: 'order.fulfilment',
      subjectId: order.subjectId,
      fields: {
        'orders.buyer_name_enc': order.sealed.buyer_name_enc,
        'orders.delivery_instructions_enc': order.sealed.delivery_instructions_enc,
      },
      detail: order.code,
    });
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
    const contact: RevealedContact = {
      buyerName: buyer['orders.buyer_name_enc'],
      instructions: buyer['orders.delivery_instructions_enc'],
      recipientName: recipient['orders.recipient_name_enc'],
      recipientAddress: recipient['orders.recipient_address_enc'],
      ...extra,
    };
    const ctx = pageContext(services, request, locale);
    return sendPage(
      reply,
      <StaffOrderPage
        ctx={ctx}
        order={order}
        contact={contact}
        fulfilment={await app.fulfilment.summary(order.id)}
        notice={notice}
        error={error}
      />,
      status,
    );
  }
}
