/**
 * bKash Tokenized Checkout simulator (v1.2.0-beta, mode 0011): token grant and refresh with expiry, create, the
 * bKash pay page (success / failure / cancel back to callbackURL), execute once (then 2062), payment status
 * (gateways.md §1.2). Status codes other than 0000, 2002, 2006, 2007, 2023, 2056 and 2062 are not documented in
 * the sources; requests the real API would refuse for other reasons get 9999 here.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createSimulator, type Faults, listen, payPage, withQuery } from './common.ts';

export interface BkashSimulatorOptions {
  appKey: string;
  appSecret: string;
  username: string;
  password: string;
  /** id_token lifetime; bKash's is 3600 s. */
  tokenTtlSeconds?: number;
}

export interface BkashSimulator {
  url: string;
  /** What the adapter's baseUrl is set to: `${url}/v1.2.0-beta`. */
  baseUrl: string;
  faults: Faults;
  /** How many tokens were granted and refreshed. */
  tokenCalls: { grant: number; refresh: number };
  /** Every id_token issued so far is refused from now on, as when it outlives its expires_in. */
  expireTokens(): void;
  close(): Promise<void>;
}

const PREFIX = '/v1.2.0-beta/tokenized/checkout';

interface Payment {
  paymentID: string;
  amount: string;
  currency: string;
  merchantInvoiceNumber: string;
  payerReference: string;
  callbackURL: string;
  createTime: string;
  transactionStatus: 'Initiated' | 'Completed' | 'Cancelled' | 'Failed';
  approved: boolean;
  trxID?: string;
  executeTime?: string;
}

/** bKash writes times as "2023-05-07T12:53:56:180 GMT+0600". */
const bkashTime = () => `${new Date().toISOString().slice(0, 19)}:000 GMT+0000`;
const token = (bytes: number) => randomBytes(bytes).toString('base64url');

