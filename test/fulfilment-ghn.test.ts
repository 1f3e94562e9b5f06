import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsignmentInput, CourierError } from '../src/modules/fulfilment/courier.ts';
import { GhnCourier } from '../src/modules/fulfilment/ghn.ts';
import { type GhnSimulator, startGhnSimulator } from '../src/simulators/couriers/ghn.ts';
import { type MerchantEndpoint, startMerchant } from './helpers/courier-merchant.ts';

const WEBHOOK_SECRET = 'callback-secret-in-the-url';
const PARCEL = { weightGrams: 2000, lengthCm: 30, widthCm: 20, heightCm: 10 };

const INPUT: ConsignmentInput = {
  ref: '4b1d0c9e2a7f3e85',
  recipient: {
    name: 'Nguyễn Thị Lan',
    phone: '+84912345678',
    address: '12 Nguyễn Trãi, Phường Bến Thành, Quận 1, TP. Hồ Chí Minh',
    locationIds: { district_id: 1442, ward_code: '20109' },
  },
  codMinor: 1_450_000,
  currency: 'VND',
};

describe('GHN courier against its simulator', () => {
  let sim: GhnSimulator;
  let courier: GhnCourier;
  let merchant: MerchantEndpoint;

  beforeAll(async () => {
    sim = await startGhnSimulator({ token: 'ghn-token', shopId: 885 });
    courier = new GhnCourier({ baseUrl: sim.apiUrl, token: 'ghn-token', shopId: 885, parcel: PARCEL });
    merchant = await startMerchant(courier, WEBHOOK_SECRET);
    sim.registerWebhook(merchant.url, WEBHOOK_SECRET);
  });
  afterAll(async () => {
    await merchant?.close();
    await sim?.close();
  });

  it('[KT-08] creates a shipping order with the required fields only, plus cash, reference and note', async () => {
    const consignment = await courier.createConsignment({ ...INPUT, note: 'Gọi trước khi giao' });
    expect(consignment).toEqual({
      consignmentId: sim.orders[0].orderCode,
      trackingCode: sim.orders[0].orderCode,
      feeMinor: 33_000,
    });
    const sent = sim.orders[0].body;
    expect(Object.keys(sent).sort()).toEqual(
      [
        'payment_type_id',
        'required_note',
        'service_type_id',
        'client_order_code',
        'to_name',
        'to_phone',
        'to_address',
        'to_ward_code',
        'to_district_id',
        'cod_amount',
        'weight',
        'length',
        'width',
        'height',
        'note',
      ].sort(),
    );
    expect(sent).toMatchObject({ to_phone: '0912345678', cod_amount: 1_450_000, weight: 2000, to_ward_code: '20109' });
  });

  it('[KT-08] sends no note when there is none', async () => {
    await courier.createConsignment(INPUT);
    expect(sim.orders.at(-1)!.body).not.toHaveProperty('note');
  });

  it('refuses a parcel without district and ward before calling GHN', async () => {
    const before = sim.orders.length;
    await expect(
      courier.createConsignment({ ...INPUT, recipient: { ...INPUT.recipient, locationIds: undefined } }),
    ).rejects.toThrow(/district and ward/);
    expect(sim.orders.length).toBe(before);
  });

  it('reports a wrong token or shop id as a configuration error', async () => {
    const wrong = new GhnCourier({ baseUrl: sim.apiUrl, token: 'ghn-token', shopId: 1, parcel: PARCEL });
    const error = await wrong.createConsignment(INPUT).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CourierError);
    expect((error as CourierError).kind).toBe('config');
  });

  it('refuses a callback whose URL secret is wrong, and keeps the status', async () => {
    const { consignmentId } = await courier.createConsignment(INPUT);
    const [answer] = await sim.push(consignmentId, ['delivered'], { secret: 'guessed' });
    expect(answer.status).toBe(401);
    expect(merchant.outcomes.at(-1)).toEqual({ kind: 'refused', reason: 'bad_secret' });
    expect(merchant.statuses.has(consignmentId)).toBe(false);
  });

  it('applies callbacks without going back when they arrive out of order, and reads the detail', async () => {
    const { consignmentId } = await courier.createConsignment(INPUT);
    const answers = await sim.push(consignmentId, ['picking', 'delivered', 'transporting']);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(merchant.statuses.get(consignmentId)).toBe('delivered');
    expect(merchant.outcomes.at(-1)).toMatchObject({ kind: 'event', event: { ref: INPUT.ref, status: 'in_transit' } });
    expect(await courier.getStatus(consignmentId)).toEqual({ status: 'in_transit', providerStatus: 'transporting' });
  });

  it('acknowledges callbacks that correct weight or fees without a status change', () => {
    const result = courier.parseWebhook(
      {
        headers: {},
        query: { secret: WEBHOOK_SECRET },
        body: { Type: 'update_weight', OrderCode: 'GABC', Weight: 900 },
      },
      WEBHOOK_SECRET,
    );
    expect(result.outcome).toEqual({ kind: 'ignored', reason: 'not_a_status' });
    expect(result.reply.status).toBe(200);
  });
});
