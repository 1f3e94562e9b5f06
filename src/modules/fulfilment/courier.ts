/**
 * What every courier adapter offers, the status vocabulary the shop speaks whatever the courier, and the rule that
 * keeps a consignment's status from going backwards when the courier's events arrive out of order.
 *
 * An adapter receives only what the courier may know (CM-11, KT-08): the recipient's name, phone and address, the
 * cash to collect and the delivery note, already disclosed through the privacy kernel (see handoff.ts). It never
 * sees an e-mail, the buyer (when someone else receives the parcel), a second phone or what the parcel contains.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { CountryCode } from '../../presets/types.ts';

export const COURIER_STATUSES = [
  'created',
  'pickup_pending',
  'picked',
  'in_transit',
  'out_for_delivery',
  'delivered',
  'partial',
  'returned',
  'cancelled',
  'on_hold',
  'cod_remitted',
] as const;
export type CourierStatus = (typeof COURIER_STATUSES)[number];

export type CourierProvider = 'pathao' | 'ghn' | 'manual';

export interface ConsignmentInput {
  /**
   * The shop's reference for this handoff, sent as the courier's merchant order id. Use an opaque id rather than the
   * order code the customer sees, so the courier's records do not link to the shop's.
   */
  ref: string;
  recipient: {
    name: string;
    /** E.164, as the shop stores it; each adapter writes it the way its courier wants. */
    phone: string;
    address: string;
    /**
     * The courier's own ids for the delivery area, chosen by staff at handoff (they are part of the address the
     * courier already receives). Keys per adapter: Pathao `city`, `zone`, `area`; GHN `district_id`, `ward_code`.
     */
    locationIds?: Readonly<Record<string, string | number>>;
  };
  /** Cash to collect at the door in ISO minor units (0 when already paid). */
  codMinor: number;
  currency: string;
  weightGrams?: number;
  /** The customer's delivery instructions, when the recipient is allowed them. */
  note?: string;
  /** For couriers without an API (manual.ts): the tracking code staff copied from the courier's receipt. */
  trackingCode?: string;
}

export interface Consignment {
  consignmentId: string;
  trackingCode: string;
  /** The courier's fee in minor units, when it says. */
  feeMinor?: number;
}

/** One status change reported by a courier, reduced to what the shop keeps: no names, phones or reasons typed by riders. */
export interface CourierEvent {
  consignmentId: string;
  /** The merchant order id we sent (ConsignmentInput.ref), when the courier echoes it. */
  ref: string | null;
  status: CourierStatus;
  /** The courier's own word for it, for the order history and for support. */
  providerStatus: string;
  /** When the courier says it happened (ISO 8601), if it says. */
  at: string | null;
}

/** The request as the web server received it: header names in lower case, the JSON body parsed. */
export interface WebhookRequest {
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: unknown;
  query?: Readonly<Record<string, string | undefined>>;
}

export type WebhookOutcome =
  | { kind: 'event'; event: CourierEvent }
  /** Authentic but nothing to apply: the courier's set-up handshake, or an event that is not a status change. */
  | { kind: 'ignored'; reason: 'handshake' | 'not_a_status' }
  | { kind: 'refused'; reason: 'bad_secret' | 'malformed' | 'unsupported' };

export interface WebhookReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** What the webhook route does with the request, and the exact answer the courier expects. */
export interface WebhookResult {
  outcome: WebhookOutcome;
  reply: WebhookReply;
}

export interface CourierAdapter {
  readonly provider: CourierProvider;
  /** Books the parcel with the courier. Throws CourierError. */
  createConsignment(input: ConsignmentInput): Promise<Consignment>;
  /** Asks the courier where the parcel is; null for couriers that have no API to ask. Throws CourierError. */
  getStatus(consignmentId: string): Promise<{ status: CourierStatus | null; providerStatus: string } | null>;
  /** Checks a status webhook against the shop's webhook secret and reads it. Never throws on bad input. */
  parseWebhook(request: WebhookRequest, secret: string): WebhookResult;
}

/**
 * Why a courier call failed. `unavailable` (network, timeout, 5xx) is worth retrying later; `rejected` (the courier
 * refused the data) and `config` (credentials, store ids) need a person. Messages name fields, never their values.
 */
export class CourierError extends Error {
  constructor(
    readonly kind: 'unavailable' | 'rejected' | 'config',
    message: string,
  ) {
    super(message);
  }

  get retryable(): boolean {
    return this.kind === 'unavailable';
  }
}

