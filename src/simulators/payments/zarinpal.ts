/**
 * ZarinPal v4 simulator: request.json (rials or tomans, as the request's `currency` says; rials when absent),
 * StartPay/{authority}, the unsigned callback (Status=OK|NOK) and verify.json — 100 once, 101 after, -50 for an
 * amount that is not the requested one in the requested unit, -51 unpaid (gateways.md §3.1). Verify answers carry
 * a masked card_pan and a card_hash, as the real ones do. The HTTP status of error answers is not documented in the
 * sources; errors are answered 200 here with the documented {data: [], errors: {...}} envelope.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { createSimulator, type Faults, listen, payPage, withQuery } from './common.ts';

export interface ZarinpalSimulatorOptions {
  merchantId: string;
}

export interface ZarinpalSimulator {
  url: string;
  faults: Faults;
  close(): Promise<void>;
}

interface Payment {
  authority: string;
  amount: number;
  currency: 'IRR' | 'IRT';
  callbackUrl: string;
  state: 'pending' | 'paid' | 'failed' | 'verified';
  refId?: number;
}

const failure = (code: number, message: string) => ({ data: [], errors: { code, message, validations: [] } });

export async function startZarinpalSimulator(options: ZarinpalSimulatorOptions): Promise<ZarinpalSimulator> {
  const { app, faults } = createSimulator();
  const payments = new Map<string, Payment>();

  app.post('/pg/v4/payment/request.json', async (request) => {
    const body = request.body as Record<string, unknown>;
    if (body.merchant_id !== options.merchantId) return failure(-10, 'Terminal is not valid.');
    const currency = body.currency ?? 'IRR';
    if (currency !== 'IRR' && currency !== 'IRT') return failure(-9, 'The input params invalid, validation error.');
    const amount = body.amount;
    // The documented minimum is 1,000 tomans (10,000 rials).
    const rials = typeof amount === 'number' && Number.isInteger(amount) ? amount * (currency === 'IRT' ? 10 : 1) : 0;
    const description = body.description;
    const valid =
      rials >= 10_000 &&
      typeof description === 'string' &&
      description.length > 0 &&
      description.length <= 500 &&
      typeof body.callback_url === 'string' &&
      /^https?:\/\//.test(body.callback_url);
    if (!valid) return failure(-9, 'The input params invalid, validation error.');
    const authority = `S${randomBytes(24).toString('hex').slice(0, 35)}`;
    payments.set(authority, {
      authority,
      amount: amount as number,
      currency,
      callbackUrl: body.callback_url as string,
      state: 'pending',
    });
    return { data: { code: 100, message: 'Success', authority, fee_type: 'Merchant', fee: 0 }, errors: [] };
  });

  app.get('/pg/StartPay/:authority', async (request, reply) => {
    const payment = payments.get((request.params as { authority: string }).authority);
    if (!payment) return reply.code(404).type('text/html').send('<h1>Invalid authority</h1>');
    return reply.type('text/html').send(
      payPage({
        gateway: 'ZarinPal',
        amountText: `${payment.amount} ${payment.currency}`,
        action: `/pg/StartPay/${payment.authority}`,
        hidden: {},
        choices: { pay: 'پرداخت', cancel: 'انصراف', fail: 'خطا' },
      }),
    );
  });

  app.post('/pg/StartPay/:authority', async (request, reply) => {
    const payment = payments.get((request.params as { authority: string }).authority);
    const { action = '' } = request.body as Record<string, string>;
    if (payment?.state !== 'pending' || !['pay', 'cancel', 'fail'].includes(action)) {
      return reply.code(400).type('text/html').send('Bad request');
    }
    payment.state = action === 'pay' ? 'paid' : 'failed';
    const Status = action === 'pay' ? 'OK' : 'NOK';
    return reply.redirect(withQuery(payment.callbackUrl, { Authority: payment.authority, Status }), 302);
  });

  app.post('/pg/v4/payment/verify.json', async (request) => {
    const body = request.body as Record<string, unknown>;
    if (body.merchant_id !== options.merchantId) return failure(-10, 'Terminal is not valid.');
    const payment = payments.get(String(body.authority));
    if (!payment) return failure(-54, 'Invalid authority.');
    if (body.amount !== payment.amount) return failure(-50, 'Session is not valid, amounts values is not the same.');
    if (payment.state === 'pending' || payment.state === 'failed') {
      return failure(-51, 'Session is not valid, session is not active paid try.');
    }
    const again = payment.state === 'verified';
    payment.state = 'verified';
    payment.refId ??= randomInt(100_000_000, 999_999_999);
    return {
      data: {
        code: again ? 101 : 100,
        message: again ? 'Verified' : 'Paid',
        card_hash: createHash('sha256').update('5022291012345995').digest('hex').toUpperCase(),
        card_pan: '502229******5995',
        ref_id: payment.refId,
        fee_type: 'Merchant',
        fee: 0,
      },
      errors: [],
    };
  });

  const url = await listen(app);
  return { url, faults, close: () => app.close() };
}
