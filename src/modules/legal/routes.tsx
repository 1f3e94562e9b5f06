import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { dayIn, jalaliToIsoDay } from '../../i18n/format.ts';
import type { Locale } from '../../i18n/locales.ts';
import { normaliseInput, toAsciiDigits } from '../../i18n/numbers.ts';
import type { MessageKey } from '../../i18n/translate.ts';
import { pageContext, type Services } from '../../server/context.ts';
import { badRequest, localeParam, notFound } from '../../server/http.tsx';
import { sendPage } from '../../server/render.tsx';
import { requireStaff } from '../staff/guard.ts';
import type { LegalRequestForm } from './service.ts';
import { LegalListPage, LegalRequestPage, NewLegalRequestPage } from './views.tsx';

const TOKEN = /^[A-Za-z0-9_-]{20}$/;

/**
 * A day as staff type it: digits of any script, '-' or '/' between the parts, and for a Persian page a Jalali year
 * (below 1700) is converted. Anything else is returned as typed, for the service to refuse with its message.
 */
export function parseTypedDay(value: string): string {
  const typed = toAsciiDigits(normaliseInput(value));
  const match = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(typed);
  if (!match) return typed;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (y < 1700) return jalaliToIsoDay(y, m, d) ?? typed;
  return `${match[1]}-${match[2].padStart(2, '0')}-${match[3].padStart(2, '0')}`;
}

function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return typeof value === 'string' ? [value] : [];
}

