import type { Kysely } from 'kysely';
import { whileSchemasAreDropped } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { SEARCH_INDEX_TABLES } from '../modules/catalog/search-index.ts';
import type { DataMap } from './datamap.ts';

/**
 * Tables owned by tools, not by the shop: they hold no personal data. The SQLite search index holds only an index of
 * `product_translations.search_text`, which the data map declares.
 */
const TOOL_TABLES = new Set(['kysely_migration', 'kysely_migration_lock', ...SEARCH_INDEX_TABLES]);

/**
 * Columns of the live database that the data map does not declare, and declared columns that do not exist. Both must
 * be empty: a column nobody declared is personal data nobody promised anything about.
 */
export async function compareWithSchema(
  db: Kysely<DB>,
  dataMap: DataMap,
  /** The PostgreSQL schema of the shop (introspection lists every schema on the server); 'public' when unset. */
  schema?: string,
): Promise<{ undeclared: string[]; missing: string[] }> {
  const tables = (await whileSchemasAreDropped(() => db.introspection.getTables())).filter(
    (t) => !t.schema || t.schema === (schema ?? 'public'),
  );
  const live = new Set<string>();
  for (const table of tables) {
    if (TOOL_TABLES.has(table.name)) continue;
    for (const column of table.columns) live.add(`${table.name}.${column.name}`);
  }
  const declared = new Set(dataMap.tables.flatMap((t) => Object.keys(t.columns).map((c) => `${t.table}.${c}`)));
  return {
    undeclared: [...live].filter((c) => !declared.has(c)).sort(),
    missing: [...declared].filter((c) => !live.has(c)).sort(),
  };
}
