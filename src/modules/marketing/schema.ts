import type { Kysely } from 'kysely';
import { SYSTEM, type TableDeclaration } from '../../privacy/datamap.ts';

export interface MarketingTables {
  /**
   * Asking for news and offers (HK-14, KT-06, KN-09): one row per request, pending until the customer confirms it
   * from the link sent to that very address (double opt-in), withdrawn by one click. Only confirmed rows are sent to.
   */
  marketing_subscriptions: {
    id: string;
    subject_id: string;
    /** 'email' or 'sms'. */
    channel: string;
    /** The e-mail address or phone number, sealed; removed when the subscription is withdrawn. */
    address_enc: string | null;
    locale: string;
    /** Where it was asked for: 'registration', 'account' or 'checkout'. */
    source: string;
    /** 'pending', 'confirmed' or 'withdrawn'. */
    status: string;
    requested_at: string;
    requested_policy_version: number;
    /** SHA-256 of the confirmation token; the token itself is only in the message sent. */
    confirm_token_hash: string | null;
    confirm_expires_at: string | null;
    confirmed_at: string | null;
    confirmed_policy_version: number | null;
    withdrawn_at: string | null;
    /** 'one_click' (RFC 8058), 'link', 'account', 'request' (a data-subject request) … */
    withdrawn_how: string | null;
  };
  /** Campaigns staff sent to confirmed subscribers; the text is the shop's, not anyone's personal data. */
  marketing_campaigns: {
    id: string;
    channel: string;
    subject: string;
    body: string;
    sent_by: string;
    created_at: string;
    recipients: number;
  };
}

export const marketingDataMap: TableDeclaration[] = [
  {
    table: 'marketing_subscriptions',
    description: 'Requests for news and offers by e-mail or SMS, confirmed by double opt-in (HK-14, KN-09)',
    columns: {
      id: SYSTEM('Random id; with an HMAC it forms the unsubscribe link'),
      subject_id: SYSTEM('Whose data key seals the address'),
      channel: SYSTEM('email or sms'),
      address_enc: {
        category: 'user.contact',
        description: 'Where news and offers go: the e-mail address or phone number that was confirmed',
        purposes: ['marketing.email'],
        retention: 'customer',
        encrypted: true,
      },
      locale: SYSTEM('Language of the messages'),
      source: SYSTEM('Where it was asked for'),
      status: SYSTEM('pending, confirmed or withdrawn'),
      requested_at: SYSTEM('When it was asked for'),
      requested_policy_version: SYSTEM('Policy version in force when asked'),
      confirm_token_hash: SYSTEM('SHA-256 of the confirmation token'),
      confirm_expires_at: SYSTEM('When the confirmation link expires'),
      confirmed_at: SYSTEM('When it was confirmed'),
      confirmed_policy_version: SYSTEM('Policy version in force when confirmed'),
      withdrawn_at: SYSTEM('When it was withdrawn'),
      withdrawn_how: SYSTEM('How it was withdrawn'),
    },
  },
  {
    table: 'marketing_campaigns',
    description: 'Campaigns sent to confirmed subscribers',
    columns: {
      id: SYSTEM('Random id'),
      channel: SYSTEM('email or sms'),
      subject: SYSTEM('The subject the shop wrote'),
      body: SYSTEM('The text the shop wrote'),
      sent_by: SYSTEM('The staff member who sent it'),
      created_at: SYSTEM('When'),
      recipients: SYSTEM('How many confirmed subscribers it went to'),
    },
  },
];

// biome-ignore lint/suspicious/noExplicitAny: migrations run on the untyped database
export async function createMarketingTables(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('marketing_subscriptions')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('subject_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('channel', 'varchar(8)', (c) => c.notNull())
    .addColumn('address_enc', 'text')
    .addColumn('locale', 'varchar(8)', (c) => c.notNull())
    .addColumn('source', 'varchar(16)', (c) => c.notNull())
    .addColumn('status', 'varchar(12)', (c) => c.notNull())
    .addColumn('requested_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('requested_policy_version', 'integer', (c) => c.notNull())
    .addColumn('confirm_token_hash', 'varchar(64)', (c) => c.unique())
    .addColumn('confirm_expires_at', 'varchar(32)')
    .addColumn('confirmed_at', 'varchar(32)')
    .addColumn('confirmed_policy_version', 'integer')
    .addColumn('withdrawn_at', 'varchar(32)')
    .addColumn('withdrawn_how', 'varchar(16)')
    .execute();
  await db.schema
    .createIndex('marketing_subscriptions_subject_idx')
    .on('marketing_subscriptions')
    .columns(['subject_id', 'channel'])
    .execute();
  await db.schema
    .createIndex('marketing_subscriptions_status_idx')
    .on('marketing_subscriptions')
    .columns(['channel', 'status'])
    .execute();
  await db.schema
    .createTable('marketing_campaigns')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('channel', 'varchar(8)', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('sent_by', 'varchar(36)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('recipients', 'integer', (c) => c.notNull())
    .execute();
}
