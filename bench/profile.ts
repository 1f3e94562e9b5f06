/**
 * `npm run bench -- --profile [--quick]`: where the time goes. The shop server runs under `node --cpu-prof` while
 * autocannon loads its category page (and, in a full run, the 100,000-product shop and its search); the checkout
 * loop is profiled in-process through the inspector. Each profile is summarised — self time by function and by
 * package or source file, and time including callees — into bench/results/profile.md; the .cpuprofile files go to
 * bench/results/profiles/ (open them in Chrome DevTools or speedscope).
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { measureCheckout, orderableProducts } from './checkout.ts';
import { type Child, ROOT, startChild } from './children.ts';
import { generateCatalog } from './generate.ts';
import { measureHttp } from './load.ts';
import {
  benchSchema,
  createSqliteShop,
  dropPostgresSchema,
  openPostgresShop,
  openSqliteShop,
  postgresUnreachable,
} from './shop.ts';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface Entry {
  name: string;
  ms: number;
  pct: number;
}

export interface ProfileSummary {
  /** Sampled time, idle excluded, in ms. */
  busyMs: number;
  idleMs: number;
  selfByFunction: Entry[];
  selfByArea: Entry[];
  totalByFunction: Entry[];
  totalByArea: Entry[];
}

const PROFILES = join(ROOT, 'bench', 'results', 'profiles');

function shortUrl(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) return path.slice(nm + '/node_modules/'.length);
  return path.startsWith(ROOT) ? path.slice(ROOT.length) : path;
}

/** Which package, Node module or source file a frame belongs to. */
function area(frame: CallFrame): string {
  const { functionName, url } = frame;
  if (!url) {
    if (functionName.startsWith('(')) return functionName;
    return 'V8 builtins / native';
  }
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const parts = path.slice(nm + '/node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  if (url.startsWith('node:')) {
    const parts = url.slice(5).split('/');
    return `node:${parts[0] === 'internal' ? (parts[1] ?? 'internal') : parts[0]}`;
  }
  return shortUrl(url);
}

const label = (frame: CallFrame) =>
  `${frame.functionName || '(anonymous)'} ${frame.url ? `${shortUrl(frame.url)}:${frame.lineNumber + 1}` : ''}`.trim();

/**
 * Summarises a profile; with `window` (CLOCK_MONOTONIC microseconds, the clock of both V8's profiler and
 * process.hrtime on Linux), only the samples inside it: the load, not the start-up of the process.
 */
export function summarize(profile: CpuProfile, top = 20, window?: [number, number]): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfFn = new Map<string, number>();
  const selfArea = new Map<string, number>();
  const totalFn = new Map<string, number>();
  const totalArea = new Map<string, number>();
  let busy = 0;
  let idle = 0;
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const add = (map: Map<string, number>, key: string, us: number) => map.set(key, (map.get(key) ?? 0) + us);
  let at = profile.startTime;
  for (let i = 0; i < samples.length; i++) {
    at += deltas[i] ?? 0;
    if (window && (at < window[0] || at > window[1])) continue;
    // A sample's duration is the gap to the next sample.
    const us = deltas[i + 1] ?? 0;
    const node = byId.get(samples[i]);
    if (!node) continue;
    if (node.callFrame.functionName === '(idle)') {
      idle += us;
      continue;
    }
    busy += us;
    add(selfFn, label(node.callFrame), us);
    add(selfArea, area(node.callFrame), us);
    const fns = new Set<string>();
    const areas = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const frame = byId.get(id)!.callFrame;
      if (frame.functionName === '(root)') break;
      fns.add(label(frame));
      areas.add(area(frame));
    }
    for (const f of fns) add(totalFn, f, us);
    for (const a of areas) add(totalArea, a, us);
  }
  const entries = (map: Map<string, number>, filter: (name: string) => boolean = () => true): Entry[] =>
    [...map.entries()]
      .filter(([name]) => filter(name))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000, pct: busy ? (100 * us) / busy : 0 }));
  // Time including callees is only telling for named frames of the app and its libraries, not for the event loop.
  const telling = (name: string) =>
    !name.startsWith('(anonymous)') && !/ node:|^processTicksAndRejections|^runMicrotasks/.test(name);
  return {
    busyMs: busy / 1000,
    idleMs: idle / 1000,
    selfByFunction: entries(selfFn),
    selfByArea: entries(selfArea),
    totalByFunction: entries(totalFn, telling),
    totalByArea: entries(totalArea, (name) => !name.startsWith('node:') && !name.startsWith('(')),
  };
}

export function summaryMarkdown(title: string, s: ProfileSummary, note: string): string {
  const table = (heading: string, rows: Entry[]) =>
    [
      `| ${heading} | ms | % of busy |`,
      '| --- | ---: | ---: |',
      ...rows.map((r) => `| \`${r.name.replace(/\|/g, '\\|')}\` | ${r.ms.toFixed(0)} | ${r.pct.toFixed(1)} |`),
    ].join('\n');
  return [
    `## ${title}`,
    '',
    `${note} Busy ${s.busyMs.toFixed(0)} ms, idle ${s.idleMs.toFixed(0)} ms.`,
    '',
    table('Self time by package / file', s.selfByArea.slice(0, 15)),
    '',
    table('Time including callees, by package / file', s.totalByArea.slice(0, 15)),
    '',
    table('Self time by function', s.selfByFunction),
    '',
    table('Time including callees, by function', s.totalByFunction),
    '',
  ].join('\n');
}

