import type { FastifyReply, FastifyRequest } from 'fastify';
import { isLocale, type Locale } from '../i18n/locales.ts';
import type { MessageKey } from '../i18n/translate.ts';
import { Layout } from '../views/layout.tsx';
import { pageContext, type Services } from './context.ts';
import { sendPage } from './render.tsx';

export function localeParam(request: FastifyRequest): Locale | null {
  const { locale } = request.params as { locale?: string };
  return isLocale(locale) ? locale : null;
}

/** The locale of a request whose route has none (errors): the URL prefix if valid, else the shop's language. */
export function requestLocale(services: Services, request: FastifyRequest): Locale {
  const prefix = request.url.split('/')[1];
  return isLocale(prefix) ? prefix : services.app.preset.defaultLocale;
}

export function ErrorPage(props: { services: Services; request: FastifyRequest; title: MessageKey; body: MessageKey }) {
  const ctx = pageContext(props.services, props.request, requestLocale(props.services, props.request));
  return (
    <Layout ctx={ctx} title={ctx.t(props.title)} noindex>
      <h1>{ctx.t(props.title)}</h1>
      <p>{ctx.t(props.body)}</p>
      <p>
        <a href={`/${ctx.locale}/`}>{ctx.t('error.backHome')}</a>
      </p>
    </Layout>
  );
}

export function notFound(services: Services, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendPage(
    reply,
    <ErrorPage services={services} request={request} title="error.notFoundTitle" body="error.notFoundBody" />,
    404,
  );
}

/**
 * The 403 page. By default it tells a staff member that their role does not allow what they asked; a refused form
 * (a failed CSRF check) says instead that the form may have expired.
 */
export function forbidden(
  services: Services,
  request: FastifyRequest,
  reply: FastifyReply,
  body: 'error.roleForbiddenBody' | 'error.forbiddenBody' = 'error.roleForbiddenBody',
): FastifyReply {
  return sendPage(
    reply,
    <ErrorPage services={services} request={request} title="error.forbiddenTitle" body={body} />,
    403,
  );
}

export function serverError(services: Services, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendPage(
    reply,
    <ErrorPage services={services} request={request} title="error.serverTitle" body="error.serverBody" />,
    500,
  );
}

export function badRequest(services: Services, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendPage(
    reply,
    <ErrorPage services={services} request={request} title="error.badRequestTitle" body="error.badRequestBody" />,
    400,
  );
}

export function tooManyRequests(services: Services, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendPage(
    reply,
    <ErrorPage services={services} request={request} title="error.rateTitle" body="error.rateBody" />,
    429,
  );
}

/** Redirect after a successful POST (303 so the browser follows with GET). */
export function seeOther(reply: FastifyReply, location: string): FastifyReply {
  return reply.code(303).header('location', location).send();
}
