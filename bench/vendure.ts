/**
 * Vendure as a peer (issue 7): installed from npm into `bench/peers/vendure` (a bench-only package with its own
 * lock file, never a dependency of Amanat), populated with the same catalogue as Amanat's benchmark shop, run in a
 * child process on SQLite, and measured in the same run: its shop API's product list and its checkout.
 *
 * The catalogue is written here, in TypeScript, from the same rule as `generate.ts` (`derivedProduct`); the peer's
 * own files (CommonJS) only configure, populate and start Vendure. The populated database is cached in the peer's
 * gitignored `data/` folder, keyed by CATALOGUE_VERSION, Vendure's version and the number of products, and copied
 * fresh for every run (orders make it grow).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import sharp from 'sharp';
import type { Preset } from '../src/presets/types.ts';
import { type OpsFigure, type OpsOptions, repeat } from './checkout.ts';
import { type Child, ROOT, startChild } from './children.ts';
import { derivedProduct } from './generate.ts';
import { type LoadFigure, type LoadOptions, measureHttp } from './load.ts';

export const VENDURE_VERSION = '3.7.3';
export const PEER_DIR = join(ROOT, 'bench', 'peers', 'vendure');
/** Bump when what writeCatalogue writes changes, so that a database populated from an older catalogue is not reused. */
const CATALOGUE_VERSION = 1;
const IMAGE_FILES = 8;

/** The list the shop API is asked for: 50 products with their image and price, as a category page shows them. */
export const LIST_QUERY =
  '{ products(options:{take:50}) { totalItems items { id name slug featuredAsset { preview } variants { price priceWithTax currencyCode } } } }';

type Log = (message: string) => void;

