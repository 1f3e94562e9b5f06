import type { Kysely } from 'kysely';
import { SYSTEM, type TableDeclaration } from '../../privacy/datamap.ts';

export interface FulfilmentTables {
  /**
   * One row per parcel handed to a courier. Nothing personal: the recipient's details left through
   * `kernel.disclose` (registered in `disclosures`) and are not copied here.
   */
  consignments: {
    id: string;
    order_id: string;
    /** 'pathao', 'ghn' or 'manual' (courier.ts CourierProvider). */
    provider: string;
    /** The declared recipient (preset policy) the details were disclosed to. */
    recipient_id: string;
    /** The opaque merchant order id sent to the courier, which its webhooks echo. */
    ref: string;
    /** The courier's id for the parcel; null while the courier is being asked (the row is the hand-off's claim). */
    consignment_id: string | null;
    tracking_code: string | null;
    /** The shop's word for where the parcel is (courier.ts CourierStatus); only ever moves forward. */
    courier_status: string | null;
    fee_minor: number | null;
    created_at: string;
    updated_at: string;
  };
}

export const fulfilmentDataMap: TableDeclaration[] = [
  {
    table: 'consignments',
    description: 'Parcels handed to a courier: the courier’s ids and status, never the recipient’s details',
    columns: {
      id: SYSTEM('Random id'),
      order_id: SYSTEM('Order'),
      provider: SYSTEM('Courier adapter: pathao, ghn or manual'),
      recipient_id: SYSTEM('Declared recipient the delivery details were disclosed to'),
      ref: SYSTEM('Random merchant order id sent to the courier instead of the order code'),
      consignment_id: SYSTEM('The courier’s consignment id'),
      tracking_code: SYSTEM('Tracking code printed by the courier'),
      courier_status: SYSTEM('Where the parcel is, as the courier last reported'),
      fee_minor: SYSTEM('The courier’s fee'),
      created_at: SYSTEM('Time of the hand-off'),
      updated_at: SYSTEM('Last status change'),
    },
  },
];

// biome-ignore lint/suspicious/noExplicitAny: migrations run on the untyped database
export async function createConsignmentTable(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('consignments')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    // One consignment per order: a second hand-off (a double submit) fails here instead of booking a second parcel.
    .addColumn('order_id', 'varchar(36)', (c) => c.notNull().unique().references('orders.id').onDelete('cascade'))
    .addColumn('provider', 'varchar(16)', (c) => c.notNull())
    .addColumn('recipient_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('ref', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('consignment_id', 'varchar(64)')
    .addColumn('tracking_code', 'varchar(64)')
    .addColumn('courier_status', 'varchar(32)')
    .addColumn('fee_minor', 'bigint')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('consignments_courier_idx')
    .on('consignments')
    .columns(['provider', 'consignment_id'])
    .unique()
    .execute();
}
