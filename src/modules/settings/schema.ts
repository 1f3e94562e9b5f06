import type { Kysely } from 'kysely';
import { SYSTEM, type TableDeclaration } from '../../privacy/datamap.ts';

export interface SettingsTables {
  /** The history of the shop's settings: who changed which setting when, from what to what. */
  settings_changes: {
    id: string;
    at: string;
    staff_id: string;
    setting: string;
    before_value: string;
    after_value: string;
  };
}

export const settingsDataMap: TableDeclaration[] = [
  {
    table: 'settings_changes',
    description: "History of the shop's settings (the business's own published facts and rules, no customer data)",
    columns: {
      id: SYSTEM('Random id'),
      at: SYSTEM('Time of the change'),
      staff_id: SYSTEM('Staff member who changed it'),
      setting: SYSTEM('Which setting'),
      before_value: SYSTEM('JSON value before'),
      after_value: SYSTEM('JSON value after'),
    },
  },
];

// biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
export async function createSettingsTables(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('settings_changes')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('at', 'varchar(32)', (c) => c.notNull())
    .addColumn('staff_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('setting', 'varchar(64)', (c) => c.notNull())
    .addColumn('before_value', 'text', (c) => c.notNull())
    .addColumn('after_value', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('settings_changes_at_idx').on('settings_changes').column('at').execute();
}
