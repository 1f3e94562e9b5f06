/**
 * The shop's side of a courier webhook, as the core's route will do it: the adapter verifies and reads the request,
 * the never-regress rule decides whether the status moves, and the courier gets the exact answer it expects.
 */
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import {
  advanceStatus,
  type CourierAdapter,
  type CourierStatus,
  type WebhookOutcome,
} from '../../src/modules/fulfilment/courier.ts';

export interface MerchantEndpoint {
  url: string;
  /** Consignment id → its current status. */
  statuses: Map<string, CourierStatus>;
  outcomes: WebhookOutcome[];
  close(): Promise<void>;
}

export async function startMerchant(courier: CourierAdapter, secret: string): Promise<MerchantEndpoint> {
  const statuses = new Map<string, CourierStatus>();
  const outcomes: WebhookOutcome[] = [];
  const server = Fastify();
  server.post('/webhooks/courier', async (request, reply) => {
    const { outcome, reply: answer } = courier.parseWebhook(
      { headers: request.headers, body: request.body, query: request.query as Record<string, string> },
      secret,
    );
    outcomes.push(outcome);
    if (outcome.kind === 'event') {
      const next = advanceStatus(statuses.get(outcome.event.consignmentId) ?? null, outcome.event.status);
      if (next) statuses.set(outcome.event.consignmentId, next);
    }
    return reply.code(answer.status).headers(answer.headers).send(answer.body);
  });
  await server.listen({ port: 0, host: '127.0.0.1' });
  const { port } = server.addresses().find((a): a is AddressInfo => typeof a !== 'string' && a.family === 'IPv4')!;
  return { url: `http://127.0.0.1:${port}/webhooks/courier`, statuses, outcomes, close: () => server.close() };
}
