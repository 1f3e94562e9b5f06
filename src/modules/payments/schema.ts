import type { Kysely } from 'kysely';
import { SYSTEM, type TableDeclaration } from '../../privacy/datamap.ts';

export interface PaymentTables {
  /**
   * One attempt to pay an order online. Only what CM-03 allows is kept: the status, the amount and currency, and the
   * gateway's references — never a card number, a payer's account or phone, or an IP address.
   */
  payment_attempts: {
    /** Random, 20 letters and digits: fits every gateway's reference field, and is the token in our callback URLs. */
    id: string;
    order_id: string;
    gateway: string;
    gateway_ref: string | null;
    gateway_txn_id: string | null;
    amount_minor: number;
    currency: string;
    /** pending, paid, failed, cancelled, expired or review. */
    status: string;
    /** The gateway's own result code of the last report (for staff and logs; not personal). */
    code: string | null;
    /** Paid after the shop had given the attempt up: the money has to go back (1), else 0. */
    orphaned_payment: number;
    created_at: string;
    updated_at: string;
  };
}

export const paymentDataMap: TableDeclaration[] = [
  {
    table: 'payment_attempts',
    description: 'Online payment attempts: status, amount and the gateway’s references only (CM-03)',
    columns: {
      id: SYSTEM('Random attempt id, also the token in the gateway’s callback URLs'),
      order_id: SYSTEM('Order'),
      gateway: SYSTEM('sslcommerz, bkash, vnpay, momo or zarinpal'),
      gateway_ref: SYSTEM('The gateway’s reference of the payment session'),
      gateway_txn_id: SYSTEM('The gateway’s transaction id'),
      amount_minor: SYSTEM('Amount in minor units'),
      currency: SYSTEM('Currency'),
      status: SYSTEM('Outcome so far'),
      code: SYSTEM('Gateway result code'),
      orphaned_payment: SYSTEM('Paid after being given up: to refund'),
      created_at: SYSTEM('Time'),
      updated_at: SYSTEM('Time of the last change'),
    },
  },
];

// biome-ignore lint/suspicious/noExplicitAny: migrations run on the untyped database
export async function createPaymentTables(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('payment_attempts')
    .addColumn('id', 'varchar(30)', (c) => c.primaryKey())
    .addColumn('order_id', 'varchar(36)', (c) => c.notNull().references('orders.id'))
    .addColumn('gateway', 'varchar(20)', (c) => c.notNull())
    .addColumn('gateway_ref', 'varchar(100)')
    .addColumn('gateway_txn_id', 'varchar(100)')
    .addColumn('amount_minor', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'varchar(3)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('code', 'varchar(40)')
    .addColumn('orphaned_payment', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('payment_attempts_ref_unique', ['gateway', 'gateway_ref'])
    .execute();
  await db.schema.createIndex('payment_attempts_order_idx').on('payment_attempts').column('order_id').execute();
}
