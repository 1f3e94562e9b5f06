/**
 * What the payment-gateway simulators share: a Fastify server on 127.0.0.1 with fault injection, the pay page
 * and its buttons, delivery of notifications to the shop, and a stand-in for the buyer's browser.
 * Simulators keep their state in memory and are for tests and the demo only.
 */
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';

export interface Faults {
  /** The next `count` requests to `path` are answered `httpStatus` without being processed. */
  failNext(path: string, count?: number, httpStatus?: number): void;
  /** Requests to `path` are processed at once but answered `ms` later: what a client timeout looks like. */
  delay(path: string, ms: number): void;
}

export interface SimulatorServer {
  app: FastifyInstance;
  faults: Faults;
}

export function createSimulator(): SimulatorServer {
  // Keep-alive sockets from fetch would otherwise hold close() open.
  const app = Fastify({ logger: false, forceCloseConnections: true });
  app.register(formbody);
  const failures = new Map<string, { count: number; httpStatus: number }>();
  const delays = new Map<string, number>();
  const pathOf = (url: string) => url.split('?')[0];
  app.addHook('onRequest', async (request, reply) => {
    const failure = failures.get(pathOf(request.url));
    if (!failure || failure.count === 0) return;
    failure.count -= 1;
    return reply.code(failure.httpStatus).type('text/html').send('<h1>Service Unavailable</h1>');
  });
  app.addHook('onSend', async (request) => {
    const ms = delays.get(pathOf(request.url));
    if (ms) await new Promise((resolve) => setTimeout(resolve, ms));
  });
  return {
    app,
    faults: {
      failNext: (path, count = 1, httpStatus = 503) => failures.set(path, { count, httpStatus }),
      delay: (path, ms) => delays.set(path, ms),
    },
  };
}

/** Listens on a free port of 127.0.0.1 and returns the base URL (no trailing slash). */
export async function listen(app: FastifyInstance): Promise<string> {
  return app.listen({ port: 0, host: '127.0.0.1' });
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

function hiddenInputs(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
}

export interface PayPageContent {
  gateway: string;
  amountText: string;
  /** Where the buttons post, with the hidden fields that name the payment. */
  action: string;
  hidden: Record<string, string>;
  /** Button value → label; "pay", "cancel" and "fail" at least. */
  choices: Record<string, string>;
  expired?: boolean;
}

export function payPage(content: PayPageContent): string {
  const buttons = Object.entries(content.choices)
    .map(([value, label]) => `<button type="submit" name="action" value="${value}">${escapeHtml(label)}</button>`)
    .join(' ');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(content.gateway)} simulator</title></head><body>
<h1>${escapeHtml(content.gateway)} (simulator)</h1>
<p>Amount: <strong>${escapeHtml(content.amountText)}</strong></p>${content.expired ? '<p>This payment session has expired.</p>' : ''}
<form method="post" action="${escapeHtml(content.action)}">${hiddenInputs(content.hidden)}${buttons}</form>
</body></html>`;
}

/** A page that POSTs the browser on to `url` (SSLCommerz returns the buyer by POST). */
export function autoPostPage(url: string, fields: Record<string, string>): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Redirecting</title></head>
<body onload="document.forms[0].submit()"><form method="post" action="${escapeHtml(url)}">${hiddenInputs(fields)}<button type="submit">Continue</button></form></body></html>`;
}

/** Appends query parameters to a URL that may already have some. */
export function withQuery(url: string, params: Record<string, string>): string {
  const target = new URL(url);
  for (const [key, value] of Object.entries(params)) target.searchParams.set(key, value);
  return target.toString();
}

export interface Delivery {
  url: string;
  /** What was sent: form or JSON fields, or the query parameters of a GET. */
  payload: Record<string, string | number>;
  /** The shop's answer; 0 when it could not be reached. */
  status: number;
  body: string;
}

/** Sends a notification to the shop the way the gateway does and records the shop's answer. */
export async function deliver(
  how: 'form' | 'json' | 'get',
  url: string,
  payload: Record<string, string | number>,
): Promise<Delivery> {
  const text = Object.fromEntries(Object.entries(payload).map(([k, v]) => [k, String(v)]));
  const init: RequestInit =
    how === 'get'
      ? { method: 'GET' }
      : how === 'form'
        ? {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams(text).toString(),
          }
        : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) };
  try {
    const response = await fetch(how === 'get' ? withQuery(url, text) : url, {
      ...init,
      signal: AbortSignal.timeout(15_000),
    });
    return { url, payload, status: response.status, body: await response.text() };
  } catch {
    return { url, payload, status: 0, body: '' };
  }
}

const decodeHtml = (text: string) =>
  text.replace(
    /&(amp|lt|gt|quot|#39);/g,
    (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e] ?? '',
  );

function formOf(html: string, base: string): { action: string; fields: Record<string, string> } {
  const action = /<form method="post" action="([^"]*)"/.exec(html)?.[1];
  if (action === undefined) throw new Error('no form on the page');
  const fields: Record<string, string> = {};
  for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    fields[decodeHtml(name)] = decodeHtml(value);
  }
  return { action: new URL(decodeHtml(action), base).toString(), fields };
}

export interface BrowserLanding {
  url: string;
  status: number;
  body: string;
}

/**
 * Plays the buyer's browser for tests: opens a simulator's pay page, presses one of its buttons and follows the
 * simulator back to the shop (a redirect, or SSLCommerz's auto-posting form). Returns where it landed.
 */
export async function pressPayButton(
  payPageUrl: string,
  choice: string,
  /** false: the buyer closes the tab after paying, and never comes back to the shop. */
  options: { returnToShop?: boolean } = {},
): Promise<BrowserLanding> {
  const page = await fetch(payPageUrl);
  const form = formOf(await page.text(), payPageUrl);
  const pressed = await fetch(form.action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...form.fields, action: choice }).toString(),
    redirect: 'manual',
  });
  if (options.returnToShop === false) return { url: form.action, status: pressed.status, body: await pressed.text() };
  const location = pressed.headers.get('location');
  let landing: Response;
  let url: string;
  if (location) {
    url = new URL(location, form.action).toString();
    landing = await fetch(url, { redirect: 'manual' });
  } else {
    const next = formOf(await pressed.text(), form.action);
    url = next.action;
    landing = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(next.fields).toString(),
      redirect: 'manual',
    });
  }
  return { url, status: landing.status, body: await landing.text() };
}