/** Provider status words → the shop's vocabulary. Words not listed (order.updated, store.*) are not status changes. */
const PROVIDER_STATUSES: Record<Exclude<CourierProvider, 'manual'>, Record<string, CourierStatus>> = {
  // Pathao webhook events (merchant panel → Developer API → Webhook). A failed attempt is a hold: Pathao retries
  // delivery or returns the parcel, and says which with a later event.
  pathao: {
    'order.created': 'created',
    'order.pickup-requested': 'pickup_pending',
    'order.assigned-for-pickup': 'pickup_pending',
    'order.pickup-failed': 'pickup_pending',
    'order.picked': 'picked',
    'order.pickup-cancelled': 'cancelled',
    'order.at-the-sorting-hub': 'in_transit',
    'order.in-transit': 'in_transit',
    'order.received-at-last-mile-hub': 'in_transit',
    'order.assigned-for-delivery': 'out_for_delivery',
    'order.delivered': 'delivered',
    'order.exchanged': 'delivered',
    'order.partial-delivery': 'partial',
    'order.delivery-failed': 'on_hold',
    'order.on-hold': 'on_hold',
    'order.returned': 'returned',
    'order.paid-return': 'returned',
    'order.return-id-created': 'returned',
    'order.return-in-transit': 'returned',
    'order.returned-to-merchant': 'returned',
    'order.paid': 'cod_remitted',
    // Not an event: the order-info endpoint's first slug ("Pending"), read the way pathao.ts reads slugs.
    'order.pending': 'created',
  },
  // GHN order statuses (webhook `Status`, and `data.status` of shipping-order/detail).
  ghn: {
    ready_to_pick: 'pickup_pending',
    picking: 'pickup_pending',
    money_collect_picking: 'pickup_pending',
    picked: 'picked',
    storing: 'in_transit',
    transporting: 'in_transit',
    sorting: 'in_transit',
    delivering: 'out_for_delivery',
    money_collect_delivering: 'out_for_delivery',
    delivered: 'delivered',
    delivery_fail: 'on_hold',
    waiting_to_return: 'on_hold',
    exception: 'on_hold',
    damage: 'on_hold',
    lost: 'on_hold',
    return: 'returned',
    return_transporting: 'returned',
    return_sorting: 'returned',
    returning: 'returned',
    return_fail: 'returned',
    returned: 'returned',
    cancel: 'cancelled',
  },
};

export function toCourierStatus(
  provider: Exclude<CourierProvider, 'manual'>,
  providerStatus: string,
): CourierStatus | null {
  return Object.hasOwn(PROVIDER_STATUSES[provider], providerStatus)
    ? PROVIDER_STATUSES[provider][providerStatus]
    : null;
}

/** How far along the parcel is. The four outcomes share the last step before the courier pays the cash over. */
const PROGRESS: Record<Exclude<CourierStatus, 'on_hold'>, number> = {
  created: 0,
  pickup_pending: 1,
  picked: 2,
  in_transit: 3,
  out_for_delivery: 4,
  delivered: 5,
  partial: 5,
  returned: 5,
  cancelled: 5,
  cod_remitted: 6,
};

const OUTCOMES: ReadonlySet<CourierStatus> = new Set(['delivered', 'partial', 'returned', 'cancelled', 'cod_remitted']);

/**
 * The never-regress rule: the status a consignment moves to when the courier reports `incoming`, or null when the
 * report is a duplicate or older news (couriers retry webhooks and deliver them out of order, so "in transit" can
 * arrive after "delivered"). An outcome is final, except that the cash of a delivery can still be paid over. A hold
 * may interrupt any unfinished step, and anything but "created" may follow it: where the parcel paused is unknown.
 */
export function advanceStatus(current: CourierStatus | null, incoming: CourierStatus): CourierStatus | null {
  if (current === incoming) return null;
  if (current === null) return incoming;
  if (OUTCOMES.has(current)) {
    return incoming === 'cod_remitted' && (current === 'delivered' || current === 'partial') ? incoming : null;
  }
  if (incoming === 'on_hold') return incoming;
  if (current === 'on_hold') return incoming === 'created' ? null : incoming;
  return PROGRESS[incoming] > PROGRESS[current] ? incoming : null;
}

/**
 * A phone number as couriers in the country write it: "01712345678" (BD), "0912345678" (VN). Null when the number is
 * not of that country (a courier there cannot call it).
 */
export function nationalPhone(e164: string, country: CountryCode): string | null {
  const phone = parsePhoneNumberFromString(e164);
  return phone?.country === country ? `0${phone.nationalNumber}` : null;
}

/** A whole amount in the currency's major unit, or a refusal: couriers take integer cash amounts. */
export function wholeMajorUnits(minor: number, minorDigits: number): number {
  const factor = 10 ** minorDigits;
  if (!Number.isSafeInteger(minor) || minor < 0 || minor % factor !== 0) {
    throw new CourierError('rejected', 'the cash to collect must be a whole amount of the currency');
  }
  return minor / factor;
}