export async function startBkashSimulator(options: BkashSimulatorOptions): Promise<BkashSimulator> {
  const { app, faults } = createSimulator();
  const ttl = options.tokenTtlSeconds ?? 3600;
  const idTokens = new Map<string, number>();
  const refreshTokens = new Set<string>();
  const payments = new Map<string, Payment>();
  const tokenCalls = { grant: 0, refresh: 0 };
  let base = '';

  const issue = () => {
    const id = token(48);
    const refresh = token(32);
    idTokens.set(id, Date.now() + ttl * 1000);
    refreshTokens.add(refresh);
    return {
      statusCode: '0000',
      statusMessage: 'Successful',
      id_token: id,
      token_type: 'Bearer',
      expires_in: ttl,
      refresh_token: refresh,
    };
  };

  const appCredentialsOk = (request: FastifyRequest) => {
    const body = request.body as Record<string, string>;
    return (
      request.headers.username === options.username &&
      request.headers.password === options.password &&
      body.app_key === options.appKey &&
      body.app_secret === options.appSecret
    );
  };

  /** The API gateway in front of checkout answers 401 for a missing or expired id_token. */
  const authorised = (request: FastifyRequest, reply: FastifyReply): boolean => {
    const expires = idTokens.get(String(request.headers.authorization ?? ''));
    if (expires === undefined || expires < Date.now()) {
      reply.code(401).send({ message: 'The incoming token has expired' });
      return false;
    }
    if (request.headers['x-app-key'] !== options.appKey) {
      reply.send({ statusCode: '2001', statusMessage: 'Invalid App Key' });
      return false;
    }
    return true;
  };

  const paymentFields = (p: Payment) => ({
    paymentID: p.paymentID,
    mode: '0011',
    paymentCreateTime: p.createTime,
    amount: p.amount,
    currency: p.currency,
    intent: 'sale',
    merchantInvoiceNumber: p.merchantInvoiceNumber,
    transactionStatus: p.transactionStatus,
    payerReference: p.payerReference,
    ...(p.trxID
      ? { trxID: p.trxID, paymentExecuteTime: p.executeTime, customerMsisdn: '01770618575', payerType: 'Customer' }
      : {}),
  });

  app.post(`${PREFIX}/token/grant`, async (request) => {
    if (!appCredentialsOk(request)) return { statusCode: '9999', statusMessage: 'Invalid username or password' };
    tokenCalls.grant += 1;
    return issue();
  });

  app.post(`${PREFIX}/token/refresh`, async (request) => {
    const { refresh_token = '' } = request.body as Record<string, string>;
    if (!appCredentialsOk(request) || !refreshTokens.delete(refresh_token)) {
      return { statusCode: '9999', statusMessage: 'Invalid refresh token' };
    }
    tokenCalls.refresh += 1;
    return issue();
  });

  app.post(`${PREFIX}/create`, async (request, reply) => {
    if (!authorised(request, reply)) return reply;
    const body = request.body as Record<string, string>;
    if (typeof body.amount !== 'string' || !/^\d+(\.\d{1,2})?$/.test(body.amount) || Number(body.amount) <= 0) {
      return { statusCode: '2006', statusMessage: 'Invalid Amount' };
    }
    if (body.currency !== 'BDT') return { statusCode: '2007', statusMessage: 'Invalid Currency' };
    if (body.mode !== '0011' || body.intent !== 'sale' || !body.callbackURL || !body.merchantInvoiceNumber) {
      return { statusCode: '9999', statusMessage: 'Invalid request' };
    }
    const payment: Payment = {
      paymentID: `TR0011${token(12).replace(/[^A-Za-z0-9]/g, 'X')}`,
      amount: body.amount,
      currency: body.currency,
      merchantInvoiceNumber: body.merchantInvoiceNumber,
      payerReference: body.payerReference ?? '',
      callbackURL: body.callbackURL,
      createTime: bkashTime(),
      transactionStatus: 'Initiated',
      approved: false,
    };
    payments.set(payment.paymentID, payment);
    const back = (status: string) => withQuery(payment.callbackURL, { paymentID: payment.paymentID, status });
    return {
      ...paymentFields(payment),
      bkashURL: `${base}/pay?paymentId=${payment.paymentID}`,
      callbackURL: payment.callbackURL,
      successCallbackURL: back('success'),
      failureCallbackURL: back('failure'),
      cancelledCallbackURL: back('cancel'),
      statusCode: '0000',
      statusMessage: 'Successful',
    };
  });

  app.get('/pay', async (request, reply) => {
    const payment = payments.get((request.query as Record<string, string>).paymentId ?? '');
    if (!payment) return reply.code(404).type('text/html').send('<h1>Invalid payment</h1>');
    return reply.type('text/html').send(
      payPage({
        gateway: 'bKash',
        amountText: `৳${payment.amount}`,
        action: '/pay',
        hidden: { paymentId: payment.paymentID },
        choices: { pay: 'Confirm (PIN and OTP)', cancel: 'Cancel', fail: 'Fail (insufficient balance)' },
      }),
    );
  });

  app.post('/pay', async (request, reply) => {
    const { paymentId = '', action = '' } = request.body as Record<string, string>;
    const payment = payments.get(paymentId);
    if (payment?.transactionStatus !== 'Initiated' || payment.approved) {
      return reply.code(400).type('text/html').send('<h1>Bad request</h1>');
    }
    const status = { pay: 'success', cancel: 'cancel', fail: 'failure' }[action];
    if (!status) return reply.code(400).type('text/html').send('<h1>Bad request</h1>');
    if (action === 'pay') payment.approved = true;
    if (action === 'cancel') payment.transactionStatus = 'Cancelled';
    if (action === 'fail') payment.transactionStatus = 'Failed';
    return reply.redirect(withQuery(payment.callbackURL, { paymentID: payment.paymentID, status }), 302);
  });

  app.post(`${PREFIX}/execute`, async (request, reply) => {
    if (!authorised(request, reply)) return reply;
    const payment = payments.get((request.body as Record<string, string>).paymentID ?? '');
    if (!payment) return { statusCode: '2002', statusMessage: 'Invalid Payment ID' };
    if (payment.transactionStatus === 'Completed') {
      return { statusCode: '2062', statusMessage: 'The payment has already been completed' };
    }
    if (payment.transactionStatus === 'Failed') return { statusCode: '2023', statusMessage: 'Insufficient Balance' };
    if (payment.transactionStatus !== 'Initiated' || !payment.approved) {
      return { statusCode: '2056', statusMessage: 'Invalid Payment State' };
    }
    payment.transactionStatus = 'Completed';
    payment.trxID = randomBytes(5).toString('hex').toUpperCase();
    payment.executeTime = bkashTime();
    return { ...paymentFields(payment), statusCode: '0000', statusMessage: 'Successful' };
  });

  app.post(`${PREFIX}/payment/status`, async (request, reply) => {
    if (!authorised(request, reply)) return reply;
    const payment = payments.get((request.body as Record<string, string>).paymentID ?? '');
    if (!payment) return { statusCode: '2002', statusMessage: 'Invalid Payment ID' };
    return { ...paymentFields(payment), statusCode: '0000', statusMessage: 'Successful' };
  });

  base = await listen(app);
  return {
    url: base,
    baseUrl: `${base}/v1.2.0-beta`,
    faults,
    tokenCalls,
    expireTokens: () => {
      for (const id of idTokens.keys()) idTokens.set(id, 0);
    },
    close: () => app.close(),
  };
}