/** Runs a command to its end (killed with its process group after `timeoutMs`, or when the benchmark exits). */
async function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: Record<string, string>; timeoutMs: number; logFile: string },
): Promise<{ code: number | null; stdout: string }> {
  // Its own process group, so that npm's children (node-gyp compiling better-sqlite3) are killed with it.
  const proc: ChildProcess = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const killGroup = () => {
    if (proc.exitCode === null && proc.signalCode === null && proc.pid) {
      try {
        process.kill(-proc.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  process.on('exit', killGroup);
  const timer = setTimeout(killGroup, options.timeoutMs);
  let stdout = '';
  let output = '';
  proc.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    output += chunk.toString();
  });
  proc.stderr!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => {
    proc.once('error', () => resolve(null));
    proc.once('exit', (c) => resolve(c));
  });
  clearTimeout(timer);
  process.off('exit', killGroup);
  writeFileSync(options.logFile, output);
  return { code, stdout };
}

function installedVersion(): string | null {
  const file = join(PEER_DIR, 'node_modules', '@vendure', 'core', 'package.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version : null;
}

/**
 * Installs the peer with `npm ci` the first time (≈ 2–3 min: better-sqlite3 compiles from source). Null when it is
 * installed, otherwise why not.
 */
export async function ensureVendureInstalled(log: Log): Promise<string | null> {
  if (installedVersion() === VENDURE_VERSION) return null;
  mkdirSync(join(PEER_DIR, 'data'), { recursive: true });
  const logFile = join(PEER_DIR, 'data', 'npm-ci.log');
  log(`installing the Vendure peer: npm ci in bench/peers/vendure (first time only, ≈ 2–3 minutes; log: ${logFile})`);
  const started = performance.now();
  const { code } = await run('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: PEER_DIR,
    timeoutMs: 10 * 60_000,
    logFile,
  });
  if (code !== 0) return `npm ci failed (exit ${code}), see ${logFile}`;
  if (installedVersion() !== VENDURE_VERSION) return `npm ci did not install @vendure/core ${VENDURE_VERSION}`;
  log(`  installed in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return null;
}

const csvField = (value: string) => (/[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
const slugOf = (sku: string) => sku.toLowerCase().replace(/[^a-z0-9]+/g, '-');

/** What a benchmark needs to know of the catalogue it wrote. */
interface Catalogue {
  /** SKUs of the products a buyer can order (active, in stock). */
  orderable: string[];
  active: number;
}

/**
 * Vendure's import files for `count` products derived as generate.ts derives Amanat's: the Vietnamese name and
 * description (the locale the category page is measured in; Vendure's default language here is `vi`), the category
 * as a facet, the price, the stock (tracked, as Amanat reserves stock), 8 shared images; archived products are
 * listed in disabled.json. Shop settings follow the preset: Bangladesh, taka-like prices, 15 % VAT.
 */
async function writeCatalogue(dir: string, preset: Preset, count: number): Promise<Catalogue> {
  const assets = join(dir, 'import-assets');
  mkdirSync(assets, { recursive: true });
  const palette = ['#f4a261', '#2a9d8f', '#e76f51', '#264653', '#e9c46a', '#8ab17d', '#b5838d', '#6d597a'];
  for (let i = 0; i < IMAGE_FILES; i++) {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="800"><rect width="100%" height="100%" fill="${palette[i]}"/></svg>`;
    await sharp(Buffer.from(svg))
      .jpeg()
      .toFile(join(assets, `img${i}.jpg`));
  }
  const header =
    'name,slug,description,assets,facets,optionGroups,optionValues,sku,price,taxCategory,stockOnHand,trackInventory,variantAssets,variantFacets';
  const rows = [header];
  const disabled: string[] = [];
  const orderable: string[] = [];
  const categories = new Map(preset.categories.map((c) => [c.slug, c.name.vi]));
  for (let i = 0; i < count; i++) {
    const { base, n, sku, status, stockUnits, priceMinor } = derivedProduct(preset, i);
    const slug = slugOf(sku);
    if (status === 'archived') disabled.push(slug);
    else if (stockUnits > 0) orderable.push(sku);
    rows.push(
      [
        `${base.name.vi} ${n}`,
        slug,
        base.description.vi,
        `img${i % IMAGE_FILES}.jpg`,
        `category:${categories.get(base.category)}`,
        '',
        '',
        sku,
        // The importer multiplies by 100.
        (priceMinor / 100).toFixed(2),
        'standard',
        String(stockUnits),
        'true',
        '',
        '',
      ]
        .map(csvField)
        .join(','),
    );
  }
  writeFileSync(join(dir, 'products.csv'), `${rows.join('\n')}\n`);
  writeFileSync(join(dir, 'disabled.json'), JSON.stringify(disabled));
  const initialData = {
    defaultLanguage: 'vi',
    defaultZone: 'Asia',
    taxRates: [{ name: 'Standard', percentage: 15 }],
    shippingMethods: [
      { name: 'Standard', price: 6000 },
      { name: 'Express', price: 12000 },
    ],
    paymentMethods: [
      {
        name: 'Standard Payment',
        handler: { code: 'dummy-payment-handler', arguments: [{ name: 'automaticSettle', value: 'true' }] },
      },
    ],
    countries: [
      { name: 'Bangladesh', code: 'BD', zone: 'Asia' },
      { name: 'Vietnam', code: 'VN', zone: 'Asia' },
      { name: 'Iran', code: 'IR', zone: 'Asia' },
    ],
    collections: [],
  };
  writeFileSync(join(dir, 'initial-data.json'), JSON.stringify(initialData, null, 2));
  const catalogue = { orderable, active: count - disabled.length };
  writeFileSync(join(dir, 'catalogue.json'), JSON.stringify(catalogue));
  return catalogue;
}

export interface PopulatedPeer {
  /** The cached folder: vendure.sqlite (pristine, never served), assets/. */
  dir: string;
  catalogue: Catalogue;
  /** Seconds populate took, or null when the cached database was reused. */
  populateS: number | null;
}

/** The populated database for `count` products, from the cache or made now (≈ 25 s for 1,000 products). */
export async function populatedVendure(preset: Preset, count: number, log: Log): Promise<PopulatedPeer> {
  const dir = join(PEER_DIR, 'data', `catalogue-v${CATALOGUE_VERSION}-vendure-${VENDURE_VERSION}-${count}`);
  if (existsSync(join(dir, 'vendure.sqlite')) && existsSync(join(dir, 'catalogue.json'))) {
    log(`  Vendure database from the cache (${dir})`);
    return { dir, catalogue: JSON.parse(readFileSync(join(dir, 'catalogue.json'), 'utf8')), populateS: null };
  }
  // Built aside and renamed at the end, so that an interrupted populate never leaves a half-filled cache.
  const building = `${dir}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  try {
    const catalogue = await writeCatalogue(building, preset, count);
    log(`  populating Vendure with ${count.toLocaleString('en')} products (once; cached in ${dir})`);
    const { code, stdout } = await run(process.execPath, ['populate.js', building], {
      cwd: PEER_DIR,
      env: {
        NODE_ENV: 'production',
        VENDURE_DB: join(building, 'vendure.sqlite'),
        VENDURE_ASSETS: join(building, 'assets'),
        SUPERADMIN_PASSWORD: randomBytes(12).toString('hex'),
      },
      timeoutMs: 5 * 60_000,
      logFile: join(PEER_DIR, 'data', 'populate.log'),
    });
    const ms = /\{"ms":(\d+)\}/.exec(stdout)?.[1];
    if (code !== 0 || !ms)
      throw new Error(`Vendure populate failed (exit ${code}), see bench/peers/vendure/data/populate.log`);
    rmSync(dir, { recursive: true, force: true });
    // The catalogue.json marker is written last: a folder without it is not a cache entry.
    const marker = readFileSync(join(building, 'catalogue.json'));
    rmSync(join(building, 'catalogue.json'));
    renameSync(building, dir);
    writeFileSync(join(dir, 'catalogue.json'), marker);
    return { dir, catalogue, populateS: Number(ms) / 1000 };
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
}

/** Starts Vendure on a fresh copy of the populated database in `workDir`. */
export async function startVendure(peer: PopulatedPeer, workDir: string): Promise<Child> {
  mkdirSync(workDir, { recursive: true });
  const db = join(workDir, 'vendure.sqlite');
  copyFileSync(join(peer.dir, 'vendure.sqlite'), db);
  return startChild('server.js', [], {
    tsx: false,
    cwd: PEER_DIR,
    env: {
      VENDURE_DB: db,
      VENDURE_ASSETS: join(peer.dir, 'assets'),
      SUPERADMIN_PASSWORD: randomBytes(12).toString('hex'),
    },
    startTimeoutMs: 120_000,
  });
}

interface GraphqlAnswer {
  data?: Record<string, { __typename?: string; state?: string; errorCode?: string; message?: string } | null>;
  errors?: { message: string }[];
  token: string | null;
}

function graphql(
  agent: Agent,
  port: number,
  query: string,
  variables: Record<string, unknown>,
  token: string | null,
): Promise<GraphqlAnswer> {
  const body = JSON.stringify({ query, variables });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/shop-api',
        method: 'POST',
        agent,
        timeout: 10_000,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            const answer = JSON.parse(Buffer.concat(chunks).toString()) as GraphqlAnswer;
            const header = res.headers['vendure-auth-token'];
            answer.token = (Array.isArray(header) ? header[0] : header) ?? token;
            resolve(answer);
          } catch (error) {
            reject(error);
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout (10 s)')));
    req.on('error', reject);
    req.end(body);
  });
}

/** Checks the list answers with every active product before it is loaded (a GraphQL error would still be a 200). */
export async function checkVendureList(port: number, active: number): Promise<number> {
  const agent = new Agent({ keepAlive: false });
  const answer = await graphql(agent, port, LIST_QUERY, {}, null);
  const list = answer.data?.products as unknown as { totalItems: number; items: unknown[] } | undefined;
  if (!list || list.totalItems !== active || list.items.length !== 50) {
    throw new Error(`Vendure's product list answered ${JSON.stringify(answer).slice(0, 300)}`);
  }
  return Buffer.byteLength(JSON.stringify({ data: answer.data }));
}

