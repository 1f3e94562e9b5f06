/**
 * SSLCommerz v4 simulator: session init, the hosted pay page, the signed IPN and browser POST back to the shop,
 * the Order Validation API (VALID, then VALIDATED) and the transaction query by tran_id (gateways.md §1.1).
 * Successful payments carry a masked card number and issuer, as the real gateway's do, so tests can check the
 * adapter drops them (CM-03).
 */
import { createHash, randomBytes } from 'node:crypto';
import { autoPostPage, createSimulator, type Delivery, deliver, type Faults, listen, payPage } from './common.ts';

export interface SslcommerzSimulatorOptions {
  storeId: string;
  storePassword: string;
}

export interface SslcommerzSimulator {
  url: string;
  faults: Faults;
  /** Every IPN sent, with the shop's answer. */
  notifications: Delivery[];
  /** Sends IPN `index` again; `change` edits fields, `resign` signs the edited fields (else the old verify_sign). */
  resend(index: number, options?: { change?: Record<string, string>; resign?: boolean }): Promise<Delivery>;
  /** With false, paying redirects the browser but sends no IPN. */
  setNotificationsEnabled(enabled: boolean): void;
  /** The session times out: whatever the buyer presses, the outcome is EXPIRED. */
  expire(tranId: string): void;
  close(): Promise<void>;
}

interface Session {
  key: string;
  form: Record<string, string>;
  expired: boolean;
  decided: boolean;
}

interface Transaction {
  fields: Record<string, string>;
  validations: number;
}

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

const OUTCOME: Record<string, { status: string; risk: string }> = {
  pay: { status: 'VALID', risk: '0' },
  pay_risky: { status: 'VALID', risk: '1' },
  fail: { status: 'FAILED', risk: '0' },
  cancel: { status: 'CANCELLED', risk: '0' },
};

const REQUIRED = [
  'total_amount',
  'currency',
  'tran_id',
  'success_url',
  'fail_url',
  'cancel_url',
  'cus_name',
  'cus_email',
  'cus_phone',
  'cus_add1',
  'cus_city',
  'cus_country',
  'shipping_method',
  'product_name',
  'product_category',
  'product_profile',
];

export async function startSslcommerzSimulator(options: SslcommerzSimulatorOptions): Promise<SslcommerzSimulator> {
  const { app, faults } = createSimulator();
  const sessions = new Map<string, Session>();
  const byTranId = new Map<string, Session>();
  const transactions: Transaction[] = [];
  const notifications: Delivery[] = [];
  let notify = true;
  let base = '';

  const credentialsOk = (q: Record<string, string>) =>
    q.store_id === options.storeId && q.store_passwd === options.storePassword;

  /** verify_key lists every field; verify_sign = md5 of them plus store_passwd=md5(password), sorted, k=v&… */
  const sign = (fields: Record<string, string>, keys = Object.keys(fields).sort()): Record<string, string> => {
    const hashed: Record<string, string> = { store_passwd: md5(options.storePassword) };
    for (const key of keys) hashed[key] = fields[key] ?? '';
    const text = Object.keys(hashed)
      .sort()
      .map((key) => `${key}=${hashed[key]}`)
      .join('&');
    return { ...fields, verify_sign: md5(text), verify_key: keys.join(',') };
  };

  app.post('/gwprocess/v4/api.php', async (request) => {
    const form = request.body as Record<string, string>;
    const failed = (failedreason: string) => ({ status: 'FAILED', failedreason, sessionkey: '', GatewayPageURL: '' });
    if (!credentialsOk(form)) return failed('Store Credential Error Or Store is De-active');
    const missing = REQUIRED.find((field) => !form[field]);
    if (missing) return failed(`Invalid Information: ${missing} is missing`);
    if (!/^\d+(\.\d{1,2})?$/.test(form.total_amount)) return failed('Invalid Information: total_amount');
    const amount = Number(form.total_amount);
    if (amount < 10 || amount > 500_000) return failed('Invalid Information: total_amount must be 10 to 500000');
    if (form.tran_id.length > 30) return failed('Invalid Information: tran_id');
    if (byTranId.has(form.tran_id)) return failed('Duplicate tran_id');
    const session: Session = {
      key: randomBytes(16).toString('hex').toUpperCase(),
      form,
      expired: false,
      decided: false,
    };
    sessions.set(session.key, session);
    byTranId.set(form.tran_id, session);
    return {
      status: 'SUCCESS',
      failedreason: '',
      sessionkey: session.key,
      GatewayPageURL: `${base}/gwprocess/v4/cashier.php?sessionkey=${session.key}`,
      storeBanner: '',
      storeLogo: '',
      desc: [],
    };
  });

  app.get('/gwprocess/v4/cashier.php', async (request, reply) => {
    const session = sessions.get((request.query as Record<string, string>).sessionkey ?? '');
    if (!session) return reply.code(404).type('text/html').send('<h1>Invalid session</h1>');
    return reply.type('text/html').send(
      payPage({
        gateway: 'SSLCommerz',
        amountText: `${session.form.total_amount} ${session.form.currency}`,
        action: '/gwprocess/v4/cashier.php',
        hidden: { sessionkey: session.key },
        choices: { pay: 'Pay', pay_risky: 'Pay (flagged risky)', fail: 'Fail', cancel: 'Cancel' },
        expired: session.expired,
      }),
    );
  });

  app.post('/gwprocess/v4/cashier.php', async (request, reply) => {
    const { sessionkey = '', action = '' } = request.body as Record<string, string>;
    const session = sessions.get(sessionkey);
    const outcome = OUTCOME[action];
    if (!session || !outcome || session.decided) return reply.code(400).type('text/html').send('<h1>Bad request</h1>');
    session.decided = true;
    const status = session.expired ? 'EXPIRED' : outcome.status;
    const fields = sign(resultFields(session, status, outcome.risk));
    transactions.push({ fields, validations: 0 });
    if (notify && session.form.ipn_url) notifications.push(await deliver('form', session.form.ipn_url, fields));
    const target = { VALID: 'success_url', FAILED: 'fail_url', EXPIRED: 'fail_url' }[status] ?? 'cancel_url';
    return reply.type('text/html').send(autoPostPage(session.form[target], fields));
  });

  app.get('/validator/api/validationserverAPI.php', async (request) => {
    const query = request.query as Record<string, string>;
    if (!credentialsOk(query)) return { status: 'INVALID_TRANSACTION', APIConnect: 'INVALID_REQUEST' };
    const found = transactions.find((t) => t.fields.val_id && t.fields.val_id === query.val_id);
    if (!found) return { status: 'INVALID_TRANSACTION', APIConnect: 'DONE' };
    found.validations += 1;
    return validationAnswer(found, found.validations === 1 ? 'VALID' : 'VALIDATED');
  });

  app.get('/validator/api/merchantTransIDvalidationAPI.php', async (request) => {
    const query = request.query as Record<string, string>;
    if (!credentialsOk(query)) return { APIConnect: 'INVALID_REQUEST' };
    const element = transactions
      .filter((t) => t.fields.tran_id === query.tran_id)
      .map((t) =>
        validationAnswer(t, t.fields.status !== 'VALID' || t.validations === 0 ? t.fields.status : 'VALIDATED'),
      );
    return { APIConnect: 'DONE', no_of_trans_found: element.length, element };
  });

  base = await listen(app);
  return {
    url: base,
    faults,
    notifications,
    async resend(index, { change = {}, resign = false } = {}) {
      const sent = notifications[index];
      const fields = { ...(sent.payload as Record<string, string>), ...change };
      const payload = resign ? sign(fields, fields.verify_key.split(',')) : fields;
      const delivery = await deliver('form', sent.url, payload);
      notifications.push(delivery);
      return delivery;
    },
    setNotificationsEnabled: (enabled) => {
      notify = enabled;
    },
    expire: (tranId) => {
      const session = byTranId.get(tranId);
      if (session) session.expired = true;
    },
    close: () => app.close(),
  };
}