export interface ProfileOptions {
  quick: boolean;
  work: string;
  register: (child: Child) => void;
  schemas: Set<string>;
  log: (message: string) => void;
}

async function profileServer(
  options: ProfileOptions,
  dataDir: string,
  name: string,
  path: string,
  durationS: number,
): Promise<{ file: string; summary: ProfileSummary; rps: number }> {
  const profDir = join(options.work, `cpuprof-${name}`);
  const child = await startChild('bench/serve-shop.ts', [dataDir], {
    nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profDir}`],
  });
  options.register(child);
  let rps: number;
  let loadWindow: [number, number];
  try {
    options.log(`profiling the server: ${name} ${path}`);
    const load = { port: child.port, paths: [path], connections: 10, warmupS: 0, runs: 1 };
    await measureHttp({ ...load, durationS: 2 });
    const start = Number(process.hrtime.bigint() / 1000n);
    rps = (await measureHttp({ ...load, durationS })).rps;
    loadWindow = [start, Number(process.hrtime.bigint() / 1000n)];
  } finally {
    await child.stop();
  }
  const written = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
  if (!written) throw new Error(`no .cpuprofile written in ${profDir}`);
  const file = join(PROFILES, `server-${name}.cpuprofile`);
  copyFileSync(join(profDir, written), file);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  let summary = summarize(profile, 20, loadWindow);
  if (summary.busyMs + summary.idleMs === 0) {
    options.log('  the profile has no samples inside the load window (clock mismatch?): summarising all of it');
    summary = summarize(profile);
  }
  return { file, summary, rps };
}

async function profileInProcess<T>(
  name: string,
  body: () => Promise<T>,
): Promise<{ summary: ProfileSummary; value: T }> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    const value = await body();
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(join(PROFILES, `${name}.cpuprofile`), JSON.stringify(profile));
    return { summary: summarize(profile as unknown as CpuProfile), value };
  } finally {
    session.disconnect();
  }
}

export async function runProfile(options: ProfileOptions): Promise<void> {
  mkdirSync(PROFILES, { recursive: true });
  const durationS = options.quick ? 5 : 10;
  const sections: string[] = [
    '# CPU profiles',
    '',
    `Generated by \`npm run bench -- --profile${options.quick ? ' --quick' : ''}\` on ${new Date().toISOString()}.`,
    'Self time is time spent in the function itself; "including callees" is time while it was on the stack.',
    '',
  ];
  const sizes = options.quick ? [1_000] : [1_000, 100_000];
  for (const size of sizes) {
    const dataDir = join(options.work, `profile-shop-${size}`);
    options.log(`generating ${size} products`);
    await createSqliteShop(dataDir, size);
    const category = await profileServer(options, dataDir, `category-${size}`, '/vi/c/diapering?page=1', durationS);
    sections.push(
      summaryMarkdown(
        `Server, category page, ${size.toLocaleString('en')} products`,
        category.summary,
        `${category.rps.toFixed(0)} req/s under the profiler (10 connections, ${durationS} s; samples of the load only, start-up and warm-up excluded).`,
      ),
    );
    if (size === 100_000) {
      const search = await profileServer(options, dataDir, `search-${size}`, '/vi/search?q=kh%C4%83n', durationS);
      sections.push(
        summaryMarkdown(
          `Server, search, ${size.toLocaleString('en')} products`,
          search.summary,
          `${search.rps.toFixed(0)} req/s under the profiler.`,
        ),
      );
    }
  }

  const sqliteDir = join(options.work, 'profile-checkout-sqlite');
  await createSqliteShop(sqliteDir, 1_000);
  const app = await openSqliteShop(sqliteDir);
  try {
    const products = await orderableProducts(app);
    options.log('profiling checkout on SQLite (8 in flight)');
    const run = { warmupS: 1, durationS, runs: 1, concurrency: 8 };
    const { summary, value } = await profileInProcess('checkout-sqlite', () => measureCheckout(app, products, run));
    sections.push(
      summaryMarkdown(
        'Checkout on SQLite, 8 in flight',
        summary,
        `${value.ops.toFixed(0)} orders/s under the profiler.`,
      ),
    );
  } finally {
    await app.close();
  }

  const unreachable = await postgresUnreachable();
  if (unreachable) options.log(`PostgreSQL unreachable (${unreachable}): no PostgreSQL checkout profile`);
  else {
    const schema = benchSchema();
    options.schemas.add(schema);
    const pgApp = await openPostgresShop(schema, join(options.work, 'profile-pg'));
    try {
      await generateCatalog(pgApp.db, pgApp.preset, pgApp.mediaDir, 1_000);
      const products = await orderableProducts(pgApp);
      options.log('profiling checkout on PostgreSQL (8 in flight)');
      const run = { warmupS: 1, durationS, runs: 1, concurrency: 8 };
      const { summary, value } = await profileInProcess('checkout-pg', () => measureCheckout(pgApp, products, run));
      sections.push(
        summaryMarkdown(
          'Checkout on PostgreSQL, 8 in flight',
          summary,
          `${value.ops.toFixed(0)} orders/s under the profiler; the database server's own CPU is not in this profile.`,
        ),
      );
    } finally {
      await pgApp.close();
      await dropPostgresSchema(schema);
      options.schemas.delete(schema);
    }
  }
  const markdown = sections.join('\n');
  writeFileSync(join(ROOT, 'bench', 'results', 'profile.md'), markdown);
  process.stdout.write(`${markdown}\n`);
  options.log('wrote bench/results/profile.md and bench/results/profiles/*.cpuprofile');
}
