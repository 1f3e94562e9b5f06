/**
 * A stand-in for the shop's side of a payment, for tests: the return and notify routes a gateway simulator calls
 * back, wired to an adapter and an in-memory attempt store that behaves as the core's table must (find by gateway
 * reference; settle atomically, forward only).
 */
import {
  acceptsNotifications,
  type GatewayAdapter,
  type Money,
  type PaymentReport,
  type PaymentStatus,
  type ReturnHint,
} from '../../modules/payments/adapter.ts';
import { type AttemptStore, type Received, receiveNotification } from '../../modules/payments/notification.ts';
import { createSimulator, type Faults, listen } from './common.ts';

export interface MemoryAttempt {
  amount: Money;
  status: PaymentStatus;
  /** Reports that changed the attempt, in order. */
  settled: PaymentReport[];
  /** A payment reported after the attempt was given up: to be refunded. */
  orphanedPayment: boolean;
}

const GIVEN_UP: PaymentStatus[] = ['cancelled', 'expired', 'failed'];

export class MemoryAttemptStore implements AttemptStore {
  readonly attempts = new Map<string, MemoryAttempt>();

  open(gatewayRef: string, amount: Money): void {
    this.attempts.set(gatewayRef, { amount, status: 'pending', settled: [], orphanedPayment: false });
  }

  async find(_gateway: string, gatewayRef: string): Promise<{ amount: Money; status: PaymentStatus } | null> {
    return this.attempts.get(gatewayRef) ?? null;
  }

  /** No await between the check and the write: two notifications at once make one transition. */
  async settle(_gateway: string, report: PaymentReport): Promise<'applied' | 'already_final'> {
    const attempt = this.attempts.get(report.gatewayRef);
    if (!attempt) return 'already_final';
    if (attempt.status === 'pending') {
      attempt.status = report.status;
    } else if (report.status === 'paid' && GIVEN_UP.includes(attempt.status)) {
      attempt.orphanedPayment = true;
    } else {
      return 'already_final';
    }
    attempt.settled.push(report);
    return 'applied';
  }

  /** Cancels an open attempt on the shop's side (the customer gave up, or it timed out). */
  giveUp(gatewayRef: string, status: 'cancelled' | 'expired'): void {
    const attempt = this.attempts.get(gatewayRef);
    if (attempt?.status === 'pending') attempt.status = status;
  }
}

export interface TestMerchant {
  url: string;
  returnUrl: string;
  notifyUrl: string;
  store: MemoryAttemptStore;
  /** Make the shop itself fail (e.g. its notify route answering 503). */
  faults: Faults;
  /** Every notification judged, in order of arrival. */
  received: Received[];
  /** Every browser return, parsed. */
  returns: ReturnHint[];
  close(): Promise<void>;
}

export async function startTestMerchant(adapter: GatewayAdapter): Promise<TestMerchant> {
  const { app, faults } = createSimulator();
  const store = new MemoryAttemptStore();
  const received: Received[] = [];
  const returns: ReturnHint[] = [];
  app.route({
    method: ['GET', 'POST'],
    url: '/return',
    handler: async (request, reply) => {
      returns.push(adapter.parseReturn({ query: request.query, body: request.body }));
      return reply.type('text/html').send('<p>Checking your payment…</p>');
    },
  });
  app.route({
    method: ['GET', 'POST'],
    url: '/notify',
    handler: async (request, reply) => {
      if (!acceptsNotifications(adapter)) return reply.code(404).send();
      const result = await receiveNotification(adapter, { query: request.query, body: request.body }, store);
      received.push(result);
      return reply.code(result.ack.httpStatus).headers(result.ack.headers).send(result.ack.body);
    },
  });
  const url = await listen(app);
  return {
    url,
    returnUrl: `${url}/return`,
    notifyUrl: `${url}/notify`,
    store,
    faults,
    received,
    returns,
    close: () => app.close(),
  };
}
