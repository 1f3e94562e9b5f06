import { createHash, timingSafeEqual } from 'node:crypto';
import { CourierError } from './courier.ts';

export interface JsonResponse {
  status: number;
  /** The parsed body, or null when it was not JSON. */
  json: unknown;
}

/** Couriers answer within seconds; a handoff that hangs longer is retried later by the caller. */
const TIMEOUT_MS = 15_000;

/**
 * One JSON request to a courier. A network failure or timeout becomes CourierError('unavailable'); HTTP statuses
 * are left to the adapter, which knows what each means for its courier.
 */
export async function requestJson(
  method: 'GET' | 'POST',
  url: string,
  options: { headers?: Record<string, string>; body?: unknown } = {},
): Promise<JsonResponse> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: {
        accept: 'application/json',
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: 'error',
    });
  } catch (error) {
    throw new CourierError('unavailable', `courier unreachable: ${(error as Error).name}`);
  }
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // Gateways in front of couriers answer outages with HTML; the status says enough.
  }
  return { status: response.status, json };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A header's single value (Node gives arrays for repeated headers; a repeated secret header is not trusted). */
export function headerValue(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  name: string,
): string | null {
  const value = headers[name.toLowerCase()];
  return typeof value === 'string' ? value : null;
}

/** Compares a presented secret with the expected one in constant time (both hashed first, so lengths match). */
export function secretsMatch(presented: string | null | undefined, expected: string): boolean {
  if (!presented || !expected) return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
