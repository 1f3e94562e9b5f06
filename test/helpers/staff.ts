import { randomUUID } from 'node:crypto';
import type { Locale } from '../../src/i18n/locales.ts';
import type { StaffRole } from '../../src/modules/staff/permissions.ts';
import { FormClient } from './browser.ts';
import type { TestShop } from './shop.ts';

/** A new staff member of a role, signed in through the staff login page. */
export interface SignedInStaff {
  client: FormClient;
  id: string;
  name: string;
  /** The page the sign-in landed on. */
  landing: { status: number; body: string };
}

/** Creates a staff member with a fresh username and signs them in, in the page language given. */
export async function signInNewStaff(
  shop: TestShop,
  role: StaffRole,
  name: string,
  password: string,
  locale: Locale = 'en',
): Promise<SignedInStaff> {
  const username = `${role}-${randomUUID().slice(0, 8)}`;
  const staff = await shop.app.staff.create({ username, displayName: name, role, password });
  const client = new FormClient(shop.server);
  await client.get(`/${locale}/staff/login`);
  const landing = await client.post(`/${locale}/staff/login`, { username, password });
  return { client, id: staff.id, name, landing };
}
