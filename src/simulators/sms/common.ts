/**
 * What the SMS simulators share: a quiet Fastify server on 127.0.0.1 that reads parameters the way the providers'
 * PHP/ASP.NET back ends do (query string, form or JSON body), and a queue of forced failures for tests.
 */
import fastifyFormbody from '@fastify/formbody';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';

/** Failures every simulator can be told to produce on its next request(s). */
export type CommonFault = 'auth' | 'invalid_number' | 'server_error' | 'slow';

export interface SimulatorOptions {
  /** Default 0: any free port. */
  port?: number;
  /** How long a `slow` fault holds the answer back; set it beyond the adapter's timeout. Default 1000 ms. */
  slowMs?: number;
}

export interface SmsSimulator<Message, Fault extends string> {
  /** Origin to give the adapter as its base URL. */
  url: string;
  /** Accepted messages, oldest first, as the provider would deliver them. */
  messages: Message[];
  /** Requests received, accepted or not (to assert that a refused number made no request). */
  readonly requests: number;
  /** The next request fails this way; calls queue up, one fault per request. */
  failNext(fault: Fault): void;
  close(): Promise<void>;
}

export function createApp(): FastifyInstance {
  const app = Fastify({ logger: false, forceCloseConnections: true });
  app.register(fastifyFormbody);
  return app;
}

/** The request's parameters from the query string and the body (form or JSON), body winning, as strings. */
export function params(request: FastifyRequest): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const source of [request.query, request.body]) {
    if (typeof source !== 'object' || source === null) continue;
    for (const [key, value] of Object.entries(source)) {
      if (value !== undefined && value !== null) merged[key] = String(value);
    }
  }
  return merged;
}

/** The fault queue and request counter of one simulator. */
export class Faults<Fault extends string> {
  private readonly queue: Fault[] = [];
  requests = 0;

  push(fault: Fault): void {
    this.queue.push(fault);
  }

  /** Counts the request and returns the fault it must show, if any. */
  next(): Fault | undefined {
    this.requests += 1;
    return this.queue.shift();
  }
}

/**
 * Applies the faults whose answer does not depend on the provider: `server_error` is a 503 HTML page, as a proxy in
 * front of the provider gives; `slow` delays the answer. Returns true when the reply has been taken care of.
 */
export async function transportFault(fault: string | undefined, reply: FastifyReply, slowMs: number): Promise<boolean> {
  if (fault === 'slow') await new Promise((resolve) => setTimeout(resolve, slowMs));
  if (fault !== 'server_error') return false;
  await reply.code(503).type('text/html').send('<html><body><h1>503 Service Unavailable</h1></body></html>');
  return true;
}

export async function listen(app: FastifyInstance, port = 0): Promise<string> {
  return app.listen({ host: '127.0.0.1', port });
}

/**
 * For tests: the needles (phone digits, message text, credentials) found in an error's message, stack or own
 * fields. Adapters promise an empty list.
 */
export function leakedInto(error: unknown, needles: string[]): string[] {
  const haystack = [(error as Error | null)?.message, (error as Error | null)?.stack, JSON.stringify(error)].join('\n');
  return needles.filter((needle) => haystack.includes(needle));
}
