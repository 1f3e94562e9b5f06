import type { Kysely } from 'kysely';
import { SYSTEM, type TableDeclaration } from '../../privacy/datamap.ts';

export interface PolicyTables {
  /** Every version of the published privacy policy, as it was in force (CM-18, MS-11). */
  policy_versions: {
    /** Random id, used in the history page's URL. */
    id: string;
    /** 1, 2, 3 …: the order of versions (never in a URL). */
    number: number;
    effective_at: string;
    /** SHA-256 of the snapshot: a start with the same policy records nothing. */
    content_hash: string;
    /** The PolicySnapshot (JSON): what the policy said. */
    snapshot: string;
    /** The PolicyChange list (JSON): what changed from the version before. */
    changes: string;
  };
  /** The last policy version each signed-in customer was told about, so the notice of a change shows once. */
  policy_notices_seen: {
    account_id: string;
    version_number: number;
    seen_at: string;
  };
}

export const policyDataMap: TableDeclaration[] = [
  {
    table: 'policy_versions',
    description: 'Published versions of the privacy policy (public text, no personal data)',
    columns: {
      id: SYSTEM('Random id'),
      number: SYSTEM('Version number'),
      effective_at: SYSTEM('When the version took effect'),
      content_hash: SYSTEM('Hash of the policy content'),
      snapshot: SYSTEM('What the policy said'),
      changes: SYSTEM('What changed from the version before'),
    },
  },
  {
    table: 'policy_notices_seen',
    description: 'Which policy version a customer account has been told about',
    columns: {
      account_id: SYSTEM('The customer account (a random id)'),
      version_number: SYSTEM('The last version shown'),
      seen_at: SYSTEM('When it was shown'),
    },
  },
];

// biome-ignore lint/suspicious/noExplicitAny: migrations run on the untyped database
export async function createPolicyTables(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('policy_versions')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('number', 'integer', (c) => c.notNull().unique())
    .addColumn('effective_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('content_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('changes', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('policy_notices_seen')
    .addColumn('account_id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('version_number', 'integer', (c) => c.notNull())
    .addColumn('seen_at', 'varchar(32)', (c) => c.notNull())
    .execute();
}
