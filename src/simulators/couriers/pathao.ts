/**
 * A local Pathao merchant API for tests and the demo: the real paths and field names of
 * src/modules/fulfilment/pathao.ts's sources, token issue and refresh with expiry, validation of a create-order
 * request as Pathao documents it, and a control that posts status webhooks to the shop the way Pathao's panel does.
 * Error bodies follow Laravel (which Pathao's answers resemble); their exact wording is not documented.
 */
import Fastify, { type FastifyReply } from 'fastify';
import { listenLocally, postWebhook, randomCode, randomToken, type WebhookDelivery } from './common.ts';

export interface PathaoSimulatorOptions {
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
  storeIds: number[];
  /** How long an access token lives; Pathao's is 432000 s (five days). */
  tokenTtlSeconds?: number;
}

export interface RecordedConsignment {
  consignmentId: string;
  /** The request body exactly as the shop sent it. */
  body: Record<string, unknown>;
  /** The last event pushed for it ("order.created" at first). */
  event: string;
}

export interface PathaoSimulator {
  url: string;
  consignments: RecordedConsignment[];
  /** Every token request's grant type, in order ("password", "refresh_token"). */
  grants: string[];
  /** Ends every access token now, as a revocation or a clock running out would; refresh tokens stay valid. */
  expireAccessTokens(): void;
  /**
   * The panel's "save webhook": posts {event: "webhook_integration"} to the URL and saves it only when the answer is
   * 202 with the integration header Pathao publishes. Resolves to whether it was saved.
   */
  registerWebhook(url: string, secret: string): Promise<boolean>;
  /** Posts these events for a consignment in this order (give them out of order to test the shop), one at a time. */
  push(consignmentId: string, events: string[], options?: { secret?: string }): Promise<WebhookDelivery[]>;
  close(): Promise<void>;
}

const BD_MOBILE = /^01\d{9}$/;
/** What Pathao's panel tells merchants their webhook must answer with (written out here, not imported from the adapter). */
const INTEGRATION_HEADER = 'x-pathao-merchant-webhook-integration-secret';
const INTEGRATION_SECRET = 'f3992ecc-59da-4cbe-a049-a13da2018d51';
/** Dhaka is UTC+6 all year; Pathao stamps `updated_at` in Dhaka time and `timestamp` in UTC. */
const DHAKA_OFFSET_MS = 6 * 3600_000;

export async function startPathaoSimulator(options: PathaoSimulatorOptions): Promise<PathaoSimulator> {
  const ttl = options.tokenTtlSeconds ?? 432_000;
  const accessTokens = new Map<string, number>();
  const refreshTokens = new Set<string>();
  const consignments: RecordedConsignment[] = [];
  const grants: string[] = [];
  const server = Fastify();

  const issue = () => {
    const access = randomToken();
    const refresh = randomToken();
    accessTokens.set(access, Date.now() + ttl * 1000);
    refreshTokens.add(refresh);
    return { token_type: 'Bearer', expires_in: ttl, access_token: access, refresh_token: refresh };
  };

  server.post('/aladdin/api/v1/issue-token', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    grants.push(String(body.grant_type));
    if (body.client_id !== options.clientId || body.client_secret !== options.clientSecret) {
      return reply.code(401).send({ error: 'invalid_client', message: 'Client authentication failed' });
    }
    if (body.grant_type === 'password') {
      if (body.username !== options.username || body.password !== options.password) {
        return reply.code(400).send({ error: 'invalid_grant', message: 'The user credentials were incorrect.' });
      }
      return issue();
    }
    if (body.grant_type === 'refresh_token' && typeof body.refresh_token === 'string') {
      // Refresh tokens are single-use: each refresh gives a new pair.
      if (!refreshTokens.delete(body.refresh_token)) {
        return reply.code(401).send({ error: 'invalid_request', message: 'The refresh token is invalid.' });
      }
      return issue();
    }
    return reply.code(400).send({ error: 'unsupported_grant_type', message: 'The grant type is not supported.' });
  });

  /** Laravel's answer to a missing, unknown or expired bearer token. */
  const authenticated = (authorization: string | undefined, reply: FastifyReply): boolean => {
    const token = authorization?.startsWith('Bearer ') ? authorization.slice(7) : '';
    const expiresAt = accessTokens.get(token);
    if (expiresAt !== undefined && expiresAt > Date.now()) return true;
    reply.code(401).send({ message: 'Unauthenticated.' });
    return false;
  };

  server.post('/aladdin/api/v1/orders', async (request, reply) => {
    if (!authenticated(request.headers.authorization, reply)) return reply;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const errors = validateOrder(body, options.storeIds);
    if (Object.keys(errors).length > 0) {
      return reply.code(422).send({ message: 'Please fix the given errors', type: 'error', code: 422, errors });
    }
    const consignmentId = `DL${randomCode(12)}`;
    consignments.push({ consignmentId, body, event: 'order.created' });
    return {
      message: 'Order Created Successfully',
      type: 'success',
      code: 200,
      data: {
        consignment_id: consignmentId,
        merchant_order_id: body.merchant_order_id ?? null,
        order_status: 'Pending',
        delivery_fee: 80,
      },
    };
  });

  server.get<{ Params: { id: string } }>('/aladdin/api/v1/orders/:id/info', async (request, reply) => {
    if (!authenticated(request.headers.authorization, reply)) return reply;
    const found = consignments.find((c) => c.consignmentId === request.params.id);
    if (!found) return reply.code(404).send({ message: 'Order not found', type: 'error', code: 404 });
    const slug = found.event === 'order.created' ? 'Pending' : eventToSlug(found.event);
    return {
      message: 'Order info',
      type: 'success',
      code: 200,
      data: {
        consignment_id: found.consignmentId,
        merchant_order_id: found.body.merchant_order_id ?? null,
        order_status: slug.replace(/_/g, ' '),
        order_status_slug: slug,
        updated_at: dhakaTime(new Date()),
        invoice_id: null,
      },
    };
  });

  const url = await listenLocally(server);
  let registered: { url: string; secret: string } | null = null;
  const webhook = () => {
    if (!registered) throw new Error('no webhook registered with the Pathao simulator');
    return registered;
  };

  return {
    url,
    consignments,
    grants,
    expireAccessTokens: () => accessTokens.clear(),
    async registerWebhook(hookUrl, secret) {
      const answer = await postWebhook(hookUrl, { event: 'webhook_integration' }, { 'X-PATHAO-Signature': secret });
      const ok = answer.status === 202 && answer.headers.get(INTEGRATION_HEADER) === INTEGRATION_SECRET;
      if (ok) registered = { url: hookUrl, secret };
      return ok;
    },
    async push(consignmentId, events, pushOptions = {}) {
      const found = consignments.find((c) => c.consignmentId === consignmentId);
      if (!found) throw new Error(`no consignment ${consignmentId}`);
      const deliveries: WebhookDelivery[] = [];
      for (const event of events) {
        found.event = event;
        const now = new Date();
        deliveries.push(
          await postWebhook(
            webhook().url,
            {
              consignment_id: consignmentId,
              merchant_order_id: found.body.merchant_order_id ?? null,
              updated_at: dhakaTime(now),
              timestamp: now.toISOString().replace(/\.\d{3}Z$/, '+00:00'),
              store_id: found.body.store_id,
              event,
              ...(event === 'order.delivered' ? { collected_amount: found.body.amount_to_collect } : {}),
            },
            { 'X-PATHAO-Signature': pushOptions.secret ?? webhook().secret },
          ),
        );
      }
      return deliveries;
    },
    close: () => server.close(),
  };
}

