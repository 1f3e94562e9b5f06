import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsignmentInput, CourierError } from '../src/modules/fulfilment/courier.ts';
import {
  PATHAO_INTEGRATION_HEADER,
  PATHAO_INTEGRATION_SECRET,
  PathaoCourier,
} from '../src/modules/fulfilment/pathao.ts';
import { type PathaoSimulator, startPathaoSimulator } from '../src/simulators/couriers/pathao.ts';
import { type MerchantEndpoint, startMerchant } from './helpers/courier-merchant.ts';

const CREDENTIALS = {
  clientId: 'client-1',
  clientSecret: 'client-secret',
  username: 'shop@example.test',
  password: 'pw',
};
const WEBHOOK_SECRET = 'shop-chosen-webhook-secret';

const INPUT: ConsignmentInput = {
  ref: '9f2c4e1a7b3d5f60',
  recipient: { name: 'Rahima Begum', phone: '+8801712345678', address: 'House 7, Road 3, Mirpur 10, Dhaka' },
  codMinor: 125_000,
  currency: 'BDT',
  weightGrams: 1200,
  note: 'Ring the bell twice',
};

describe('Pathao courier against its simulator', () => {
  let sim: PathaoSimulator;
  let courier: PathaoCourier;
  let merchant: MerchantEndpoint;
  let clock = Date.now();

  beforeAll(async () => {
    sim = await startPathaoSimulator({ ...CREDENTIALS, storeIds: [130820], tokenTtlSeconds: 3600 });
    courier = new PathaoCourier({ baseUrl: sim.url, ...CREDENTIALS, storeId: 130820, now: () => clock });
    merchant = await startMerchant(courier, WEBHOOK_SECRET);
  });
  afterAll(async () => {
    await merchant?.close();
    await sim?.close();
  });

  it('[CM-11] creates a consignment with exactly the fields Pathao requires plus the delivery note', async () => {
    const consignment = await courier.createConsignment(INPUT);
    expect(consignment.consignmentId).toMatch(/^DL/);
    expect(consignment.feeMinor).toBe(8000);
    const sent = sim.consignments.at(-1)!;
    expect(sent.consignmentId).toBe(consignment.consignmentId);
    expect(Object.keys(sent.body).sort()).toEqual(
      [
        'store_id',
        'merchant_order_id',
        'recipient_name',
        'recipient_phone',
        'recipient_address',
        'delivery_type',
        'item_type',
        'item_quantity',
        'item_weight',
        'amount_to_collect',
        'special_instruction',
      ].sort(),
    );
    expect(sent.body).toMatchObject({
      recipient_phone: '01712345678',
      amount_to_collect: 1250,
      item_weight: 1.2,
      merchant_order_id: INPUT.ref,
      special_instruction: 'Ring the bell twice',
    });
    expect(sim.grants).toEqual(['password']);
  });

  it('[CM-11] leaves the note and location out when there are none, and sends the ids staff chose', async () => {
    const { note: _note, ...withoutNote } = INPUT;
    await courier.createConsignment({
      ...withoutNote,
      recipient: { ...INPUT.recipient, locationIds: { city: 1, zone: 298 } },
      weightGrams: 100,
    });
    const sent = sim.consignments.at(-1)!.body;
    expect(sent).not.toHaveProperty('special_instruction');
    expect(sent).not.toHaveProperty('recipient_area');
    expect(sent).toMatchObject({ recipient_city: 1, recipient_zone: 298, item_weight: 0.5 });
  });

  it('refreshes the token when it expires, and again when Pathao revokes it early', async () => {
    clock += 3600_000; // past the token's lifetime
    await courier.createConsignment(INPUT);
    expect(sim.grants).toEqual(['password', 'refresh_token']);
    sim.expireAccessTokens();
    await courier.createConsignment(INPUT);
    expect(sim.grants).toEqual(['password', 'refresh_token', 'refresh_token']);
  });

  it('reports a refused parcel by field name, without retrying it', async () => {
    const error = await courier
      .createConsignment({ ...INPUT, recipient: { ...INPUT.recipient, address: 'Dhaka' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CourierError);
    expect((error as CourierError).retryable).toBe(false);
    expect((error as CourierError).message).toContain('recipient_address');
    expect((error as CourierError).message).not.toContain('Dhaka');
    await expect(courier.createConsignment({ ...INPUT, codMinor: 125_050 })).rejects.toThrow(/whole amount/);
    await expect(
      courier.createConsignment({ ...INPUT, recipient: { ...INPUT.recipient, phone: '+84912345678' } }),
    ).rejects.toThrow(CourierError);
  });

  it('passes the panel’s webhook check: 202 with the integration header Pathao publishes', async () => {
    expect(await sim.registerWebhook(merchant.url, WEBHOOK_SECRET)).toBe(true);
    expect(merchant.outcomes.at(-1)).toEqual({ kind: 'ignored', reason: 'handshake' });
  });

  it('refuses a webhook with the wrong secret and keeps the status', async () => {
    const { consignmentId } = await courier.createConsignment(INPUT);
    const [answer] = await sim.push(consignmentId, ['order.delivered'], { secret: 'guessed' });
    expect(answer.status).toBe(401);
    expect(merchant.outcomes.at(-1)).toEqual({ kind: 'refused', reason: 'bad_secret' });
    expect(merchant.statuses.has(consignmentId)).toBe(false);
  });

  it('applies status webhooks without going back when they arrive out of order', async () => {
    const { consignmentId } = await courier.createConsignment(INPUT);
    const answers = await sim.push(consignmentId, ['order.picked', 'order.delivered', 'order.in-transit']);
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
    expect(answers.every((a) => a.headers.get(PATHAO_INTEGRATION_HEADER) === PATHAO_INTEGRATION_SECRET)).toBe(true);
    expect(merchant.statuses.get(consignmentId)).toBe('delivered');
    const last = merchant.outcomes.at(-1);
    expect(last).toMatchObject({ kind: 'event', event: { consignmentId, ref: INPUT.ref, status: 'in_transit' } });
  });

  it('reads the status back from the order-info endpoint', async () => {
    const { consignmentId } = await courier.createConsignment(INPUT);
    expect(await courier.getStatus(consignmentId)).toEqual({ status: 'created', providerStatus: 'Pending' });
    await sim.push(consignmentId, ['order.in-transit']);
    expect(await courier.getStatus(consignmentId)).toEqual({ status: 'in_transit', providerStatus: 'In_Transit' });
  });

  it('refuses malformed webhooks and acknowledges events that are not status changes', () => {
    const headers = { 'x-pathao-signature': WEBHOOK_SECRET };
    expect(courier.parseWebhook({ headers, body: 'not json' }, WEBHOOK_SECRET).outcome).toEqual({
      kind: 'refused',
      reason: 'malformed',
    });
    const store = courier.parseWebhook({ headers, body: { event: 'store.updated', store_id: 1 } }, WEBHOOK_SECRET);
    expect(store.outcome).toEqual({ kind: 'ignored', reason: 'not_a_status' });
    expect(store.reply.status).toBe(202);
    const noId = courier.parseWebhook({ headers, body: { event: 'order.delivered' } }, WEBHOOK_SECRET);
    expect(noId.outcome).toEqual({ kind: 'refused', reason: 'malformed' });
  });
});
