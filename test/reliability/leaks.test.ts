import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, expect, inject, it } from 'vitest';
import { filesIn, records, runDir, writeFigures } from './helpers/run.ts';
import { LeakFinder } from './helpers/scan.ts';

const RESULTS = new URL('../../bench/results/reliability.json', import.meta.url);

afterAll(async () => {
  const base = inject('postgresUrl');
  if (base) {
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    for (const r of records()) {
      if (r.kind === 'postgres')
        await admin.query(`drop database if exists ${new URL(r.url).pathname.slice(1)} with (force)`);
    }
    await admin.end();
  }
  rmSync(runDir(), { recursive: true, force: true });
});

/** Issue 7, reliability 5: what the whole suite left behind, scanned for the people it typed in. */
it('[HK-16] [CM-03] after the whole suite, no test customer’s name, phone (national, E.164, Bengali digits), e-mail or address is in the clear in the logs, the databases or the backups', async () => {
  const people = records().flatMap((r) => (r.kind === 'people' ? r.people : []));
  expect(people.length).toBeGreaterThan(100);
  // The scanner finds what it looks for: a phone in E.164 and a name, planted.
  const control = new LeakFinder([people[0]]);
  control.scan('control', `{"to":"+88${people[0].phone}","name":"${people[0].name}"}`);
  expect(control.hits).toHaveLength(2);

  const finder = new LeakFinder(people);
  const logs = filesIn('logs');
  for (const file of logs) for (const line of readFileSync(file, 'utf8').split('\n')) finder.scan(file, line);
  for (const file of filesIn('shops').filter((f) => /\.db(-wal)?$/.test(f))) {
    finder.scan(file, readFileSync(file).toString('latin1'));
    if (file.endsWith('.db')) finder.scanSqlite(file, file);
  }
  const databases = records().flatMap((r) => (r.kind === 'postgres' ? [r.url] : []));
  for (const url of databases) await finder.scanPostgres(url, url, ['public', 'amanat_keys']);
  const backups = filesIn('backups').filter((f) => /\.(sqlite|pgdump)$/.test(f));
  for (const file of backups) {
    if (file.endsWith('.sqlite')) {
      finder.scan(file, readFileSync(file).toString('latin1'));
      finder.scanSqlite(file, file);
    } else {
      const { stdout } = await promisify(execFile)('pg_restore', ['--file=-', file], { maxBuffer: 256 * 1024 * 1024 });
      for (const line of stdout.split('\n')) finder.scan(file, line);
    }
  }
  expect(finder.hits.slice(0, 20)).toEqual([]);
  expect(logs.length).toBeGreaterThan(0);
  expect(backups.length).toBeGreaterThan(0);

  const routes = records().flatMap((r) =>
    r.kind === 'figures' ? Object.entries(r.figures).flatMap(([k, v]) => (/^fuzz_.*_routes$/.test(k) ? [v] : [])) : [],
  );
  const figures = writeFigures(RESULTS.pathname, {
    routes_fuzzed: Math.max(0, ...routes),
    leak_scan_people: people.length,
    leak_scan_values_scanned: finder.valuesScanned,
    leak_scan_log_files: logs.length,
    leak_scan_postgres_databases: databases.length,
    leak_scan_backup_files: backups.length,
    leak_scan_hits: finder.hits.length,
  });
  process.stdout.write(`reliability figures: ${JSON.stringify(figures)}\n`);
});
