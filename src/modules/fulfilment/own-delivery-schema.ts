import type { Kysely } from 'kysely';
import { SYSTEM, type TableDeclaration } from '../../privacy/datamap.ts';

export interface OwnDeliveryTables {
  /**
   * Which of the shop's own couriers carries an order, in a shop that names no courier company (HK-09, KT-01).
   * Nothing personal: the courier reads the recipient's details through the kernel while the delivery is theirs.
   */
  delivery_assignments: {
    /** One courier per order: a second assignment (a double submit) fails here. */
    order_id: string;
    /** The staff member (role courier) who delivers it. */
    staff_id: string;
    assigned_at: string;
    /** When the courier marked it delivered; from then on it is no longer theirs to see. */
    delivered_at: string | null;
  };
}

export const ownDeliveryDataMap: TableDeclaration[] = [
  {
    table: 'delivery_assignments',
    description:
      'Orders given to one of the shop’s own couriers: who carries which order, never the recipient’s details',
    columns: {
      order_id: SYSTEM('Order'),
      staff_id: SYSTEM('The courier (a staff account) who delivers it'),
      assigned_at: SYSTEM('When the order was given to the courier'),
      delivered_at: SYSTEM('When the courier marked it delivered; the courier’s access ends then'),
    },
  },
];

// biome-ignore lint/suspicious/noExplicitAny: migrations run on the untyped database
export async function createDeliveryAssignmentTable(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('delivery_assignments')
    .addColumn('order_id', 'varchar(36)', (c) => c.primaryKey().references('orders.id').onDelete('cascade'))
    .addColumn('staff_id', 'varchar(36)', (c) => c.notNull().references('staff_users.id'))
    .addColumn('assigned_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('delivered_at', 'varchar(32)')
    .execute();
  // A courier's list: their deliveries not yet delivered.
  await db.schema
    .createIndex('delivery_assignments_staff_idx')
    .on('delivery_assignments')
    .columns(['staff_id', 'delivered_at'])
    .execute();
}
