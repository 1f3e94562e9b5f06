/**
 * Own delivery in the shop's words (MS-06). A services shop uses the same flow as a shop with its own couriers
 * (own-delivery.ts) to dispatch technicians: the staff role `courier` reads "Technician", the courier's list "My
 * jobs", "Send out for delivery" reads "Assign technician", "Delivered" reads "Job done", and the move to `packed`
 * reads "Ready for a technician"; the customer reads "Technician on the way" and "Job done" for those statuses, on the
 * booking's page and in its messages. The statuses underneath are the same (packed → out_for_delivery → delivered), as is
 * purposeMessage's choice in policy/views.tsx: only the words change.
 */
import type { MessageKey } from '../../i18n/translate.ts';
import type { StorefrontMode } from '../../presets/types.ts';
import type { OrderStatus } from '../orders/lifecycle.ts';
import type { StaffRole } from '../staff/permissions.ts';

const FOR_SERVICES: Partial<Record<MessageKey, MessageKey>> = {
  'delivery.nav': 'job.nav',
  'delivery.title': 'job.title',
  'delivery.intro': 'job.intro',
  'delivery.none': 'job.none',
  'delivery.courier': 'job.technician',
  'delivery.collect': 'job.collect',
  'delivery.markDelivered': 'job.markDone',
  'delivery.done': 'job.done',
  'delivery.errorStale': 'job.errorStale',
  'delivery.assign': 'job.assign',
  'delivery.assignHint': 'job.assignHint',
  'delivery.noCouriers': 'job.noTechnicians',
  'delivery.assignedAt': 'job.assignedAt',
  'delivery.deliveredAt': 'job.doneAt',
  'delivery.errorNotPacked': 'job.errorNotReady',
  'delivery.errorAssigned': 'job.errorAssigned',
  'delivery.errorCourier': 'job.errorTechnician',
  'staff.deliverTo': 'job.customer',
  'staff.moveTo.packed': 'job.markReady',
  'order.title': 'job.heading',
  'order.deliveryTime': 'job.time',
  'team.role.courier': 'job.technician',
  // What the customer reads of the booking's status, on its page and in the messages about it.
  'status.packed': 'job.status.packed',
  'status.out_for_delivery': 'job.status.out_for_delivery',
  'status.delivered': 'job.status.delivered',
  'mail.order.packed': 'job.mail.packed',
  'mail.order.out_for_delivery': 'job.mail.out_for_delivery',
  'mail.order.delivered': 'job.mail.delivered',
};

/** The message to show for `key` in a shop whose storefront is `storefront`. */
export function ownDeliveryMessage(key: MessageKey, storefront: StorefrontMode): MessageKey {
  return storefront === 'services' ? (FOR_SERVICES[key] ?? key) : key;
}

/** An order status's name: a services shop's `out_for_delivery` is its technician on the way. */
export function statusMessage(status: OrderStatus, storefront: StorefrontMode): MessageKey {
  return ownDeliveryMessage(`status.${status}`, storefront);
}

/** A staff role's name: a services shop's `courier` is its technician. */
export function roleMessage(role: StaffRole, storefront: StorefrontMode): MessageKey {
  return ownDeliveryMessage(`team.role.${role}`, storefront);
}
