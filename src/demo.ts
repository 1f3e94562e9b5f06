import type { App } from './app.ts';
import { seedCatalog } from './modules/catalog/seed.ts';
import { generatePassword } from './modules/staff/service.ts';

/** Fills a fresh demo shop: the preset's catalogue with photos, and an owner account with a one-time password. */
export async function seedDemo(app: App): Promise<{ username: string; password: string }> {
  await seedCatalog(app.db, app.preset, app.mediaDir);
  const password = generatePassword();
  await app.staff.create({ username: 'owner', displayName: 'Owner', role: 'owner', password });
  return { username: 'owner', password };
}
