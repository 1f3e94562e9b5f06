/**
 * How busy the machine is apart from the benchmark. On a shared 2-core machine another process (a test run, a
 * browser) halves every figure; each measurement therefore records how much CPU went to processes outside the
 * benchmark's own process tree (PostgreSQL counted apart: the PostgreSQL checkout uses it), from /proc.
 */
import { readdirSync, readFileSync } from 'node:fs';

interface CpuSample {
  /** Machine-wide jiffies, idle included. */
  total: number;
  steal: number;
  /** Jiffies of processes named postgres. */
  postgres: number;
  /** Jiffies of every other user-space process outside the benchmark's tree, by pid, with its name. */
  foreign: Map<number, { comm: string; jiffies: number }>;
}

interface ProcStat {
  pid: number;
  ppid: number;
  comm: string;
  jiffies: number;
}

function readProcs(): ProcStat[] {
  const procs: ProcStat[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      // Fields after the command: state ppid … utime (14th field overall) stime (15th).
      const fields = stat.slice(close + 2).split(' ');
      procs.push({
        pid: Number(entry),
        ppid: Number(fields[1]),
        comm,
        jiffies: Number(fields[11]) + Number(fields[12]),
      });
    } catch {
      // The process ended while we looked.
    }
  }
  return procs;
}

/** The pids under `roots` (inclusive). */
function tree(procs: ProcStat[], roots: number[]): Set<number> {
  const children = new Map<number, number[]>();
  for (const p of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p.pid]);
  const pids = new Set<number>();
  const queue = [...roots];
  while (queue.length) {
    const pid = queue.pop()!;
    pids.add(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return pids;
}

function sample(): CpuSample {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = cpu;
  const procs = readProcs();
  // Ours: this process and its children. Kernel threads (under kthreadd, pid 2) are left out: the benchmark's own
  // disk writes and loopback traffic are handled there.
  const excluded = tree(procs, [process.pid, 2]);
  let postgres = 0;
  const foreign = new Map<number, { comm: string; jiffies: number }>();
  for (const p of procs) {
    if (excluded.has(p.pid)) continue;
    if (p.comm === 'postgres') postgres += p.jiffies;
    else foreign.set(p.pid, { comm: p.comm, jiffies: p.jiffies });
  }
  return { total: user + nice + system + idle + iowait + irq + softirq + steal, steal, postgres, foreign };
}

export interface Interference {
  /**
   * Share of the whole machine's CPU used by user-space processes outside the benchmark (PostgreSQL apart), in %.
   * Kernel threads and interrupt time are not counted: loopback networking and disk writes of the benchmark itself
   * land there.
   */
  othersPct: number;
  postgresPct: number;
  /** Time the hypervisor gave to other virtual machines, in % of the machine. */
  stealPct: number;
  /** The busiest other processes by name, e.g. "node 41%" (% of the whole machine). */
  top: string[];
}

const available = (() => {
  try {
    readFileSync('/proc/stat');
    return true;
  } catch {
    return false;
  }
})();

/** Runs `body` and reports how much of the machine other processes used meanwhile. */
export async function watched<T>(body: () => Promise<T> | T): Promise<{ value: T; interference: Interference | null }> {
  if (!available) return { value: await body(), interference: null };
  const before = sample();
  const value = await body();
  const after = sample();
  const total = after.total - before.total;
  if (total <= 0) return { value, interference: null };
  const byName = new Map<string, number>();
  let others = 0;
  for (const [pid, p] of after.foreign) {
    // A process that started inside the window counts from zero.
    const used = p.jiffies - (before.foreign.get(pid)?.jiffies ?? 0);
    if (used <= 0) continue;
    others += used;
    byName.set(p.comm, (byName.get(p.comm) ?? 0) + used);
  }
  const pct = (jiffies: number) => Math.round((1000 * jiffies) / total) / 10;
  return {
    value,
    interference: {
      othersPct: pct(others),
      postgresPct: pct(after.postgres - before.postgres),
      stealPct: pct(after.steal - before.steal),
      top: [...byName.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .filter(([, j]) => pct(j) >= 1)
        .map(([name, j]) => `${name} ${pct(j)}%`),
    },
  };
}

/** Waits (up to `maxMs`) until other processes use less than `pct`% of the machine over one second. */
export async function waitForQuiet(pct: number, maxMs: number, log: (m: string) => void): Promise<void> {
  if (!available) return;
  const until = Date.now() + maxMs;
  let warned = false;
  while (Date.now() < until) {
    const { interference } = await watched(() => new Promise((r) => setTimeout(r, 1000)));
    const busy = interference ? interference.othersPct + interference.postgresPct : 0;
    if (busy < pct) return;
    if (!warned) log(`  waiting for the machine to be quiet (other processes use ${busy.toFixed(0)}% of it)`);
    warned = true;
  }
  log('  the machine is still busy: measuring anyway');
}
