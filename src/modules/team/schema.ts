import type { Kysely } from 'kysely';
import { SYSTEM, type TableDeclaration } from '../../privacy/datamap.ts';

export interface TeamTables {
  /** Invitations to join the staff by e-mail, each with the role it gives (single use, expiring). */
  staff_invitations: {
    id: string;
    /** SHA-256 of the link's token: the database alone cannot be turned into a working link. */
    token_hash: string;
    /** The data subject whose key seals the invitation e-mail in the outbox (the address is stored nowhere else). */
    subject_id: string;
    display_name: string;
    role: string;
    locale: string;
    invited_by: string;
    created_at: string;
    expires_at: string;
    accepted_at: string | null;
    revoked_at: string | null;
    /** The staff account the invitation became. */
    staff_id: string | null;
  };
}

export const teamDataMap: TableDeclaration[] = [
  {
    table: 'staff_invitations',
    description: 'Invitations of new staff members by e-mail; the address itself travels only in the sealed outbox',
    subjects: 'staff',
    columns: {
      id: SYSTEM('Random id'),
      token_hash: SYSTEM('SHA-256 of the single-use link token'),
      subject_id: SYSTEM('Data subject of the sealed invitation e-mail'),
      display_name: {
        category: 'user.name',
        description: 'Name of the invited staff member, shown to the owner until they join',
        purposes: ['account.access'],
        retention: 'permanent',
      },
      role: SYSTEM('Role the invitation gives'),
      locale: SYSTEM('Language of the invitation'),
      invited_by: SYSTEM('Staff member who invited'),
      created_at: SYSTEM('Creation time'),
      expires_at: SYSTEM('Expiry of the link'),
      accepted_at: SYSTEM('When the link was used'),
      revoked_at: SYSTEM('When the invitation was withdrawn'),
      staff_id: SYSTEM('Staff account created from it'),
    },
  },
];

// biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
export async function createTeamTables(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('staff_invitations')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('subject_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('role', 'varchar(16)', (c) => c.notNull())
    .addColumn('locale', 'varchar(8)', (c) => c.notNull())
    .addColumn('invited_by', 'varchar(36)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('accepted_at', 'varchar(32)')
    .addColumn('revoked_at', 'varchar(32)')
    .addColumn('staff_id', 'varchar(36)')
    .execute();
}
