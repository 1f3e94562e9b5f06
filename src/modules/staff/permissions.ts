import type { OrderStatus } from '../orders/lifecycle.ts';

/** Staff roles and what each may do; every staff route names the permission it needs. */
export const STAFF_ROLES = ['owner', 'manager', 'support', 'packer', 'courier', 'privacy_officer'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export function isStaffRole(value: string | undefined): value is StaffRole {
  return (STAFF_ROLES as readonly (string | undefined)[]).includes(value);
}

export type Permission =
  | 'orders.view'
  | 'orders.create'
  | 'orders.contact'
  | 'orders.payment'
  | 'orders.fulfil'
  | 'orders.cancel'
  | 'accounts.recover'
  | 'audit.view'
  /** Register requests from authorities and place legal holds (MS-07, KN-11). */
  | 'legal.register'
  /** Approve or refuse a request from an authority: the privacy officer's decision, never its registrar's. */
  | 'legal.approve'
  /** Products, photos, stock, categories, import and export (owner and manager). */
  | 'catalog.manage'
  /** The privacy request centre: data-subject requests, their verification, answers, exports and erasure. */
  | 'privacy.requests'
  /** The shop's settings: payment, delivery, checkout rules, retention, business identity (src/modules/settings). */
  | 'settings.manage'
  /** Invite staff, give roles, deactivate accounts (src/modules/team). */
  | 'staff.manage'
  /** The owner's dashboard: orders and revenue, stock, what waits (src/modules/dashboard). */
  | 'dashboard.view'
  /** Send news and offers to confirmed subscribers (marketing/routes.tsx). */
  | 'marketing.send'
  /** The owner's visitor statistics (analytics/routes.tsx). */
  | 'analytics.view'
  /** The deliveries assigned to oneself and not yet delivered: nothing else (fulfilment/own-delivery.ts). */
  | 'deliveries.own';

/** The office's permissions; a courier's own deliveries are not among them (only couriers are assigned any). */
const ALL: Permission[] = [
  'orders.view',
  'orders.create',
  'orders.contact',
  'orders.payment',
  'orders.fulfil',
  'orders.cancel',
  'accounts.recover',
  'audit.view',
  'legal.register',
  'legal.approve',
  'catalog.manage',
  'privacy.requests',
  'settings.manage',
  'staff.manage',
  'dashboard.view',
  'marketing.send',
  'analytics.view',
];

export const PERMISSIONS: Record<StaffRole, readonly Permission[]> = {
  owner: ALL,
  // A manager runs the shop day to day (settings, the dashboard) but neither reviews the audit log nor manages staff:
  // whoever gives roles could give themselves the owner's.
  manager: ALL.filter((p) => p !== 'audit.view' && p !== 'staff.manage' && p !== 'legal.approve'),
  // Support talks to customers: sees contacts, enters phone orders, helps with recovery; does not touch money.
  support: ['orders.view', 'orders.create', 'orders.contact', 'accounts.recover'],
  // Packers pack and ship; they see what to pack and where it goes, never a phone or e-mail.
  packer: ['orders.view', 'orders.fulfil'],
  // The shop's own delivery staff (HK-09, KT-01: no courier company): each sees only the orders assigned to them
  // while they are out for delivery — no order list, no order pages, nothing once delivered.
  courier: ['deliveries.own'],
  // Answers for requests from authorities: registers and decides them (never their own); no order pages, whose
  // opening reveals names and addresses.
  privacy_officer: ['legal.register', 'legal.approve'],
};

export function can(role: string, permission: Permission): boolean {
  return (PERMISSIONS[role as StaffRole] ?? []).includes(permission);
}

/** What moving an order to `to` needs: cancelling and refunding are decisions about money, the rest is fulfilment. */
export function transitionPermission(to: OrderStatus): Permission {
  if (to === 'cancelled') return 'orders.cancel';
  if (to === 'refunded') return 'orders.payment';
  return 'orders.fulfil';
}
