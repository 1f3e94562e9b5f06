import type { Kysely } from 'kysely';
import { SYSTEM, type TableDeclaration } from '../../privacy/datamap.ts';

export interface CustomerTables {
  customers: {
    id: string;
    /** The data subject whose key seals this customer's fields. */
    subject_id: string;
    name_enc: string | null;
    email_enc: string | null;
    phone_enc: string | null;
    address_enc: string | null;
    email_bidx: string | null;
    phone_bidx: string | null;
    created_at: string;
  };
}

export const customerDataMap: TableDeclaration[] = [
  {
    table: 'customers',
    description: 'People who ordered or registered; every personal field sealed with their own data key',
    columns: {
      id: SYSTEM('Random id'),
      subject_id: SYSTEM('Random data-subject id (key-store reference)'),
      name_enc: {
        category: 'user.name',
        description: 'Name (HK-04, CM-01, MS-01)',
        purposes: ['order.fulfilment', 'order.billing', 'customer.support', 'order.status_updates', 'account.access'],
        retention: 'customer',
        encrypted: true,
      },
      email_enc: {
        category: 'user.contact.email',
        description: 'E-mail address (HK-04)',
        purposes: ['order.status_updates', 'customer.support', 'account.access', 'marketing.email'],
        retention: 'customer',
        encrypted: true,
      },
      phone_enc: {
        category: 'user.contact.phone_number',
        description: 'Phone number, E.164 (HK-04, MS-08)',
        purposes: ['order.fulfilment', 'order.status_updates', 'customer.support', 'account.access'],
        retention: 'customer',
        encrypted: true,
      },
      address_enc: {
        category: 'user.contact.address',
        description: 'Postal address (HK-04, MS-08)',
        purposes: ['order.fulfilment', 'order.billing', 'customer.support', 'account.access'],
        retention: 'customer',
        encrypted: true,
      },
      email_bidx: {
        category: 'user.contact.email',
        description: 'Keyed blind index of the e-mail, for look-ups without plaintext',
        purposes: ['account.access', 'customer.support'],
        retention: 'customer',
        blindIndex: true,
      },
      phone_bidx: {
        category: 'user.contact.phone_number',
        description: 'Keyed blind index of the phone, for look-ups without plaintext',
        purposes: ['account.access', 'customer.support'],
        retention: 'customer',
        blindIndex: true,
      },
      created_at: SYSTEM('Creation time'),
    },
  },
];

// biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
export async function createCustomerTables(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('customers')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('subject_id', 'varchar(36)', (c) => c.notNull().unique())
    .addColumn('name_enc', 'text')
    .addColumn('email_enc', 'text')
    .addColumn('phone_enc', 'text')
    .addColumn('address_enc', 'text')
    .addColumn('email_bidx', 'varchar(40)')
    .addColumn('phone_bidx', 'varchar(40)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('customers_email_bidx').on('customers').column('email_bidx').execute();
  await db.schema.createIndex('customers_phone_bidx').on('customers').column('phone_bidx').execute();
}
