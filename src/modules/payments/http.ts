/**
 * Server-to-server calls to gateways, and reading what they send back. Every failure to get an answer becomes
 * GatewayUnavailable; a 4xx with a JSON body is an answer (gateways put their error codes there).
 */
import type { z } from 'zod';
import { GatewayUnavailable, MalformedMessage } from './errors.ts';

export interface GatewayCall {
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

export interface GatewayAnswer {
  status: number;
  body: unknown;
}

export async function callGateway(gateway: string, url: string, call: GatewayCall): Promise<GatewayAnswer> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: call.method,
      headers: { accept: 'application/json', ...call.headers },
      body: call.body,
      signal: AbortSignal.timeout(call.timeoutMs),
    });
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    throw new GatewayUnavailable(gateway, timedOut ? 'timeout' : 'network');
  }
  const text = await response.text();
  if (response.status >= 500) throw new GatewayUnavailable(gateway, 'http_5xx', String(response.status));
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch {
    throw new MalformedMessage(gateway, `answer ${response.status} is not JSON`);
  }
}

export function postJson(
  gateway: string,
  url: string,
  payload: unknown,
  options: { timeoutMs: number; headers?: Record<string, string> },
): Promise<GatewayAnswer> {
  return callGateway(gateway, url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: JSON.stringify(payload),
    timeoutMs: options.timeoutMs,
  });
}

export function postForm(
  gateway: string,
  url: string,
  fields: Record<string, string>,
  timeoutMs: number,
): Promise<GatewayAnswer> {
  return callGateway(gateway, url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    timeoutMs,
  });
}

export function getJson(gateway: string, url: string, timeoutMs: number): Promise<GatewayAnswer> {
  return callGateway(gateway, url, { method: 'GET', timeoutMs });
}

/** Checks a message against the documented shape. Undeclared fields are dropped, card data among them (CM-03). */
export function readAs<T extends z.ZodType>(gateway: string, schema: T, value: unknown): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
    throw new MalformedMessage(gateway, `unexpected message shape (${fields})`);
  }
  return parsed.data;
}

/** The string-valued fields of a parsed query or form body; repeated or nested fields are dropped. */
export function stringFields(value: unknown): Record<string, string> {
  const fields: Record<string, string> = {};
  if (value === null || typeof value !== 'object') return fields;
  for (const [key, field] of Object.entries(value)) if (typeof field === 'string') fields[key] = field;
  return fields;
}

/** A gateway path under a configured base URL, which may itself have a path (bKash's /v1.2.0-beta). */
export function endpoint(baseUrl: string, path: string, query?: Record<string, string>): string {
  const url = `${baseUrl.replace(/\/+$/, '')}${path}`;
  return query ? `${url}?${new URLSearchParams(query).toString()}` : url;
}