/** The documented rules of POST /aladdin/api/v1/orders, answered as Laravel validation errors. */
function validateOrder(body: Record<string, unknown>, storeIds: number[]): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  const fail = (field: string, message: string) => {
    errors[field] = [message];
  };
  const text = (field: string, min: number, max: number) => {
    const value = body[field];
    if (typeof value !== 'string' || value.length < min || value.length > max) {
      fail(field, `The ${field.replace(/_/g, ' ')} must be between ${min} and ${max} characters.`);
    }
  };
  if (!storeIds.includes(body.store_id as number)) fail('store_id', 'The selected store id is invalid.');
  text('recipient_name', 3, 100);
  if (typeof body.recipient_phone !== 'string' || !BD_MOBILE.test(body.recipient_phone)) {
    fail('recipient_phone', 'The recipient phone format is invalid.');
  }
  if (body.recipient_secondary_phone !== undefined && !BD_MOBILE.test(String(body.recipient_secondary_phone))) {
    fail('recipient_secondary_phone', 'The recipient secondary phone format is invalid.');
  }
  text('recipient_address', 10, 220);
  for (const field of ['recipient_city', 'recipient_zone', 'recipient_area']) {
    // "do not send null": a present location id must be an integer.
    if (field in body && !Number.isInteger(body[field]))
      fail(field, `The ${field.replace(/_/g, ' ')} must be an integer.`);
  }
  if (body.delivery_type !== 48 && body.delivery_type !== 12)
    fail('delivery_type', 'The selected delivery type is invalid.');
  if (body.item_type !== 1 && body.item_type !== 2) fail('item_type', 'The selected item type is invalid.');
  if (!Number.isInteger(body.item_quantity) || (body.item_quantity as number) < 1) {
    fail('item_quantity', 'The item quantity must be at least 1.');
  }
  const weight = body.item_weight;
  if (typeof weight !== 'number' || weight < 0.5 || weight > 10)
    fail('item_weight', 'The item weight must be between 0.5 and 10.');
  if (!Number.isInteger(body.amount_to_collect) || (body.amount_to_collect as number) < 0) {
    fail('amount_to_collect', 'The amount to collect must be an integer.');
  }
  return errors;
}

/** "order.in-transit" → "In_Transit", the assumed shape of the order-info slug (only "Pending" is documented). */
function eventToSlug(event: string): string {
  return event
    .replace(/^order\./, '')
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('_');
}

function dhakaTime(date: Date): string {
  return new Date(date.getTime() + DHAKA_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}
