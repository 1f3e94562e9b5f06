import { strFromU8, unzipSync } from 'fflate';
import type { ParsedMail } from 'mailparser';
import { expect } from 'vitest';
import { translate } from '../../src/i18n/translate.ts';
import type { ExportDocument } from '../../src/modules/privacy-requests/export/build.tsx';
import { FormClient } from './browser.ts';
import type { Inbox } from './mail.ts';
import { linkIn } from './mail.ts';
import type { TestShop } from './shop.ts';

export const STAFF_PASSWORD = 'correct horse battery staple';
export const CUSTOMER_PASSWORD = 'mango season in rajshahi';

export const pathOf = (link: string) => new URL(link).pathname;

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The subject of an e-mail of the request centre, as a pattern. */
export function subjectOf(
  shop: TestShop,
  key: 'code' | 'export' | 'answer',
  locale: 'en' | 'bn' | 'vi' | 'fa' = 'en',
): RegExp {
  const text = translate(locale, `dsr.mail.${key}.subject`, {
    shop: shop.app.preset.identity.name[locale],
    ref: 'REF',
  });
  return new RegExp(`^${escapeRegExp(text).replace('REF', 'DSR-[A-Z0-9]{6}')}$`);
}

export function codeIn(mail: ParsedMail): string {
  const match = /\b(\d{6})\b/.exec(mail.text ?? '');
  if (!match) throw new Error(`no code in: ${mail.text}`);
  return match[1];
}

export function exportLinkIn(mail: ParsedMail): string {
  return pathOf(linkIn(mail, '/privacy/export/'));
}

/** The two files of an export ZIP. */
export function unzipExport(zip: Uint8Array): { document: ExportDocument; html: string } {
  const files = unzipSync(zip);
  expect(Object.keys(files).sort()).toEqual(['data.json', 'index.html']);
  return {
    document: JSON.parse(strFromU8(files['data.json'])) as ExportDocument,
    html: strFromU8(files['index.html']),
  };
}

/** A staff member of the given role, signed in. */
export async function staffClient(
  shop: TestShop,
  username: string,
  role: 'owner' | 'manager' | 'support' | 'packer',
  locale = 'en',
): Promise<{ client: FormClient; id: string }> {
  const existing = await shop.app.staff.byUsername(username);
  if (!existing) await shop.app.staff.create({ username, displayName: username, role, password: STAFF_PASSWORD });
  const client = new FormClient(shop.server);
  await client.get(`/${locale}/staff/login`);
  await client.post(`/${locale}/staff/login`, { username, password: STAFF_PASSWORD });
  const staff = (await shop.app.staff.byUsername(username))!;
  return { client, id: staff.id };
}

/** Registers a customer through the form and confirms the e-mail from the inbox: a signed-in client. */
export async function registeredCustomer(
  shop: TestShop,
  inbox: Inbox,
  p: { name: string; username: string; email: string; phone: string; address: string },
): Promise<FormClient> {
  const client = new FormClient(shop.server);
  await client.get('/en/account/register');
  const subject = new RegExp(
    `^${escapeRegExp(translate('en', 'mail.confirm.subject', { shop: shop.app.preset.identity.name.en }))}$`,
  );
  const before = inbox.count(p.email, subject);
  const page = await client.post('/en/account/register', { ...p, password: CUSTOMER_PASSWORD });
  expect(page.status).toBe(200);
  const mail = await inbox.waitFor(p.email, subject, before);
  const path = pathOf(linkIn(mail, '/account/confirm/'));
  await client.get(path);
  const confirmed = await client.post(path, {});
  expect(confirmed.status).toBe(200);
  return client;
}
