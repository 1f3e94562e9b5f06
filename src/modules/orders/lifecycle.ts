/**
 * The order's life as an explicit state machine. Each allowed move is listed here; anything else is refused with a
 * reason. Offline payments (HK-07) hold an order in `awaiting_payment` until staff record the money as received.
 */
export const ORDER_STATUSES = [
  'placed',
  'awaiting_payment',
  'confirmed',
  'packed',
  'shipped',
  'delivered',
  'cancelled',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Moves staff may make by hand. `awaiting_payment → confirmed` happens only by recording the payment. */
export const STAFF_TRANSITIONS: Record<OrderStatus, OrderStatus[]> = {
  placed: ['confirmed', 'cancelled'],
  awaiting_payment: ['cancelled'],
  confirmed: ['packed', 'cancelled'],
  packed: ['shipped', 'cancelled'],
  shipped: ['delivered'],
  delivered: [],
  cancelled: [],
};

export type TransitionRefusal = 'not_allowed' | 'payment_not_received' | 'not_found' | 'stale';

export function canMove(from: OrderStatus, to: OrderStatus): TransitionRefusal | null {
  if (from === 'awaiting_payment' && to === 'confirmed') return 'payment_not_received';
  return STAFF_TRANSITIONS[from]?.includes(to) ? null : 'not_allowed';
}

export function initialStatus(paymentMethod: string): OrderStatus {
  return paymentMethod === 'cod' ? 'placed' : 'awaiting_payment';
}
