import type { App } from './app.ts';
import { seedCatalog } from './modules/catalog/seed.ts';
import { generatePassword } from './modules/staff/service.ts';

export interface OwnerLogin {
  username: string;
  password: string;
}

/**
 * A shop's first start: the preset's catalogue (the business's own products, with photos) and an owner account
 * with a one-time password, which the caller prints once. A shop that already has staff is left as it is.
 */
export async function setUpShop(app: App): Promise<OwnerLogin | null> {
  if ((await app.staff.count()) > 0) return null;
  await seedCatalog(app.db, app.preset, app.mediaDir);
  const password = generatePassword();
  await app.staff.create({ username: 'owner', displayName: 'Owner', role: 'owner', password });
  return { username: 'owner', password };
}
