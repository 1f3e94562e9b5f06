import type { FastifyReply } from 'fastify';
import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';

/** Sends server-rendered HTML. Pages work without JavaScript; there is none on storefront pages. */
export function sendPage(reply: FastifyReply, page: ComponentChildren, status = 200): FastifyReply {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .send(`<!doctype html>${renderToString(page as preact.VNode)}`);
}
