import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The folder this run of the reliability suite shares between its files (set by vitest.reliability.config.ts):
 * `logs/` server output, `shops/` data folders, `backups/`, and one JSON line per record in `records.jsonl`.
 */
export function runDir(): string {
  const dir = process.env.AMANAT_RELIABILITY_DIR;
  if (!dir) throw new Error('AMANAT_RELIABILITY_DIR is not set: run through vitest.reliability.config.ts');
  return dir;
}

export function runFolder(kind: 'logs' | 'shops' | 'backups', name: string): string {
  const dir = join(runDir(), kind, `${name}-${randomBytes(3).toString('hex')}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A person the suite typed into the shop: the leak scan looks for every one of these values in the clear. */
export interface TestPerson {
  name: string;
  /** National form, as typed: 019XXXXXXXX (not 017…: epoch milliseconds in the logs begin with 17). */
  phone: string;
  email: string;
  address: string;
}

export type RunRecord =
  | { kind: 'figures'; file: string; figures: Record<string, number> }
  | { kind: 'people'; people: TestPerson[] }
  | { kind: 'postgres'; url: string };

export function record(entry: RunRecord): void {
  appendFileSync(join(runDir(), 'records.jsonl'), `${JSON.stringify(entry)}\n`);
}

export function records(): RunRecord[] {
  try {
    return readFileSync(join(runDir(), 'records.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as RunRecord);
  } catch {
    return [];
  }
}

/** Every file under a folder of the run (logs, backups). */
export function filesIn(kind: 'logs' | 'shops' | 'backups'): string[] {
  try {
    return readdirSync(join(runDir(), kind), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name));
  } catch {
    return [];
  }
}

/** The figures of the whole run, summed per name, written where the benchmarks write theirs. */
export function writeFigures(path: string, extra: Record<string, number>): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const r of records()) {
    if (r.kind !== 'figures') continue;
    for (const [name, value] of Object.entries(r.figures)) totals[name] = (totals[name] ?? 0) + value;
  }
  Object.assign(totals, extra);
  writeFileSync(path, `${JSON.stringify({ createdAt: new Date().toISOString(), ...totals }, null, 2)}\n`);
  return totals;
}

let serial = 0;
/**
 * A generated buyer whose every value is unmistakable in a scan: a made-up surname with a random tag, a phone
 * number of random digits, an e-mail and an address carrying the same tag.
 */
export function testPerson(): TestPerson {
  const tag = randomBytes(4).toString('hex');
  const digits = String(randomBytes(4).readUInt32BE() % 100_000_000).padStart(8, '0');
  serial++;
  return {
    name: `Qorvin Zeltani${tag}`,
    phone: `019${digits}`,
    email: `zeltani.${tag}.${serial}@example.test`,
    address: `House ${serial}, Xylo Lane ${tag}, Dhaka`,
  };
}
