import type { Kysely } from 'kysely';
import { SYSTEM, type TableDeclaration } from '../../privacy/datamap.ts';

export interface ConsentTables {
  /**
   * Consent to non-essential cookies (CM-12): what was agreed to, when, under which policy version, how it was given
   * and how it was withdrawn. A new answer withdraws the one before. No IP, no device, no session id.
   */
  consent_records: {
    /** Random id; the visitor's consent cookie carries it, signed. */
    id: string;
    /** The customer's data subject when a signed-in customer answered; null for a visitor. */
    subject_id: string | null;
    /** JSON: each enabled feature and whether it was agreed to (`{"remember_language":false}`). */
    choices: string;
    policy_version: number;
    /** 'banner', 'settings' or 'gpc' (the browser's Global Privacy Control, a refusal). */
    given_how: string;
    given_at: string;
    withdrawn_at: string | null;
    /** 'banner', 'settings' or 'gpc'. */
    withdrawn_how: string | null;
  };
}

export const consentDataMap: TableDeclaration[] = [
  {
    table: 'consent_records',
    description: 'Answers to the cookie consent banner (CM-12): what, when, which policy version, how',
    columns: {
      id: SYSTEM('Random id, carried signed in the essential consent cookie'),
      subject_id: SYSTEM('The data subject of a signed-in customer who answered (a random id)'),
      choices: SYSTEM('The features agreed to or refused'),
      policy_version: SYSTEM('The policy version in force'),
      given_how: SYSTEM('How the answer was given'),
      given_at: SYSTEM('When'),
      withdrawn_at: SYSTEM('When it was withdrawn or replaced'),
      withdrawn_how: SYSTEM('How it was withdrawn'),
    },
  },
];

// biome-ignore lint/suspicious/noExplicitAny: migrations run on the untyped database
export async function createConsentTables(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('consent_records')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('subject_id', 'varchar(36)')
    .addColumn('choices', 'text', (c) => c.notNull())
    .addColumn('policy_version', 'integer', (c) => c.notNull())
    .addColumn('given_how', 'varchar(16)', (c) => c.notNull())
    .addColumn('given_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('withdrawn_at', 'varchar(32)')
    .addColumn('withdrawn_how', 'varchar(16)')
    .execute();
  await db.schema.createIndex('consent_records_subject_idx').on('consent_records').column('subject_id').execute();
}