/** `products(options:{take:50})` through the shop API, with the category page's autocannon settings. */
export function measureVendureList(
  port: number,
  settings: Omit<LoadOptions, 'port' | 'paths' | 'request'>,
): Promise<LoadFigure> {
  return measureHttp({
    ...settings,
    port,
    paths: ['/shop-api'],
    request: {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: LIST_QUERY }),
    },
  });
}

const CHECKOUT = [
  'mutation($v:ID!){ addItemToOrder(productVariantId:$v, quantity:1){ __typename ... on Order { id code } ... on ErrorResult { errorCode message } } }',
  'mutation($e:String!){ setCustomerForOrder(input:{emailAddress:$e, firstName:"Nguyễn Thị", lastName:"Bench"}){ __typename ... on ErrorResult { errorCode message } } }',
  'mutation{ setOrderShippingAddress(input:{fullName:"Nguyễn Thị Bench", phoneNumber:"+8801711000001", streetLine1:"Nhà 12, Đường 3, Khu 7", city:"Dhaka", postalCode:"1230", countryCode:"BD"}){ __typename ... on ErrorResult { errorCode message } } }',
  'mutation{ setOrderShippingMethod(shippingMethodId:["1"]){ __typename ... on ErrorResult { errorCode message } } }',
  'mutation{ transitionOrderToState(state:"ArrangingPayment"){ __typename ... on Order { state } ... on ErrorResult { errorCode message } } }',
  'mutation{ addPaymentToOrder(input:{method:"standard-payment", metadata:{}}){ __typename ... on Order { code state } ... on ErrorResult { errorCode message } } }',
];

