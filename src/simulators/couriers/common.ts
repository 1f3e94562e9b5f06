/** Shared plumbing of the courier simulators: a local listener, random ids, and posting a webhook to the shop. */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';

/** Listens on a free port of 127.0.0.1 and gives the base URL, e.g. "http://127.0.0.1:41234". */
export async function listenLocally(server: FastifyInstance): Promise<string> {
  await server.listen({ port: 0, host: '127.0.0.1' });
  const address = server.addresses().find((a): a is AddressInfo => typeof a !== 'string' && a.family === 'IPv4');
  if (!address) throw new Error('the simulator listens on no IPv4 address');
  return `http://127.0.0.1:${address.port}`;
}

/** Upper-case letters and digits, as couriers print on labels. */
export function randomCode(length: number): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  return [...randomBytes(length)].map((b) => alphabet[b % alphabet.length]).join('');
}

export function randomToken(): string {
  return randomBytes(24).toString('base64url');
}

/** What the shop answered to one webhook. */
export interface WebhookDelivery {
  status: number;
  headers: Headers;
}

export async function postWebhook(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<WebhookDelivery> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    redirect: 'manual',
  });
  await response.arrayBuffer();
  return { status: response.status, headers: response.headers };
}
