import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { TestPerson } from './run.ts';

/**
 * Finds the test people's values in text. Every generated name, e-mail and address carries "zeltani" or "Xylo Lane",
 * so one pattern finds them all; phones are matched by their ten national digits, which cover the national form
 * (019…), E.164 (+88019…) and the same digits typed in Bengali or Persian.
 */
export class LeakFinder {
  private readonly phones: Set<string>;
  readonly hits: { where: string; value: string }[] = [];
  valuesScanned = 0;

  constructor(people: TestPerson[]) {
    this.phones = new Set(people.map((p) => p.phone.slice(1)));
  }

  scan(where: string, text: string): void {
    this.valuesScanned++;
    const latin = text
      .replace(/[০-৯]/g, (d) => String(d.charCodeAt(0) - 0x09e6))
      .replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0));
    for (const m of latin.matchAll(/zeltani[^\s"',;<]{0,40}|xylo lane[^"',;<]{0,20}/gi)) {
      this.hits.push({ where, value: m[0] });
    }
    for (const m of latin.matchAll(/\d{10,}/g)) {
      for (const phone of this.phones) if (m[0].includes(phone)) this.hits.push({ where, value: phone });
    }
  }

  /** Every text value of every table of a SQLite file (blobs are ciphertext or images, scanned as bytes elsewhere). */
  scanSqlite(where: string, file: string): void {
    const db = new SQLite(file, { readonly: true, fileMustExist: true });
    try {
      const tables = db.prepare("select name from sqlite_master where type = 'table'").pluck().all() as string[];
      for (const table of tables) {
        for (const row of db.prepare(`select * from "${table}"`).iterate() as Iterable<Record<string, unknown>>) {
          for (const [column, value] of Object.entries(row)) {
            if (typeof value === 'string') this.scan(`${where} ${table}.${column}`, value);
          }
        }
      }
    } finally {
      db.close();
    }
  }

  /** Every text-like column of every table in the given schemas of a PostgreSQL database, read as text. */
  async scanPostgres(where: string, url: string, schemas: string[]): Promise<void> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const columns = await client.query<{ table_schema: string; table_name: string; column_name: string }>(
        `select table_schema, table_name, column_name from information_schema.columns
         where table_schema = any($1) and data_type in ('text', 'character varying', 'character', 'json', 'jsonb')`,
        [schemas],
      );
      for (const c of columns.rows) {
        const values = await client.query<{ v: string | null }>(
          `select "${c.column_name}"::text as v from "${c.table_schema}"."${c.table_name}"`,
        );
        for (const { v } of values.rows) if (v !== null) this.scan(`${where} ${c.table_name}.${c.column_name}`, v);
      }
    } finally {
      await client.end();
    }
  }
}
