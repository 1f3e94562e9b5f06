import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string | null;
  }
}

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Finds out once whether PostgreSQL answers. Locally a missing server skips the PostgreSQL half of the suite with a
 * visible warning; with REQUIRE_POSTGRES=1 (CI) it fails the run instead.
 */
export default async function setup(project: TestProject): Promise<void> {
  const url = process.env.TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    project.provide('postgresUrl', url);
  } catch (error) {
    if (process.env.REQUIRE_POSTGRES === '1') {
      throw new Error(`REQUIRE_POSTGRES=1 but PostgreSQL at ${url} does not answer: ${(error as Error).message}`);
    }
    process.stderr.write(
      `\n⚠ PostgreSQL at ${url} does not answer (${(error as Error).message}).\n` +
        '⚠ The PostgreSQL half of the suite is SKIPPED. Set TEST_DATABASE_URL, or REQUIRE_POSTGRES=1 to fail instead.\n\n',
    );
    project.provide('postgresUrl', null);
  } finally {
    await client.end().catch(() => {});
  }
}