/** The IPN's and the browser POST's fields, as the real gateway names them. */
function resultFields(session: Session, status: string, risk: string): Record<string, string> {
  const paid = status === 'VALID';
  const amount = session.form.total_amount;
  const card = status === 'FAILED' || paid;
  return {
    status,
    tran_date: new Date().toISOString().replace('T', ' ').slice(0, 19),
    tran_id: session.form.tran_id,
    val_id: paid ? gatewayId() : '',
    amount,
    store_amount: paid ? amount : '0.00',
    currency: 'BDT',
    bank_tran_id: paid ? gatewayId() : '',
    card_type: card ? 'VISA-Dutch Bangla' : '',
    card_no: card ? '432149XXXXXX0667' : '',
    card_issuer: card ? 'STANDARD CHARTERED BANK' : '',
    card_brand: card ? 'VISA' : '',
    card_issuer_country: card ? 'Bangladesh' : '',
    card_issuer_country_code: card ? 'BD' : '',
    currency_type: session.form.currency,
    currency_amount: amount,
    currency_rate: '1.0000',
    base_fair: '0.00',
    value_a: session.form.value_a ?? '',
    value_b: session.form.value_b ?? '',
    value_c: session.form.value_c ?? '',
    value_d: session.form.value_d ?? '',
    risk_level: risk,
    risk_title: risk === '1' ? 'Risky' : 'Safe',
    store_id: session.form.store_id,
  };
}

/** Shaped like SSLCommerz ids: a yymmddHHMMSS stamp and random letters ("200105225826QyzefRDYiYphd1K"). */
function gatewayId(): string {
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(2, 14);
  return (
    stamp +
    randomBytes(12)
      .toString('base64url')
      .replace(/[^A-Za-z]/g, 'Q')
  );
}

function validationAnswer(found: Transaction, status: string): Record<string, string> {
  const { verify_sign: _sign, verify_key: _key, store_id: _store, ...fields } = found.fields;
  return {
    ...fields,
    status,
    emi_instalment: '0',
    emi_amount: '0.00',
    APIConnect: 'DONE',
    validated_on: new Date().toISOString().replace('T', ' ').slice(0, 19),
    gw_version: 'v4',
  };
}
