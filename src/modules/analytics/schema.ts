import type { Kysely } from 'kysely';
import { type ColumnDeclaration, SYSTEM, type TableDeclaration } from '../../privacy/datamap.ts';

export interface AnalyticsTables {
  /**
   * Page views per day (in the shop's calendar) and path, counted on the server (HK-10, MS-04): how many views and
   * how many distinct visitors. No IP, no cookie, no customer or session id: a visitor is told apart only within one
   * day, by a salted hash kept in memory whose salt is discarded at the end of the day. `*` is the whole site.
   */
  analytics_daily: {
    day: string;
    path: string;
    views: number;
    uniques: number;
  };
}

/**
 * The counts are what the shop improves its service and the site's content by, and learns what customers look for
 * (MS-05, KN-08, CM-10): the only data that serves `service.improvement`, and none of it personal.
 */
const statistic = (description: string): ColumnDeclaration => ({
  ...SYSTEM(description),
  purposes: ['service.improvement'],
});

export const analyticsDataMap: TableDeclaration[] = [
  {
    table: 'analytics_daily',
    description: 'Page views and distinct visitors per day and path; no IP, cookie, customer or session id (HK-10)',
    columns: {
      day: SYSTEM('The day, in the shop’s time zone'),
      path: SYSTEM('The public page (no query string), or * for the whole site'),
      views: statistic('Page views'),
      uniques: statistic(
        'Distinct visitors that day (network and browser family, hashed with a salt of that day only)',
      ),
    },
  },
];

// biome-ignore lint/suspicious/noExplicitAny: migrations run on the untyped database
export async function createAnalyticsTables(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('analytics_daily')
    .addColumn('day', 'varchar(10)', (c) => c.notNull())
    .addColumn('path', 'varchar(200)', (c) => c.notNull())
    .addColumn('views', 'integer', (c) => c.notNull())
    .addColumn('uniques', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('analytics_daily_pk', ['day', 'path'])
    .execute();
}