/** The register of requests from authorities and legal holds (MS-07, KN-11, KN-13, KT-12). */
export function legalRoutes(server: FastifyInstance, services: Services): void {
  const { app } = services;

  async function staffNames(): Promise<Map<string, string>> {
    const people = await app.db.selectFrom('staff_users').select(['id', 'display_name']).execute();
    return new Map(people.map((p) => [p.id, p.display_name]));
  }

  async function showList(
    request: FastifyRequest,
    reply: FastifyReply,
    locale: Locale,
    extra: Pick<Parameters<typeof LegalListPage>[0], 'hold' | 'notice'> = {},
    status = 200,
  ) {
    const [requests, holds, names] = await Promise.all([
      app.legal.list(),
      app.legal.activeHolds(dayIn(app.preset.timezone)),
      staffNames(),
    ]);
    const ctx = pageContext(services, request, locale);
    return sendPage(
      reply,
      <LegalListPage
        ctx={ctx}
        requests={requests}
        holds={holds}
        authorities={app.legal.authorities()}
        names={names}
        {...extra}
      />,
      status,
    );
  }

  server.get('/:locale/staff/legal', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    if (!requireStaff(services, request, reply, locale, 'legal.register')) return reply;
    return showList(request, reply, locale);
  });

  const emptyForm: LegalRequestForm = {
    recipientId: '',
    requestingUnit: '',
    reference: '',
    legalBasis: '',
    receivedOn: '',
    orderCode: '',
    fields: [],
    subjectMayBeTold: '',
  };

  server.get('/:locale/staff/legal/new', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    if (!requireStaff(services, request, reply, locale, 'legal.register')) return reply;
    const ctx = pageContext(services, request, locale);
    return sendPage(
      reply,
      <NewLegalRequestPage ctx={ctx} authorities={app.legal.authorities()} values={emptyForm} errors={{}} />,
    );
  });

  server.post('/:locale/staff/legal/new', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const staff = requireStaff(services, request, reply, locale, 'legal.register');
    if (!staff) return reply;
    const body = request.body as Record<string, unknown>;
    const str = (name: string) => (typeof body[name] === 'string' ? normaliseInput(body[name] as string) : '');
    const values: LegalRequestForm = {
      recipientId: str('recipientId'),
      requestingUnit: str('requestingUnit'),
      reference: str('reference'),
      legalBasis: str('legalBasis'),
      receivedOn: str('receivedOn'),
      orderCode: str('orderCode'),
      fields: list(body.fields),
      subjectMayBeTold: str('subjectMayBeTold'),
    };
    const result = await app.legal.register(
      { ...values, receivedOn: parseTypedDay(values.receivedOn) },
      staff.id,
      dayIn(app.preset.timezone),
    );
    if (result.ok) return reply.redirect(`/${locale}/staff/legal/${result.id}?registered=1`, 303);
    const ctx = pageContext(services, request, locale);
    return sendPage(
      reply,
      <NewLegalRequestPage ctx={ctx} authorities={app.legal.authorities()} values={values} errors={result.errors} />,
      422,
    );
  });

  async function showRequest(
    request: FastifyRequest,
    reply: FastifyReply,
    locale: Locale,
    id: string,
    extra: Pick<Parameters<typeof LegalRequestPage>[0], 'disclosed' | 'error' | 'notice'> = {},
    status = 200,
  ) {
    const [found, names] = await Promise.all([app.legal.byId(id), staffNames()]);
    if (!found) return notFound(services, request, reply);
    const ctx = pageContext(services, request, locale);
    return sendPage(
      reply,
      <LegalRequestPage ctx={ctx} request={found} authorities={app.legal.authorities()} names={names} {...extra} />,
      status,
    );
  }

  server.get('/:locale/staff/legal/:id', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    if (!requireStaff(services, request, reply, locale, 'legal.register')) return reply;
    const { id } = request.params as { id: string };
    if (!TOKEN.test(id)) return notFound(services, request, reply);
    const registered = (request.query as { registered?: string }).registered === '1';
    return showRequest(request, reply, locale, id, registered ? { notice: 'legal.registered' } : {});
  });

  const DECISION_ERRORS: Record<string, MessageKey> = {
    not_pending: 'legal.error.notPending',
    own_request: 'legal.error.ownRequest',
    note_required: 'legal.error.noteRequired',
  };

  server.post('/:locale/staff/legal/:id/decide', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const staff = requireStaff(services, request, reply, locale, 'legal.approve');
    if (!staff) return reply;
    const { id } = request.params as { id: string };
    if (!TOKEN.test(id)) return notFound(services, request, reply);
    const body = request.body as { decision?: string; note?: string };
    if (body.decision !== 'approve' && body.decision !== 'refuse') return badRequest(services, request, reply);
    if (!(await app.legal.byId(id))) return notFound(services, request, reply);
    const result = await app.legal.decide(id, staff.id, body.decision, normaliseInput(body.note ?? ''));
    if (result.ok) {
      const notice = body.decision === 'approve' ? 'legal.approved' : 'legal.refused';
      return showRequest(request, reply, locale, id, { notice });
    }
    return showRequest(request, reply, locale, id, { error: DECISION_ERRORS[result.error] }, 409);
  });

  server.post('/:locale/staff/legal/:id/disclose', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const staff = requireStaff(services, request, reply, locale, 'legal.register');
    if (!staff) return reply;
    const { id } = request.params as { id: string };
    if (!TOKEN.test(id) || !(await app.legal.byId(id))) return notFound(services, request, reply);
    const result = await app.legal.disclose(id, staff.id);
    if (result.ok) return showRequest(request, reply, locale, id, { disclosed: result.values });
    const error = result.error === 'undeclared_recipient' ? 'legal.error.authority' : 'legal.error.notApproved';
    return showRequest(request, reply, locale, id, { error }, 409);
  });

  server.post('/:locale/staff/legal/holds', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const staff = requireStaff(services, request, reply, locale, 'legal.register');
    if (!staff) return reply;
    const body = request.body as { orderCode?: string; reason?: string; until?: string };
    const values = {
      orderCode: normaliseInput(body.orderCode ?? ''),
      reason: normaliseInput(body.reason ?? ''),
      until: normaliseInput(body.until ?? ''),
    };
    const today = dayIn(app.preset.timezone);
    const until = values.until.trim() ? parseTypedDay(values.until) : '';
    const result = await app.legal.placeHold({ ...values, until }, staff.id, today);
    if (result.ok) return showList(request, reply, locale, { notice: 'legal.holdPlaced' });
    return showList(request, reply, locale, { hold: { values, errors: result.errors } }, 422);
  });

  server.post('/:locale/staff/legal/holds/:id/release', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const staff = requireStaff(services, request, reply, locale, 'legal.register');
    if (!staff) return reply;
    const { id } = request.params as { id: string };
    if (!TOKEN.test(id) || !(await app.legal.releaseHold(id, staff.id))) return notFound(services, request, reply);
    return showList(request, reply, locale, { notice: 'legal.holdReleased' });
  });
}
