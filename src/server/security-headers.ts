import type { FastifyReply, FastifyRequest } from 'fastify';
import helmet from 'helmet';

/** The security headers of every answer: a strict CSP without inline script, no framing, a same-origin referrer. */
export const SECURITY_HEADERS = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      objectSrc: ["'none'"],
      upgradeInsecureRequests: null,
    },
  },
  referrerPolicy: { policy: 'same-origin' as const },
  crossOriginEmbedderPolicy: false,
};

const setHeaders = helmet(SECURITY_HEADERS);

/**
 * The same headers on an answer Fastify gives before any hook has run (a URL it cannot route: bad percent-encoding,
 * a parameter over the router's length limit), where @fastify/helmet's onRequest hook never runs.
 */
export function withSecurityHeaders(request: FastifyRequest, reply: FastifyReply, then: () => void): void {
  setHeaders(request.raw, reply.raw, () => then());
}
