/**
 * Child processes of the benchmark (the shop server, the node:http baseline, the Vendure peer): started with
 * `node --import tsx` (or plain `node` for the peer's CommonJS), each prints `{"port":N}` once listening. Every child is tracked so that it is killed however the benchmark ends.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface Child {
  pid: number;
  port: number;
  /** Resident set size of the child now, from /proc/<pid>/status (VmRSS), in MiB. */
  rssMb(): number;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

const running = new Set<ChildProcess>();

export interface ChildOptions {
  nodeArgs?: string[];
  /** Load tsx (default): false for plain JavaScript that must not go through it (the Vendure peer). */
  tsx?: boolean;
  /** Working directory (default: the repository root, which `script` is relative to). */
  cwd?: string;
  env?: Record<string, string>;
  /** How long the child may take to print its port (default 60 s). */
  startTimeoutMs?: number;
}

export async function startChild(script: string, args: string[], options: ChildOptions = {}): Promise<Child> {
  const tsx = options.tsx === false ? [] : ['--import', 'tsx'];
  const startTimeoutMs = options.startTimeoutMs ?? 60_000;
  const proc = spawn(process.execPath, [...(options.nodeArgs ?? []), ...tsx, script, ...args], {
    cwd: options.cwd ?? ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env, NODE_ENV: 'production' },
  });
  running.add(proc);
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  void exited.then(() => running.delete(proc));
  let stderr = '';
  proc.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const port = await new Promise<number>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(
      () => reject(new Error(`${script} did not start within ${startTimeoutMs / 1000} s\n${stderr}`)),
      startTimeoutMs,
    );
    proc.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = /^\{"port":(\d+)\}$/m.exec(stdout);
      if (line) {
        clearTimeout(timer);
        resolve(Number(line[1]));
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before listening\n${stderr}`));
    });
  });
  const pid = proc.pid!;
  return {
    pid,
    port,
    rssMb() {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? Number.NaN);
      return kb / 1024;
    },
    async stop(graceMs = 15_000) {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Kills every child still running, at once (for `process.on('exit')`, where nothing can be awaited). */
export function killAllChildren(): void {
  for (const proc of running) {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  }
  running.clear();
}
