import type { Kysely } from 'kysely';
import { type ColumnDeclaration, SYSTEM, type TableDeclaration } from '../../privacy/datamap.ts';

export interface AccountTables {
  accounts: {
    id: string;
    customer_id: string;
    /** Keyed blind index of the lower-cased username: sign-in looks it up without plaintext. */
    username_bidx: string;
    username_enc: string;
    password_hash: string;
    email_confirmed_at: string | null;
    phone_confirmed_at: string | null;
    marketing_email: number;
    marketing_sms: number;
    created_at: string;
  };
  /** Single-use links: e-mail confirmation, password reset, e-mail change. Only a hash of the token is stored. */
  account_tokens: {
    id: string;
    account_id: string;
    purpose: string;
    /** For an e-mail change: the new address, sealed, until it is confirmed. */
    new_value_enc: string | null;
    expires_at: string;
    used_at: string | null;
    created_at: string;
  };
  /** One-time codes sent by SMS to confirm a phone number. Only a keyed hash of the code is stored. */
  phone_codes: {
    id: string;
    account_id: string;
    code_hash: string;
    new_phone_enc: string;
    attempts: number;
    expires_at: string;
    used_at: string | null;
    created_at: string;
  };
  addresses: {
    id: string;
    account_id: string;
    address_enc: string;
    created_at: string;
  };
}

const accountField = (
  category: string,
  description: string,
  purposes: ColumnDeclaration['purposes'],
): ColumnDeclaration => ({
  category,
  description,
  purposes,
  retention: 'customer',
  encrypted: true,
});

export const accountDataMap: TableDeclaration[] = [
  {
    table: 'accounts',
    description: 'Customer accounts (HK-05): username and password give access to the customer’s own profile',
    columns: {
      id: SYSTEM('Random id'),
      customer_id: SYSTEM('The customer this account signs in as'),
      username_bidx: {
        category: 'user.account.username',
        description: 'Keyed blind index of the username',
        purposes: ['account.access'],
        retention: 'customer',
        blindIndex: true,
      },
      username_enc: accountField('user.account.username', 'Username (MS-12)', ['account.access', 'customer.support']),
      password_hash: {
        category: 'user.authorization.credentials',
        description: 'argon2id hash of the password; the password itself is never stored (KN-12)',
        purposes: ['account.access'],
        retention: 'customer',
      },
      email_confirmed_at: SYSTEM('When the e-mail was confirmed (KN-05)'),
      phone_confirmed_at: SYSTEM('When the phone was confirmed (KN-05)'),
      marketing_email: SYSTEM('Unused since 0012: news by e-mail lives in marketing_subscriptions (double opt-in)'),
      marketing_sms: SYSTEM('Unused since 0012: news by SMS lives in marketing_subscriptions (double opt-in)'),
      created_at: SYSTEM('Registration time'),
    },
  },
  {
    table: 'account_tokens',
    description: 'Single-use confirmation and reset links (hash of the token only)',
    columns: {
      id: SYSTEM('SHA-256 of the token sent by e-mail'),
      account_id: SYSTEM('Account'),
      purpose: SYSTEM('confirm_email, reset_password or change_email'),
      new_value_enc: accountField('user.contact.email', 'A new e-mail address waiting for confirmation (KN-05)', [
        'account.access',
      ]),
      expires_at: SYSTEM('Expiry (1 hour for reset, 24 hours for confirmation)'),
      used_at: SYSTEM('When it was used; a used link never works again'),
      created_at: SYSTEM('Creation time'),
    },
  },
  {
    table: 'phone_codes',
    description: 'One-time SMS codes confirming a phone number (keyed hash of the code only)',
    columns: {
      id: SYSTEM('Random id'),
      account_id: SYSTEM('Account'),
      code_hash: SYSTEM('Keyed hash of the six-digit code'),
      new_phone_enc: accountField('user.contact.phone_number', 'The phone number being confirmed (KN-05)', [
        'account.access',
      ]),
      attempts: SYSTEM('Wrong attempts so far (at most 5)'),
      expires_at: SYSTEM('Expiry (10 minutes)'),
      used_at: SYSTEM('When it was used'),
      created_at: SYSTEM('Creation time'),
    },
  },
  {
    table: 'addresses',
    description: 'The customer’s address book (HK-12)',
    columns: {
      id: SYSTEM('Random id'),
      account_id: SYSTEM('Account'),
      address_enc: accountField('user.contact.address', 'A saved delivery address', [
        'order.fulfilment',
        'customer.support',
      ]),
      created_at: SYSTEM('Creation time'),
    },
  },
];

// biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
export async function createAccountTables(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('accounts')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('customer_id', 'varchar(36)', (c) => c.notNull().unique().references('customers.id'))
    .addColumn('username_bidx', 'varchar(40)', (c) => c.notNull().unique())
    .addColumn('username_enc', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('email_confirmed_at', 'varchar(32)')
    .addColumn('phone_confirmed_at', 'varchar(32)')
    .addColumn('marketing_email', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('marketing_sms', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('account_tokens')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('account_id', 'varchar(36)', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('purpose', 'varchar(32)', (c) => c.notNull())
    .addColumn('new_value_enc', 'text')
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('used_at', 'varchar(32)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('phone_codes')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('account_id', 'varchar(36)', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('code_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('new_phone_enc', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('used_at', 'varchar(32)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('addresses')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('account_id', 'varchar(36)', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('address_enc', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('addresses_account_idx').on('addresses').column('account_id').execute();
  // Sessions learn who is signed in, from what kind of device, and when they were last used (HK-13).
  await db.schema.alterTable('sessions').addColumn('account_id', 'varchar(36)').execute();
  await db.schema.alterTable('sessions').addColumn('device', 'varchar(80)').execute();
  await db.schema.alterTable('sessions').addColumn('last_seen_at', 'varchar(32)').execute();
  await db.schema.createIndex('sessions_account_idx').on('sessions').column('account_id').execute();
}
