import type { Kysely } from 'kysely';
import { SYSTEM, type TableDeclaration } from '../../privacy/datamap.ts';

export interface StaffTables {
  staff_users: {
    id: string;
    username: string;
    display_name: string;
    password_hash: string;
    role: string;
    disabled: number;
    created_at: string;
  };
  /** Server-side sessions of visitors and staff: the one essential cookie holds only a random token. */
  sessions: {
    /** SHA-256 of the cookie token: a stolen database cannot be replayed as cookies. */
    id: string;
    staff_id: string | null;
    /** The signed-in customer account, if any. */
    account_id: string | null;
    /** A coarse description of the browser ("Chrome on Android"), shown in the customer's session list (HK-13). */
    device: string | null;
    last_seen_at: string | null;
    /** JSON: the cart and the form state of this visitor; no personal data by rule. */
    data: string;
    created_at: string;
    expires_at: string;
  };
}

export const staffDataMap: TableDeclaration[] = [
  {
    table: 'staff_users',
    description: 'Staff accounts (employees of the shop)',
    subjects: 'staff',
    columns: {
      id: SYSTEM('Random id'),
      username: {
        category: 'user.account.username',
        description: 'Staff sign-in name',
        purposes: ['account.access', 'security.fraud_prevention'],
        retention: 'permanent',
      },
      display_name: {
        category: 'user.name',
        description: 'Staff name shown in the order history',
        purposes: ['account.access', 'customer.support'],
        retention: 'permanent',
      },
      password_hash: {
        category: 'user.authorization.credentials',
        description: 'argon2id hash of the password; the password itself is never stored (KN-12)',
        purposes: ['account.access'],
        retention: 'permanent',
      },
      role: SYSTEM('owner or staff'),
      disabled: SYSTEM('Deactivated account'),
      created_at: SYSTEM('Creation time'),
    },
  },
  {
    table: 'sessions',
    description: 'Server-side sessions behind the one essential cookie (CM-12)',
    columns: {
      id: SYSTEM('SHA-256 of the random session token'),
      staff_id: SYSTEM('Signed-in staff account'),
      account_id: SYSTEM('Signed-in customer account'),
      device: {
        category: 'user.device',
        description: 'Browser and system family, so the customer can recognise their sessions (HK-13)',
        purposes: ['account.access', 'security.fraud_prevention'],
        retention: 'session',
      },
      last_seen_at: SYSTEM('Last use, for idle expiry'),
      data: {
        category: 'user.behavior.browsing_history',
        description: 'The cart of this visitor; no name, phone, e-mail or address by rule',
        purposes: ['order.fulfilment', 'security.fraud_prevention'],
        retention: 'session',
      },
      created_at: SYSTEM('Creation time'),
      expires_at: SYSTEM('Expiry'),
    },
  },
];

// biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
export async function createStaffTables(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('staff_users')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('username', 'varchar(100)', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'varchar(16)', (c) => c.notNull())
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('sessions')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('staff_id', 'varchar(36)', (c) => c.references('staff_users.id').onDelete('cascade'))
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_expires_idx').on('sessions').column('expires_at').execute();
}
