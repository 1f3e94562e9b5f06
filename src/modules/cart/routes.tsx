import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formatUnit } from '../../i18n/format.ts';
import type { Locale } from '../../i18n/locales.ts';
import { milliToDecimal } from '../../i18n/numbers.ts';
import { ensureSession, pageContext, type Services } from '../../server/context.ts';
import { badRequest, localeParam, notFound, seeOther } from '../../server/http.tsx';
import { sendPage } from '../../server/render.tsx';
import type { VariantView } from '../catalog/service.ts';
import { type AddToCartError, ProductPageView } from '../catalog/views.tsx';
import { isGateway } from '../payments/gateways.ts';
import { ContinueToGatewayPage } from '../payments/views.tsx';
import { checkQuantity, loadCart, MAX_CART_LINES, parseQuantityMilli, sameLine } from './cart.ts';
import { type CheckoutValues, parseCheckoutForm } from './checkout-form.ts';
import { CartPage, CheckoutPage, quantityField } from './views.tsx';

type Body = Record<string, string | undefined>;

export function cartRoutes(server: FastifyInstance, services: Services): void {
  const { catalog, orders, preset, accounts, payments } = services.app;

  server.get('/:locale/cart', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const cart = await loadCart(catalog, request.session?.data, locale);
    return sendPage(reply, <CartPage ctx={pageContext(services, request, locale)} cart={cart} />);
  });

  server.post('/:locale/cart/add', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const body = request.body as Body;
    const product =
      body.product && /^[0-9a-f-]{36}$/.test(body.product) ? await catalog.product(body.product, locale) : null;
    if (!product) return badRequest(services, request, reply);
    const refuse = (error: AddToCartError) =>
      sendPage(
        reply,
        <ProductPageView
          ctx={pageContext(services, request, locale)}
          product={product}
          quantity={body.quantity}
          variant={body.variant}
          error={error}
        />,
        422,
      );
    // A product with options is bought in one of its variants, chosen on the page; the page lists only those on sale.
    let variant: VariantView | null = null;
    if (product.variants.length > 0) {
      if (!body.variant) return refuse('variant.errorChoose');
      variant = product.variants.find((v) => v.id === body.variant) ?? null;
      if (!variant) return refuse('variant.errorInvalid');
      if (variant.stockMilli < product.stepMilli) return refuse('variant.errorOutOfStock');
    }
    const variantId = variant?.id;
    const session = ensureSession(services, request, reply);
    const existing = session.data.cart.find((l) => sameLine(l, product.id, variantId));
    const added = parseQuantityMilli(body.quantity, locale);
    const total = added === null ? null : added + (existing?.q ?? 0);
    const check = checkQuantity(product, total === null || added === null || added <= 0 ? null : total, variant);
    if (!check.ok || (!existing && session.data.cart.length >= MAX_CART_LINES))
      return refuse(check.ok ? 'cart.errorQuantity' : check.error);
    if (existing) existing.q = total!;
    else session.data.cart.push(variantId ? { p: product.id, q: total!, v: variantId } : { p: product.id, q: total! });
    session.dirty = true;
    return seeOther(reply, `/${locale}/cart`);
  });

  server.post('/:locale/cart/update', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const body = request.body as Body;
    const line = request.session?.data.cart.find((l) => sameLine(l, body.product ?? '', body.variant || undefined));
    if (!request.session || !line) return seeOther(reply, `/${locale}/cart`);
    const cart = await loadCart(catalog, request.session.data, locale);
    const current = cart.lines.find((l) => sameLine(line, l.product.id, l.variant?.id));
    const product = current?.product;
    const quantity = parseQuantityMilli(body.quantity, locale);
    if (quantity === 0) {
      request.session.data.cart = request.session.data.cart.filter((l) => l !== line);
    } else {
      const check = product
        ? checkQuantity(product, quantity, current?.variant)
        : ({ ok: false, error: 'cart.errorQuantity' } as const);
      if (!check.ok) {
        const step = product ? formatUnit(milliToDecimal(product.stepMilli), product.unit, locale) : '';
        return cartWithError(
          request,
          reply,
          locale,
          { productId: line.p, variantId: line.v, typed: body.quantity ?? '' },
          check.error,
          step,
        );
      }
      line.q = quantity!;
    }
    request.session.dirty = true;
    return seeOther(reply, `/${locale}/cart`);
  });

  server.post('/:locale/cart/remove', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const body = request.body as Body;
    if (request.session) {
      request.session.data.cart = request.session.data.cart.filter(
        (l) => !sameLine(l, body.product ?? '', body.variant || undefined),
      );
      request.session.dirty = true;
    }
    return seeOther(reply, `/${locale}/cart`);
  });

  server.get('/:locale/checkout', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    if (preset.storefront === 'catalogue' || !request.session?.data.cart.length)
      return seeOther(reply, `/${locale}/cart`);
    if (needsSignIn(request)) return toSignIn(request, reply, locale);
    const cart = await loadCart(catalog, request.session.data, locale);
    request.session.data.checkoutKey ??= randomUUID();
    request.session.dirty = true;
    const ctx = pageContext(services, request, locale);
    const values = await prefill(request.session.accountId);
    return sendPage(
      reply,
      <CheckoutPage
        ctx={ctx}
        cart={cart}
        values={values}
        errors={{}}
        idempotencyKey={request.session.data.checkoutKey}
      />,
    );
  });

  server.post('/:locale/checkout', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const session = request.session;
    if (preset.storefront === 'catalogue' || !session) return seeOther(reply, `/${locale}/cart`);
    if (needsSignIn(request)) return toSignIn(request, reply, locale);
    const body = request.body as Body;
    const idempotencyKey =
      body.idempotency_key && /^[0-9a-f-]{36}$/.test(body.idempotency_key) ? body.idempotency_key : null;
    if (!idempotencyKey) return badRequest(services, request, reply);
    if (idempotencyKey !== session.data.checkoutKey) {
      // The key of a form this session was not given is refused: known to someone else, it would open their order.
      // A double submit after the order was placed (the session's key is cleared then) leads back to that order.
      const earlier = await orders.byIdempotencyKey(idempotencyKey);
      if (earlier && session.data.orders.includes(earlier.id))
        return seeOther(reply, `/${locale}/order/${earlier.code}`);
      return badRequest(services, request, reply);
    }
    const cart = await loadCart(catalog, session.data, locale);
    const parsed = parseCheckoutForm(request.body, preset, locale);
    const rerender = (errors: Record<string, import('../../i18n/translate.ts').MessageKey>) =>
      sendPage(
        reply,
        <CheckoutPage
          ctx={pageContext(services, request, locale)}
          cart={cart}
          values={parsed.values}
          errors={errors}
          idempotencyKey={idempotencyKey}
        />,
        422,
      );
    if (!parsed.ok) return rerender(parsed.errors as Record<string, import('../../i18n/translate.ts').MessageKey>);
    const result = await orders.place({
      ...parsed.details,
      lines: session.data.cart.map((l) => ({ productId: l.p, variantId: l.v, quantityMilli: l.q })),
      channel: 'web',
      locale,
      idempotencyKey,
      actor: 'customer',
      customerId: session.accountId ? await accounts.customerIdOf(session.accountId) : undefined,
    });
    if (!result.ok) {
      if (result.error === 'empty_cart') return seeOther(reply, `/${locale}/cart`);
      // The owner closed the area between the page and the order: the customer chooses again.
      if (result.error === 'delivery_area_unavailable')
        return rerender({ delivery_area: 'checkout.errorAreaUnavailable' });
      return rerender({
        cart: result.error === 'out_of_stock' ? 'checkout.errorOutOfStock' : 'checkout.errorCartChanged',
      });
    }
    // Ticked boxes ask for news and offers: a confirmation goes to the address or phone just given (double opt-in).
    if (!result.duplicate) await askForNews(result.id, parsed.values, parsed.details.buyer, locale);
    session.data.cart = [];
    session.data.checkoutKey = undefined;
    if (!session.data.orders.includes(result.id)) session.data.orders = [...session.data.orders.slice(-19), result.id];
    session.dirty = true;
    // Paying online: straight on to the gateway; if it cannot start, the order page offers to try again.
    if (isGateway(parsed.details.paymentMethod)) {
      const order = (await orders.byId(result.id))!;
      const started = await payments.start(order, locale, request.ip);
      if (started.ok) {
        return sendPage(
          reply,
          <ContinueToGatewayPage ctx={pageContext(services, request, locale)} url={started.redirectUrl} />,
        );
      }
      return seeOther(reply, `/${locale}/order/${result.code}?payment=${started.reason}`);
    }
    return seeOther(reply, `/${locale}/order/${result.code}`);
  });

  async function askForNews(
    orderId: string,
    values: Partial<CheckoutValues>,
    buyer: { email: string; phone: string },
    locale: Locale,
  ): Promise<void> {
    const wanted = [
      values.marketing_email === 'yes' && buyer.email ? { channel: 'email' as const, address: buyer.email } : null,
      values.marketing_sms === 'yes' ? { channel: 'sms' as const, address: buyer.phone } : null,
    ].filter((w) => w !== null);
    if (wanted.length === 0) return;
    const subjectId = (await orders.byId(orderId))!.subjectId;
    for (const w of wanted) await services.app.marketing.requestOptIn({ subjectId, ...w, locale, source: 'checkout' });
  }

  /** HK-06: a shop that requires registration lets only signed-in customers check out. */
  function needsSignIn(request: FastifyRequest): boolean {
    return preset.accountRequired && !request.session?.accountId;
  }

  function toSignIn(request: FastifyRequest, reply: FastifyReply, locale: Locale) {
    const session = ensureSession(services, request, reply);
    session.data.next = `/${locale}/checkout`;
    session.dirty = true;
    return seeOther(reply, `/${locale}/account/signin`);
  }

  /** A signed-in customer finds their details already filled in (their own data: no audit). */
  async function prefill(accountId: string | null): Promise<Partial<CheckoutValues>> {
    const profile = accountId ? await accounts.profile(accountId) : null;
    if (!profile) return {};
    return {
      name: profile.name ?? '',
      phone: profile.phone ?? '',
      email: profile.email ?? '',
      address: profile.address ?? '',
    };
  }

  /** The cart again, the refused line keeping what was typed, its box marked and linked from the summary. */
  async function cartWithError(
    request: FastifyRequest,
    reply: FastifyReply,
    locale: Locale,
    refused: { productId: string; variantId?: string; typed: string },
    error: 'cart.errorQuantity' | 'cart.errorStock',
    step: string,
  ) {
    const cart = await loadCart(catalog, request.session?.data, locale);
    const ctx = pageContext(services, request, locale);
    const field = quantityField(refused.productId, refused.variantId);
    return sendPage(
      reply,
      <CartPage
        ctx={ctx}
        cart={cart}
        errors={{ [field]: error }}
        errorValues={{ [field]: { step } }}
        refused={refused}
      />,
      422,
    );
  }
}
