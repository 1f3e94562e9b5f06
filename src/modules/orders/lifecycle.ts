/**
 * The order's life as an explicit state machine. Each allowed move is listed here; anything else is refused with a
 * reason. Offline payments (HK-07) hold an order in `awaiting_payment` until staff record the money as received;
 * `awaiting_details` holds it until the customer has given what the shop asked for (KN-06).
 */
export const ORDER_STATUSES = [
  'placed',
  'awaiting_payment',
  'awaiting_details',
  'confirmed',
  'packed',
  'shipped',
  'out_for_delivery',
  'delivered',
  'completed',
  'cancelled',
  'returned',
  'refunded',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/**
 * Moves staff may make by hand. `awaiting_payment → confirmed` happens only by recording the payment, and leaving
 * `awaiting_details` for the status before it only by the customer's answer (or staff confirming by hand).
 * `shipped` is "handed to the courier"; a shop with its own delivery staff goes from packed to out for delivery.
 */
export const STAFF_TRANSITIONS: Record<OrderStatus, (StaffMove | 'awaiting_details')[]> = {
  placed: ['confirmed', 'awaiting_details', 'cancelled'],
  awaiting_payment: ['awaiting_details', 'cancelled'],
  awaiting_details: ['confirmed', 'cancelled'],
  confirmed: ['packed', 'awaiting_details', 'cancelled'],
  packed: ['shipped', 'out_for_delivery', 'cancelled'],
  shipped: ['out_for_delivery', 'delivered', 'returned'],
  out_for_delivery: ['delivered', 'returned'],
  delivered: ['completed', 'returned'],
  completed: ['returned'],
  cancelled: ['refunded'],
  returned: ['refunded'],
  refunded: [],
};

/** Where a staff member's button can move an order (asking for details has a form of its own). */
export type StaffMove = Exclude<OrderStatus, 'placed' | 'awaiting_payment' | 'awaiting_details'>;
const NOT_BY_BUTTON: readonly OrderStatus[] = ['placed', 'awaiting_payment', 'awaiting_details'];
export const STAFF_MOVES: readonly StaffMove[] = ORDER_STATUSES.filter(
  (s): s is StaffMove => !NOT_BY_BUTTON.includes(s),
);

/** The order has reached its customer or has ended: once the claim period is over, its delivery details go. */
export const FINAL_STATUSES: readonly OrderStatus[] = ['delivered', 'completed', 'cancelled', 'returned', 'refunded'];

/** Moves that put the goods back on the shelf: before they left, or when they came back. */
export const RESTOCKING: ReadonlySet<OrderStatus> = new Set(['cancelled', 'returned']);

/** What the shop may ask the customer for before the order goes on (KN-06). */
export const DETAIL_REQUESTS = ['address', 'phone', 'recipient', 'tax_identity'] as const;
export type DetailRequest = (typeof DETAIL_REQUESTS)[number];

export type TransitionRefusal = 'not_allowed' | 'payment_not_received' | 'not_found' | 'stale';

export function canMove(from: OrderStatus, to: OrderStatus): TransitionRefusal | null {
  if (from === 'awaiting_payment' && to === 'confirmed') return 'payment_not_received';
  return (STAFF_TRANSITIONS[from] as readonly OrderStatus[] | undefined)?.includes(to) ? null : 'not_allowed';
}

export function initialStatus(paymentMethod: string): OrderStatus {
  return paymentMethod === 'cod' ? 'placed' : 'awaiting_payment';
}
