import { type SmsError, SmsRejected, SmsUnavailable } from './errors.ts';
import type { SmsProviderId } from './types.ts';

export const DEFAULT_TIMEOUT_MS = 10_000;

export interface HttpAnswer {
  status: number;
  /** The parsed JSON body, or undefined when the body was not JSON. */
  body: unknown;
}

/** POST application/x-www-form-urlencoded (UTF-8), which keeps credentials out of URLs and access logs. */
export function postForm(
  provider: SmsProviderId,
  url: string,
  params: Record<string, string>,
  timeoutMs: number,
): Promise<HttpAnswer> {
  return post(provider, url, 'application/x-www-form-urlencoded', new URLSearchParams(params).toString(), timeoutMs);
}

export function postJson(provider: SmsProviderId, url: string, body: object, timeoutMs: number): Promise<HttpAnswer> {
  return post(provider, url, 'application/json', JSON.stringify(body), timeoutMs);
}

async function post(
  provider: SmsProviderId,
  url: string,
  contentType: string,
  body: string,
  timeoutMs: number,
): Promise<HttpAnswer> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': `${contentType}; charset=utf-8`, accept: 'application/json' },
      body,
      signal,
    });
    const text = await response.text();
    return { status: response.status, body: parseJson(text) };
  } catch (error) {
    // The original error is not kept as `cause`: undici's errors can quote the URL, and Kavenegar's holds the key.
    if (signal.aborted) throw new SmsUnavailable(provider, 'timeout', `no answer within ${timeoutMs} ms`);
    throw new SmsUnavailable(provider, 'network', `connection failed${systemCode(error)}`);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** " (ECONNREFUSED)" from a fetch failure's cause: a fixed system code, safe to show. */
function systemCode(error: unknown): string {
  const code = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return typeof code === 'string' && /^[A-Z_]+$/.test(code) ? ` (${code})` : '';
}

/** For an answer that is not the provider's documented JSON: its HTTP status decides whether to retry. */
export function unexpectedAnswer(provider: SmsProviderId, status: number): SmsError {
  if (status >= 500 || status === 429) return new SmsUnavailable(provider, `http_${status}`, 'server error');
  if (status >= 400) return new SmsRejected(provider, `http_${status}`, 'request', 'HTTP error; check the base URL');
  return new SmsUnavailable(provider, 'bad_response', 'answer was not the documented JSON');
}

/** The body as a JSON object, or undefined for anything else. */
export function jsonObject(body: unknown): Record<string, unknown> | undefined {
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : undefined;
}

/** The base URL without a trailing slash, so paths can be appended as documented. */
export function trimBase(url: string): string {
  return url.replace(/\/+$/, '');
}
