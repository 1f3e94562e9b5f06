/**
 * Handing a parcel to a courier (CM-11, HK-01, KT-08): the recipient's details leave the shop only through
 * `kernel.disclose`, which checks the courier is a recipient the policy declares, registers the disclosure and
 * returns the plaintext. The courier adapter gets nothing else.
 */
import { randomBytes } from 'node:crypto';
import type { DeclaredRecipient } from '../../presets/types.ts';
import type { Actor, PrivacyKernel } from '../../privacy/kernel.ts';
import type { OrderView } from '../orders/service.ts';
import type { Consignment, ConsignmentInput, CourierAdapter } from './courier.ts';
import { normaliseTrackingCode } from './manual.ts';

const NAME = 'orders.recipient_name_enc';
const PHONE = 'orders.recipient_phone_enc';
const ADDRESS = 'orders.recipient_address_enc';
const NOTE = 'orders.delivery_instructions_enc';

export type HandoffResult =
  | {
      ok: true;
      /** The opaque merchant order id sent to the courier (its webhooks echo it): store it with the consignment. */
      ref: string;
      consignment: Consignment;
      /** Whether the delivery note went too (only when the recipient's declaration lists it). */
      noteDisclosed: boolean;
    }
  | { ok: false; reason: 'undeclared_recipient' | 'field_not_allowed' | 'erased' | 'invalid_tracking_code' };

/** An opaque merchant order id: random, so that the courier's records do not link to the shop's order codes. */
export function newConsignmentRef(): string {
  return randomBytes(8).toString('hex');
}

/** Cash the courier collects at the door: the order total for cash on delivery not yet paid, otherwise nothing. */
export function codToCollect(order: Pick<OrderView, 'paymentMethod' | 'paymentReceivedAt' | 'totalMinor'>): number {
  return order.paymentMethod === 'cod' && !order.paymentReceivedAt ? order.totalMinor : 0;
}

/**
 * Discloses the recipient's name, phone and address (and the delivery note, if the recipient may have it) to the
 * declared recipient `recipientId`, then books the consignment. The disclosure is registered before the courier call,
 * so a call that fails after the data left is still on record. CourierError from the adapter propagates.
 */
export async function handOff(
  kernel: PrivacyKernel,
  request: {
    order: OrderView;
    courier: CourierAdapter;
    recipientId: string;
    /** The shop's declared recipients (preset.policy.recipients). */
    recipients: readonly DeclaredRecipient[];
    actor: Actor;
    locationIds?: ConsignmentInput['recipient']['locationIds'];
    weightGrams?: number;
    trackingCode?: string;
    /** The merchant order id to send, when the caller recorded it before the call (service.ts); else a new one. */
    ref?: string;
  },
): Promise<HandoffResult> {
  const { order, actor, recipientId } = request;
  const { sealed } = order;
  // A mistyped code is caught before anything is disclosed, so a retry does not register the disclosure twice.
  if (request.courier.provider === 'manual' && !normaliseTrackingCode(request.trackingCode ?? '')) {
    return { ok: false, reason: 'invalid_tracking_code' };
  }
  if (!sealed.recipient_name_enc || !sealed.recipient_phone_enc || !sealed.recipient_address_enc) {
    return { ok: false, reason: 'erased' };
  }
  const common = { actor, recipientId, purpose: 'order.fulfilment' as const, orderId: order.id };
  // The recipient's fields are sealed under the recipient's data key, the note under the buyer's (KN-07): two
  // subjects, two disclosure records.
  const contact = await kernel.disclose({
    ...common,
    subjectId: order.recipientSubjectId,
    fields: {
      [NAME]: sealed.recipient_name_enc,
      [PHONE]: sealed.recipient_phone_enc,
      [ADDRESS]: sealed.recipient_address_enc,
    },
  });
  if (!contact.ok) return { ok: false, reason: contact.reason };
  const name = contact.projection[NAME];
  const phone = contact.projection[PHONE];
  const address = contact.projection[ADDRESS];
  if (!name || !phone || !address) return { ok: false, reason: 'erased' };

  let note: string | undefined;
  const mayHaveNote = request.recipients.find((r) => r.id === recipientId)?.fields.includes(NOTE) ?? false;
  if (mayHaveNote && sealed.delivery_instructions_enc) {
    const disclosed = await kernel.disclose({
      ...common,
      subjectId: order.subjectId,
      fields: { [NOTE]: sealed.delivery_instructions_enc },
    });
    if (disclosed.ok) note = disclosed.projection[NOTE] ?? undefined;
  }

  const ref = request.ref ?? newConsignmentRef();
  const consignment = await request.courier.createConsignment({
    ref,
    recipient: { name, phone, address, ...(request.locationIds ? { locationIds: request.locationIds } : {}) },
    codMinor: codToCollect(order),
    currency: order.currency,
    ...(request.weightGrams === undefined ? {} : { weightGrams: request.weightGrams }),
    ...(note ? { note } : {}),
    ...(request.trackingCode === undefined ? {} : { trackingCode: request.trackingCode }),
  });
  return { ok: true, ref, consignment, noteDisclosed: note !== undefined };
}
