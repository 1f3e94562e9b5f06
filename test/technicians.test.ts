/**
 * MS-06: "The technician who does the job receives the customer's name, phone and address, for that job only and only
 * while it is active." Mistri (a services storefront) dispatches its own technicians with the own-delivery flow
 * (fulfilment/own-delivery.ts), worded as jobs (own-delivery-wording.ts): the dispatcher assigns a booking to a
 * technician; the technician's "My jobs" shows the customer's name, phone and address, each look disclosed through
 * the kernel to the declared recipient `assigned-technician` and registered in `disclosures` (listed in the
 * customer's export); another technician gets 404; after "Job done", or once staff take the job back, 404 and no
 * further disclosure.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translate } from '../src/i18n/translate.ts';
import { roleMessage } from '../src/modules/fulfilment/own-delivery-wording.ts';
import { statusMail, statusSms } from '../src/modules/orders/mail.ts';
import type { OrderView } from '../src/modules/orders/service.ts';
import { buildExport } from '../src/modules/privacy-requests/export/build.tsx';
import type { DisclosureRecord } from '../src/modules/privacy-requests/export/core-sections.tsx';
import type { StaffRole } from '../src/modules/staff/permissions.ts';
import { getPreset } from '../src/presets/index.ts';
import { textOf } from './helpers/browser.ts';
import { placeOrder } from './helpers/orders.ts';
import { describeEachDatabase, openTestShop, type TestShop } from './helpers/shop.ts';
import { type SignedInStaff, signInNewStaff } from './helpers/staff.ts';

const PASSWORD = 'a ladder, a tester and a spanner';
const TECHNICIAN = 'assigned-technician';
const FIELDS = 'orders.recipient_name_enc,orders.recipient_phone_enc,orders.recipient_address_enc';

const CUSTOMER = {
  name: 'নাসরিন আক্তার',
  phone: '+8801812345678',
  email: 'nasrin.technicians@example.com',
  address: 'বাড়ি ১২, রোড ৫, ধানমন্ডি, ঢাকা',
};
const NOTE = 'এসি থেকে পানি পড়ছে';

describeEachDatabase('technicians: Mistri dispatches its own technicians (MS-06)', (dialect) => {
  let shop: TestShop;
  let dispatcher: SignedInStaff;
  let technicianA: SignedInStaff;
  let technicianB: SignedInStaff;
  /** The booking that goes through the whole story, test after test. */
  let booking: OrderView;

  const signIn = (role: StaffRole, name: string) => signInNewStaff(shop, role, name, PASSWORD, 'bn');

  /** A booking by phone, moved by the dispatcher up to `until`. */
  async function bookingUpTo(until: 'confirmed' | 'packed'): Promise<OrderView> {
    const service = (await shop.app.catalog.list({ locale: 'bn' })).items[0];
    const placed = await placeOrder(shop, {
      lines: [{ productId: service.id, quantityMilli: service.stepMilli }],
      buyer: CUSTOMER,
      deliveryInstructions: NOTE,
      channel: 'phone',
      locale: 'bn',
      actor: 'staff:test',
    });
    for (const to of until === 'packed' ? (['confirmed', 'packed'] as const) : (['confirmed'] as const)) {
      expect(await shop.app.orders.move(placed.id, to, { kind: 'staff', id: dispatcher.id })).toEqual({ ok: true });
    }
    return (await shop.app.orders.byId(placed.id))!;
  }

  const assign = (orderId: string, technician: string) =>
    dispatcher.client.post(`/bn/staff/orders/${orderId}/assign`, { courier: technician }, { follow: false });

  function disclosuresOf(orderId: string) {
    return shop.app.db
      .selectFrom('disclosures')
      .select(['subject_id', 'recipient_id', 'fields', 'purpose', 'order_id', 'actor'])
      .where('order_id', '=', orderId)
      .orderBy('at')
      .execute();
  }

  /** What a person reads on a page, with one id blanked out. */
  const reading = (page: { status: number; body: string }, blank: string) => ({
    status: page.status,
    text: textOf(page.body).replaceAll(blank, '…'),
  });

  beforeAll(async () => {
    shop = await openTestShop(dialect, 'mistri');
    dispatcher = await signIn('manager', 'Shirin the dispatcher');
    technicianA = await signIn('courier', 'Karim Mistri');
    technicianB = await signIn('courier', 'Habib Mistri');
    booking = await bookingUpTo('confirmed');
  });
  afterAll(async () => {
    await shop?.close();
  });

  it('[MS-06] the technician receives exactly what the policy declares for the assigned technician', () => {
    const declared = getPreset('mistri')!.policy.recipients.find((r) => r.id === TECHNICIAN)!;
    expect(declared.kind).toBe('technician');
    expect(declared.fields.join(',')).toBe(FIELDS);
    expect(shop.app.fulfilment.ownDelivery?.technician).toEqual(declared);
    expect(translate('bn', roleMessage('courier', 'services'))).toBe('টেকনিশিয়ান');
    expect(translate('en', roleMessage('courier', 'services'))).toBe('Technician');
    expect(translate('en', roleMessage('courier', 'shop'))).toBe(translate('en', 'team.role.courier'));
  });

  it('[MS-06] the dispatcher marks a booking ready and assigns it to a technician, in the words of a job', async () => {
    const confirmed = await dispatcher.client.get(`/bn/staff/orders/${booking.id}`);
    expect(confirmed.status).toBe(200);
    expect(textOf(confirmed.body)).toContain(translate('bn', 'job.markReady'));
    expect(textOf(confirmed.body)).not.toContain(translate('bn', 'staff.moveTo.packed'));
    // Not ready yet: the booking cannot be given to a technician.
    const early = await assign(booking.id, technicianA.id);
    expect(early.status).toBe(409);
    expect(textOf(early.body)).toContain(translate('bn', 'job.errorNotReady'));

    const ready = await dispatcher.client.post(`/bn/staff/orders/${booking.id}/status`, { to: 'packed' });
    expect(ready.status).toBe(200);
    const page = await dispatcher.client.get(`/bn/staff/orders/${booking.id}`);
    const text = textOf(page.body);
    expect(text).toContain(translate('bn', 'job.assign'));
    expect(text).toContain(translate('bn', 'job.technician'));
    expect(text).not.toContain(translate('bn', 'delivery.assign'));
    expect(page.body).toContain(`<option value="${technicianA.id}">${technicianA.name}</option>`);
    expect(page.body).toContain(`<option value="${technicianB.id}">${technicianB.name}</option>`);
    expect(page.body).not.toContain(`<option value="${dispatcher.id}">`);

    const refused = await assign(booking.id, dispatcher.id);
    expect(refused.status).toBe(422);
    expect(textOf(refused.body)).toContain(translate('bn', 'job.errorTechnician'));

    const done = await assign(booking.id, technicianA.id);
    expect(done.status).toBe(303);
    const moved = (await shop.app.orders.byId(booking.id))!;
    expect(moved.status).toBe('out_for_delivery');
    const after = textOf((await dispatcher.client.get(`/bn/staff/orders/${booking.id}`)).body);
    expect(after).toContain(technicianA.name);
    expect(after).toContain(translate('bn', 'job.assignedAt'));
    // Assigning discloses nothing yet: the technician has not opened the job.
    expect(await disclosuresOf(booking.id)).toEqual([]);
  });

  it('[MS-06] the technician sees the customer’s name, phone and address in Bengali, each look registered as a disclosure to the assigned technician', async () => {
    expect(textOf(technicianA.landing.body)).toContain(translate('bn', 'job.title'));
    const list = await technicianA.client.get('/bn/staff/deliveries');
    expect(list.status).toBe(200);
    expect(list.headers['cache-control']).toBe('no-store');
    const text = textOf(list.body);
    expect(text).toContain(translate('bn', 'job.title'));
    expect(text).toContain(translate('bn', 'job.customer'));
    for (const shown of [booking.code, CUSTOMER.name, CUSTOMER.address, booking.lines[0].name]) {
      expect(text).toContain(shown);
    }
    expect(list.body).toContain(`href="tel:${CUSTOMER.phone}"`);
    // Not what the policy does not give the technician: the e-mail, or the note.
    for (const hidden of [CUSTOMER.email, NOTE]) expect(list.body).not.toContain(hidden);
    expect(text).toContain(translate('bn', 'job.time'));
    for (const parcel of ['delivery.title', 'delivery.markDelivered', 'order.deliveryTime', 'status.packed'] as const) {
      expect(text).not.toContain(translate('bn', parcel));
    }

    const one = await technicianA.client.get(`/bn/staff/deliveries/${booking.id}`);
    expect(one.status).toBe(200);
    expect(textOf(one.body)).toContain(CUSTOMER.address);
    expect(textOf(one.body)).toContain(translate('bn', 'job.markDone'));
    expect(one.body).toContain(`action="/bn/staff/deliveries/${booking.id}/delivered"`);

    const registered = {
      subject_id: booking.recipientSubjectId,
      recipient_id: TECHNICIAN,
      fields: FIELDS,
      purpose: 'order.fulfilment',
      order_id: booking.id,
      actor: `staff:${technicianA.id}`,
    };
    expect(await disclosuresOf(booking.id)).toEqual([registered, registered]);

    // The customer's copy of their data lists it, named in their language.
    const built = await buildExport(shop.app, {
      subjectIds: [booking.subjectId],
      locale: 'bn',
      actor: { kind: 'system', job: 'test' },
      requestRef: null,
    });
    const listed = built.document.sections.disclosures as DisclosureRecord[];
    expect(listed.filter((d) => d.recipientId === TECHNICIAN)).toHaveLength(2);
    expect(built.html).toContain('কাজের জন্য নিয়োজিত টেকনিশিয়ান বা মিস্ত্রি');
  });

  it('[MS-06] a second technician gets 404 for the job, as for no job at all, and nothing is disclosed to them', async () => {
    const before = await disclosuresOf(booking.id);
    const list = await technicianB.client.get('/bn/staff/deliveries');
    expect(list.status).toBe(200);
    expect(textOf(list.body)).toContain(translate('bn', 'job.none'));
    for (const hidden of [booking.code, CUSTOMER.name, CUSTOMER.address, CUSTOMER.phone]) {
      expect(list.body).not.toContain(hidden);
    }
    const theirs = await technicianB.client.get(`/bn/staff/deliveries/${booking.id}`);
    const none = randomUUID();
    const missing = await technicianB.client.get(`/bn/staff/deliveries/${none}`);
    expect(theirs.status).toBe(404);
    expect(reading(theirs, booking.id)).toEqual(reading(missing, none));
    const press = await technicianB.client.post(`/bn/staff/deliveries/${booking.id}/delivered`, {}, { follow: false });
    expect(press.status).toBe(404);
    expect((await shop.app.orders.byId(booking.id))!.status).toBe('out_for_delivery');
    expect(await disclosuresOf(booking.id)).toEqual(before);
  });

  it('[MS-06] after “Job done” the job leaves the technician’s list, its page answers 404, and nothing more is disclosed', async () => {
    const before = await disclosuresOf(booking.id);
    const done = await technicianA.client.post(`/bn/staff/deliveries/${booking.id}/delivered`, {}, { follow: false });
    expect(done.status).toBe(303);
    expect((await shop.app.orders.byId(booking.id))!.status).toBe('delivered');

    const list = await technicianA.client.get(done.location!);
    expect(textOf(list.body)).toContain(translate('bn', 'job.done'));
    expect(textOf(list.body)).toContain(translate('bn', 'job.none'));
    for (const hidden of [booking.code, CUSTOMER.name, CUSTOMER.address, CUSTOMER.phone]) {
      expect(list.body).not.toContain(hidden);
    }
    expect((await technicianA.client.get(`/bn/staff/deliveries/${booking.id}`)).status).toBe(404);
    const twice = await technicianA.client.post(`/bn/staff/deliveries/${booking.id}/delivered`, {}, { follow: false });
    expect(twice.status).toBe(404);
    expect(await disclosuresOf(booking.id)).toEqual(before);

    // The dispatcher still sees who did it and when, and the booking's status in the words of a job.
    const page = textOf((await dispatcher.client.get(`/bn/staff/orders/${booking.id}`)).body);
    expect(page).toContain(technicianA.name);
    expect(page).toContain(translate('bn', 'job.doneAt'));
    expect(page).toContain(translate('bn', 'job.status.delivered'));
    expect(page).not.toContain(translate('bn', 'status.out_for_delivery'));
  });

  it('[MS-06] a job the dispatcher takes back ends the technician’s access too', async () => {
    const other = await bookingUpTo('packed');
    expect((await assign(other.id, technicianB.id)).status).toBe(303);
    expect((await technicianB.client.get(`/bn/staff/deliveries/${other.id}`)).status).toBe(200);
    expect(await disclosuresOf(other.id)).toHaveLength(1);
    expect(await shop.app.orders.move(other.id, 'returned', { kind: 'staff', id: dispatcher.id })).toEqual({
      ok: true,
    });
    expect((await technicianB.client.get(`/bn/staff/deliveries/${other.id}`)).status).toBe(404);
    expect((await technicianB.client.get('/bn/staff/deliveries')).body).not.toContain(other.code);
    expect(await disclosuresOf(other.id)).toHaveLength(1);
  });
});

describe('a booking’s status in the customer’s messages', () => {
  it('[MS-06] a services shop tells its customer a technician is on the way and the job is done; a shop that sells goods still says out for delivery', () => {
    const mistri = getPreset('mistri')!;
    const hatkoro = getPreset('hatkoro')!;
    const notice = (status: 'out_for_delivery' | 'delivered') => ({ code: 'AB12C-DE34F', status, link: 'http://x/y' });
    const onTheWay = statusMail('bn', mistri, 'a@example.com', notice('out_for_delivery'));
    expect(onTheWay.subject).toContain(translate('bn', 'job.status.out_for_delivery'));
    expect(onTheWay.text).toContain(translate('bn', 'job.mail.out_for_delivery', { code: 'AB12C-DE34F' }));
    expect(onTheWay.text).not.toContain(translate('bn', 'status.out_for_delivery'));
    expect(statusSms('en', mistri, notice('delivered'))).toContain(translate('en', 'job.status.delivered'));
    const parcel = statusMail('bn', hatkoro, 'a@example.com', notice('out_for_delivery'));
    expect(parcel.subject).toContain(translate('bn', 'status.out_for_delivery'));
    expect(parcel.text).not.toContain(translate('bn', 'job.status.out_for_delivery'));
  });
});
