import { describe, expect, it } from 'vitest';
import { advanceStatus, type CourierStatus, toCourierStatus } from '../src/modules/fulfilment/courier.ts';

/** Applies reports in arrival order with the never-regress rule; gives the status after each. */
function replay(reports: CourierStatus[]): (CourierStatus | null)[] {
  let current: CourierStatus | null = null;
  return reports.map((incoming) => {
    current = advanceStatus(current, incoming) ?? current;
    return current;
  });
}

describe('courier status vocabulary', () => {
  it('maps Pathao events and GHN statuses to the shared words, and leaves non-status events unmapped', () => {
    expect(toCourierStatus('pathao', 'order.in-transit')).toBe('in_transit');
    expect(toCourierStatus('pathao', 'order.assigned-for-delivery')).toBe('out_for_delivery');
    expect(toCourierStatus('pathao', 'order.delivery-failed')).toBe('on_hold');
    expect(toCourierStatus('pathao', 'order.paid')).toBe('cod_remitted');
    expect(toCourierStatus('pathao', 'order.updated')).toBeNull();
    expect(toCourierStatus('pathao', 'store.created')).toBeNull();
    expect(toCourierStatus('pathao', 'constructor')).toBeNull();
    expect(toCourierStatus('ghn', 'ready_to_pick')).toBe('pickup_pending');
    expect(toCourierStatus('ghn', 'delivering')).toBe('out_for_delivery');
    expect(toCourierStatus('ghn', 'returned')).toBe('returned');
    expect(toCourierStatus('ghn', 'cancel')).toBe('cancelled');
  });

  it('never regresses: "in transit" arriving after "delivered" leaves the parcel delivered', () => {
    expect(replay(['picked', 'delivered', 'in_transit', 'out_for_delivery'])).toEqual([
      'picked',
      'delivered',
      'delivered',
      'delivered',
    ]);
    expect(advanceStatus('out_for_delivery', 'picked')).toBeNull();
    expect(advanceStatus('in_transit', 'in_transit')).toBeNull();
  });

  it('treats outcomes as final, except that the cash of a delivery can still be paid over', () => {
    expect(advanceStatus('delivered', 'cod_remitted')).toBe('cod_remitted');
    expect(advanceStatus('partial', 'cod_remitted')).toBe('cod_remitted');
    expect(advanceStatus('returned', 'cod_remitted')).toBeNull();
    expect(advanceStatus('delivered', 'returned')).toBeNull();
    expect(advanceStatus('cancelled', 'picked')).toBeNull();
    expect(advanceStatus('cod_remitted', 'delivered')).toBeNull();
  });

  it('lets a hold interrupt any unfinished step and be followed by the next one', () => {
    expect(replay(['created', 'out_for_delivery', 'on_hold', 'out_for_delivery', 'delivered'])).toEqual([
      'created',
      'out_for_delivery',
      'on_hold',
      'out_for_delivery',
      'delivered',
    ]);
    expect(advanceStatus('on_hold', 'created')).toBeNull();
    expect(advanceStatus('delivered', 'on_hold')).toBeNull();
  });
});