/** Variant ids of the orderable products, read (read-only) from the copy of the database Vendure serves. */
export function orderableVariants(dbFile: string, orderable: string[]): number[] {
  const db = new SQLite(dbFile, { readonly: true });
  try {
    const skus = new Set(orderable);
    const rows = db.prepare('SELECT id, sku FROM product_variant WHERE enabled = 1').all() as {
      id: number;
      sku: string;
    }[];
    return rows.filter((r) => skus.has(r.sku)).map((r) => r.id);
  } finally {
    db.close();
  }
}

/**
 * Vendure's checkout, as a guest in a new session each time: the reference's six shop-API mutations (add to order,
 * customer, address, shipping method, ArrangingPayment, payment with the dummy handler set to settle at once), one
 * after the other with `concurrency` buyers in flight. An order counts only if it ends `PaymentSettled`.
 */
export async function measureVendureCheckout(
  port: number,
  variants: number[],
  options: OpsOptions,
  log: Log,
): Promise<OpsFigure> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  let n = randomBytes(3).readUIntBE(0, 3) * 10;
  let firstError: string | null = null;
  try {
    const figure = await repeat(options, async () => {
      const i = n++;
      let token: string | null = null;
      try {
        for (const [step, query] of CHECKOUT.entries()) {
          const variables =
            step === 0 ? { v: variants[i % variants.length] } : step === 1 ? { e: `b${i}@example.com` } : {};
          const answer = await graphql(agent, port, query, variables, token);
          token = answer.token;
          const result = answer.data ? Object.values(answer.data)[0] : null;
          if (answer.errors || !result || result.errorCode) {
            firstError ??= `step ${step + 1}: ${JSON.stringify(answer.errors ?? result).slice(0, 300)}`;
            return false;
          }
          if (step === CHECKOUT.length - 1) {
            if (result.state !== 'PaymentSettled') firstError ??= `order ended ${result.state}`;
            return result.state === 'PaymentSettled';
          }
        }
        return false;
      } catch (error) {
        firstError ??= (error as Error).message;
        return false;
      }
    });
    if (figure.failed > 0) log(`  Vendure checkout: ${figure.failed} failed, e.g. ${firstError}`);
    return figure;
  } finally {
    agent.destroy();
  }
}
