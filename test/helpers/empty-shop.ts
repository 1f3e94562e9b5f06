import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import type { OpenOptions } from '../../src/app.ts';
import { randomSecrets } from '../../src/config.ts';
import type { Mailer } from '../../src/notify/mailer.ts';
import { DevSmsSink } from '../../src/notify/sms.ts';
import type { DialectName } from './shop.ts';

/** An empty shop's database: a SQLite file in a temporary folder, or a PostgreSQL schema of its own. */
export function emptyShop(
  dialect: DialectName,
  options: { publicUrl?: string; mailer?: Mailer } = {},
): { open: OpenOptions; drop(): Promise<void> } {
  const dataDir = mkdtempSync(join(tmpdir(), 'amanat-setup-'));
  const postgresUrl = inject('postgresUrl');
  const schema = dialect === 'postgres' ? `t_${randomBytes(6).toString('hex')}` : undefined;
  const url = dialect === 'postgres' ? postgresUrl! : `sqlite:${dataDir}/amanat.db`;
  const keys = dialect === 'postgres' ? postgresUrl! : `sqlite:${dataDir}/keys.db`;
  return {
    open: {
      config: { databaseUrl: url, keystoreUrl: keys, dataDir, secrets: randomSecrets() },
      schema,
      sms: new DevSmsSink(),
      publicUrl: options.publicUrl ?? 'http://localhost',
      mailer: options.mailer,
      gateways: {},
    },
    async drop() {
      if (schema) {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query(`drop schema if exists ${schema} cascade; drop schema if exists ${schema}_keys cascade`);
        await client.end();
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The setup form as a new Persian shop fills it: Persian digits in the phone and the fee. */
export const PERSIAN_SHOP = {
  preset: 'khakriz',
  name: 'ابزار امید',
  legal_name: 'شرکت ابزار امید',
  address: 'اصفهان، خیابان چهارباغ، پلاک ۱۲',
  phone: '۰۳۱۳۲۲۲۴۴۵۵',
  email: 'info@abzar-omid.ir',
  website: 'abzar-omid.ir',
  country: 'IR',
  currency: 'IRR',
  storefront: 'shop',
  intro: 'ابزار امید ابزار دستی و برقی را به سراسر ایران می‌فرستد.',
  sample_catalogue: '1',
  methods: ['cod', 'bank_transfer'],
  instructions_bank_transfer: 'به شماره شبای IR000000000000000000000001 واریز کنید.',
  delivery_fee: '۵۰۰۰۰۰',
  owner_name: 'امید رضایی',
  owner_username: 'omid',
  password: 'a long and private passphrase',
  password_confirm: 'a long and private passphrase',
};
