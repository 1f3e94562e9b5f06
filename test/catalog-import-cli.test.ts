import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { wooCsv, wooProduct } from './helpers/woocommerce-csv.ts';

const BIN = new URL('../bin/amanat.js', import.meta.url).pathname;

function amanat(args: string[], dataDir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // Only DATA_DIR: a DATABASE_URL in the environment must not point the command elsewhere.
    const env = { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
    const child = spawn(process.execPath, [BIN, ...args], { env, cwd: dataDir });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('amanat import woocommerce', () => {
  let dataDir: string;
  let csvFile: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'amanat-import-cli-'));
    // A shop of the khatra preset with an empty catalogue, as `amanat serve --preset khatra` leaves it.
    const app = await openApp({ config: loadConfig({ DATA_DIR: dataDir }), preset: 'khatra' });
    await app.close();
    csvFile = join(dataDir, 'wc-product-export.csv');
    writeFileSync(
      csvFile,
      wooCsv([wooProduct(1), wooProduct(2, { 'Regular price': 'abc' }), wooProduct(3, { Type: 'grouped' })]),
    );
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('a dry run reports what would happen and every row that cannot be imported, and changes nothing; then the import', async () => {
    const dry = await amanat(['import', 'woocommerce', csvFile, '--dry-run'], dataDir);
    expect(dry.stderr).toBe('');
    expect(dry.stdout).toContain(
      '3 rows: 1 would be created, 0 would be updated, 0 unchanged, 2 could not be imported',
    );
    expect(dry.stdout).toContain('row 3 (WC-00002): The regular price is not a valid amount. [abc]');
    expect(dry.stdout).toContain(
      'row 4 (WC-00003): Only simple and variable products and their variations can be imported',
    );
    expect(dry.code).toBe(1);
    const real = await amanat(['import', 'woocommerce', csvFile], dataDir);
    expect(real.stdout).toContain('3 rows: 1 created, 0 updated, 0 unchanged, 2 could not be imported');
    const again = await amanat(['import', 'woocommerce', csvFile], dataDir);
    expect(again.stdout).toContain('3 rows: 0 created, 0 updated, 1 unchanged, 2 could not be imported');
    const wrong = await amanat(['import', 'woocommerce'], dataDir);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('import woocommerce needs one CSV file');
  }, 60_000);
});
