import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const BIN = new URL('../bin/amanat.js', import.meta.url).pathname;
const dirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'amanat-cli-'));
  dirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function run(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, cwd: tempDir() });
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

/** Starts a long-running command and resolves once its output matches, with the child to stop. */
function start(
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
): Promise<{ child: ChildProcess; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      cwd: tempDir(),
    });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`not ready: ${output}`)), 30_000);
    const onData = (d: Buffer) => {
      output += d;
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve({ child, output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
  });
}

describe('amanat command', () => {
  it('[HK-02] datamap --check passes: every column declared, every personal column with purpose and retention', async () => {
    const { code, stderr } = await run(['datamap', '--check']);
    expect(stderr).toContain('every column is declared');
    expect(code).toBe(0);
  });

  it('datamap --format fideslang writes a fideslang dataset', async () => {
    const { code, stdout } = await run(['datamap', '--format', 'fideslang']);
    expect(code).toBe(0);
    const doc = parse(stdout);
    const orders = doc.dataset[0].collections.find((c: { name: string }) => c.name === 'orders');
    const phone = orders.fields.find((f: { name: string }) => f.name === 'buyer_phone_enc');
    expect(phone.data_categories).toEqual(['user.contact.phone_number']);
    expect(doc.dataset[0].fides_key).toMatch(/^[a-z0-9_]+$/);
  });

  it('bad flags and unknown presets fail with a clear message and exit code 2', async () => {
    const [unknown, port, flag, command] = await Promise.all([
      run(['demo', '--preset', 'nonesuch']),
      run(['demo', '--port', 'eighty']),
      run(['serve', '--colour']),
      run(['frobnicate']),
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown preset "nonesuch"');
    expect(port.code).toBe(2);
    expect(port.stderr).toContain('--port must be a number');
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("Unknown option '--colour'");
    expect(command.code).toBe(2);
  });

  it('an unreachable database fails with a clear message and exit code 1', async () => {
    const { code, stderr } = await run(['serve'], {
      DATA_DIR: tempDir(),
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none',
    });
    expect(code).toBe(1);
    expect(stderr).toContain('cannot reach the database');
  });

  it('a port in use fails with a clear message and exit code 1', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const { code, stderr } = await run(['demo', '--port', String(port)], { DATA_DIR: tempDir() });
      expect(code).toBe(1);
      expect(stderr).toContain(`port ${port} is already in use`);
    } finally {
      blocker.close();
    }
  });

  it('demo serves a fresh shop, prints its URL and a one-time staff password; serve keeps secrets in a 0600 file', async () => {
    const dataDir = tempDir();
    const demo = await start(
      ['demo', '--preset', 'hatkoro', '--port', '0'],
      { DATA_DIR: dataDir },
      /one-time password "[a-z0-9-]+"/,
    );
    try {
      const url = /serving .* at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(demo.output)![1];
      const home = await fetch(url);
      expect(home.url).toBe(`${url}bn/`);
      expect(await home.text()).toContain('lang="bn-BD"');
    } finally {
      demo.child.kill('SIGTERM');
    }
    const serveDir = tempDir();
    await run(['migrate'], { DATA_DIR: serveDir });
    expect(statSync(join(serveDir, 'secrets.json')).mode & 0o777).toBe(0o600);
  });

  it('a new shop started with serve --preset gets its catalogue and an owner password once; staff add and reset print one', async () => {
    const dataDir = tempDir();
    // Without --preset an empty database gets the first-run setup page and its one-time code, and no shop.
    const setup = await start(['serve', '--port', '0'], { DATA_DIR: dataDir }, /setup code:\s+\S{24}/);
    setup.child.kill('SIGTERM');
    await new Promise((resolve) => setup.child.once('close', resolve));
    expect(setup.output).toMatch(/Open http:\/\/127\.0\.0\.1:\d+\/en\/setup/);
    const first = await start(
      ['serve', '--preset', 'khatra', '--port', '0'],
      { DATA_DIR: dataDir },
      /password "[a-z0-9-]+"/,
    );
    const url = /serving KHATRA at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(first.output)![1];
    try {
      const home = await (await fetch(`${url}vi/`)).text();
      expect(home).toContain('/vi/p/');
    } finally {
      first.child.kill('SIGTERM');
      await new Promise((resolve) => first.child.once('close', resolve));
    }
    const again = await start(['serve', '--port', '0'], { DATA_DIR: dataDir }, /serving KHATRA at/);
    again.child.kill('SIGTERM');
    await new Promise((resolve) => again.child.once('close', resolve));
    expect(again.output).not.toContain('password');
    const added = await run(['staff', 'add', '--username', 'lan', '--role', 'packer'], { DATA_DIR: dataDir });
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/Staff account "lan": one-time password "[a-z0-9-]{19}"/);
    const twice = await run(['staff', 'add', '--username', 'lan', '--role', 'packer'], { DATA_DIR: dataDir });
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('already exists');
    const badRole = await run(['staff', 'add', '--username', 'lan2', '--role', 'boss'], { DATA_DIR: dataDir });
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('--role must be one of owner, manager, support, packer');
    const reset = await run(['staff', 'reset', '--username', 'owner'], { DATA_DIR: dataDir });
    expect(reset.stdout).toMatch(/Staff account "owner": one-time password/);
    const nobody = await run(['staff', 'reset', '--username', 'nobody'], { DATA_DIR: dataDir });
    expect(nobody.code).toBe(1);
    const sweep = await run(['retention', 'run'], { DATA_DIR: dataDir });
    expect(sweep.code).toBe(0);
    expect(sweep.stdout).toContain('amanat: retention customers: 0');
    expect((await run(['retention'], { DATA_DIR: dataDir })).code).toBe(2);
  }, 240_000); // ten commands, each a fresh Node process

  it('a database URL of another kind, or a SQLite file in a missing folder, fails with a clear message', async () => {
    const mysql = await run(['migrate'], { DATA_DIR: tempDir(), DATABASE_URL: 'mysql://root@127.0.0.1/shop' });
    expect(mysql.code).toBe(1);
    expect(mysql.stderr).toContain('"mysql" databases are not supported');
    const missing = await run(['migrate'], { DATA_DIR: tempDir(), DATABASE_URL: 'sqlite:/no/such/folder/shop.db' });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('the folder /no/such/folder does not exist');
    expect(missing.stderr).not.toContain('    at ');
  });
});
