import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Locale } from '../../i18n/locales.ts';
import { normaliseInput, toAsciiDigits } from '../../i18n/numbers.ts';
import { parsePhone } from '../../i18n/phone.ts';
import type { MessageKey } from '../../i18n/translate.ts';
import type { Actor } from '../../privacy/kernel.ts';
import { ensureSession, pageContext, type Services } from '../../server/context.ts';
import { forbidden, localeParam, notFound, seeOther, tooManyRequests } from '../../server/http.tsx';
import { networkOf, RateLimiter } from '../../server/rate-limit.ts';
import { sendPage } from '../../server/render.tsx';
import { can } from '../staff/permissions.ts';
import type { StaffUser } from '../staff/service.ts';
import { buildExport } from './export/build.tsx';
import type { ContactKind } from './proofs.ts';
import {
  type ActionResult,
  REQUEST_KINDS,
  type RequestKind,
  STAFF_VERIFICATIONS,
  type StaffVerification,
} from './service.ts';
import {
  CodePage,
  ExportLinkPage,
  ExportLinkProblemPage,
  OwnRequestPage,
  ProvePage,
  RequestsPage,
  StaffNewRequestPage,
  StaffQueuePage,
  StaffRequestPage,
} from './views.tsx';

declare module '../../server/session.ts' {
  interface SessionData {
    /** A guest's proof of an e-mail or phone waiting for its code, then proved (ids of dsr_proofs rows). */
    dsrPendingProof?: string;
    dsrProof?: string;
    /** Requests made in this session by a guest, so they can follow them. */
    dsrRequests?: string[];
  }
}

type Body = Record<string, string | undefined>;
const UUID = /^[0-9a-f-]{36}$/;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const email = z.email();
/** Kinds whose request says nothing without details. */
const NEEDS_DETAILS: RequestKind[] = ['rectification', 'complaint', 'restriction'];

const isKind = (v: string | undefined): v is RequestKind => (REQUEST_KINDS as readonly string[]).includes(v ?? '');

export function privacyRequestRoutes(server: FastifyInstance, services: Services): void {
  const { app } = services;
  const { privacyRequests: dsr, preset } = app;
  const country = preset.identity.country;
  // Codes are six digits: per network and per address, few tries (as accounts limit theirs).
  const limiter = new RateLimiter(app.config.secrets.blindIndexKey, 5 * services.rateLimitScale, 15 * 60_000);
  const limited = (request: FastifyRequest, action: string, extra?: string) =>
    !limiter.attempt(action, networkOf(request.ip)) || (extra !== undefined && !limiter.attempt(`${action}:id`, extra));

  function parseContact(raw: string): { kind: ContactKind; value: string } | null {
    const value = normaliseInput(raw).slice(0, 200);
    if (value.includes('@')) {
      const lower = value.toLowerCase();
      return email.safeParse(lower).success ? { kind: 'email', value: lower } : null;
    }
    const phone = parsePhone(value, country);
    return phone.ok ? { kind: 'phone', value: phone.e164 } : null;
  }

  async function guestProof(request: FastifyRequest) {
    const id = request.session?.data.dsrProof;
    return id ? dsr.proofs.proved(id) : null;
  }

  async function showStart(
    request: FastifyRequest,
    reply: FastifyReply,
    locale: Locale,
    extra: { values?: Record<string, string>; errors?: Record<string, MessageKey> } = {},
    status = 200,
  ) {
    const ctx = pageContext(services, request, locale);
    const accountId = request.session?.accountId;
    if (accountId) {
      const mine = await dsr.forAccount(accountId);
      return sendPage(reply, <RequestsPage ctx={ctx} mode="account" mine={mine} {...extra} />, status);
    }
    if (await guestProof(request)) {
      const mine = await dsr.byIds(request.session?.data.dsrRequests ?? []);
      return sendPage(reply, <RequestsPage ctx={ctx} mode="proved" mine={mine} {...extra} />, status);
    }
    return sendPage(reply, <ProvePage ctx={ctx} />, status);
  }

  server.get('/:locale/privacy/requests', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    return showStart(request, reply, locale);
  });

  server.post('/:locale/privacy/requests/prove', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const raw = ((request.body as Body).contact ?? '').slice(0, 200);
    const contact = parseContact(raw);
    const ctx = pageContext(services, request, locale);
    if (!contact) return sendPage(reply, <ProvePage ctx={ctx} contact={raw} error="dsr.error.contact" />, 422);
    if (limited(request, 'dsr-prove', dsr.proofs.bidxOf(contact.kind, contact.value)))
      return tooManyRequests(services, request, reply);
    const proofId = await dsr.proofs.start(contact.kind, contact.value, locale);
    const session = ensureSession(services, request, reply);
    session.data.dsrPendingProof = proofId;
    session.dirty = true;
    return sendPage(reply, <CodePage ctx={pageContext(services, request, locale)} />);
  });

  server.post('/:locale/privacy/requests/code', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    if (limited(request, 'dsr-code')) return tooManyRequests(services, request, reply);
    const proofId = request.session?.data.dsrPendingProof;
    if (!proofId) return seeOther(reply, `/${locale}/privacy/requests`);
    const code = toAsciiDigits(normaliseInput((request.body as Body).code ?? ''))
      .replace(/\s/g, '')
      .slice(0, 12);
    const result = await dsr.proofs.check(proofId, code);
    if (!result.ok) {
      const ctx = pageContext(services, request, locale);
      return sendPage(reply, <CodePage ctx={ctx} error={`dsr.code.${result.reason}`} />, 422);
    }
    const session = request.session!;
    session.data.dsrProof = proofId;
    delete session.data.dsrPendingProof;
    session.dirty = true;
    return seeOther(reply, `/${locale}/privacy/requests`);
  });

  server.post('/:locale/privacy/requests', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const body = request.body as Body;
    const values = { kind: (body.kind ?? '').slice(0, 30), details: (body.details ?? '').slice(0, 4000) };
    const details = normaliseInput(values.details, { multiline: true });
    const errors: Record<string, MessageKey> = {};
    if (!isKind(values.kind)) errors.kind = 'dsr.error.kind';
    else if (NEEDS_DETAILS.includes(values.kind) && !details) errors.details = 'dsr.error.details';
    const accountId = request.session?.accountId ?? null;
    const proof = accountId ? null : await guestProof(request);
    if (!accountId && !proof) return seeOther(reply, `/${locale}/privacy/requests`);
    if (Object.keys(errors).length > 0) return showStart(request, reply, locale, { values, errors }, 422);
    const kind = values.kind as RequestKind;
    let created: { id: string };
    if (accountId) {
      const profile = (await app.accounts.profile(accountId))!;
      created = await dsr.create({
        kind,
        channel: 'account',
        locale,
        accountId,
        subjectIds: await dsr.subjectsOfAccount(accountId),
        contact: profile.email && profile.emailConfirmed ? { kind: 'email', value: profile.email } : null,
        details,
        verification: 'signed_in',
        actor: { kind: 'customer', subjectId: profile.subjectId },
      });
    } else {
      const p = proof!;
      const contact = (
        await app.kernel.reveal({
          actor: { kind: 'customer', subjectId: p.subjectId },
          purpose: 'customer.support',
          subjectId: p.subjectId,
          fields: { 'dsr_proofs.contact_enc': p.contactEnc },
        })
      )['dsr_proofs.contact_enc'];
      created = await dsr.create({
        kind,
        channel: 'web',
        locale,
        subjectIds: await dsr.subjectsOfProof(p),
        requestSubjectId: p.subjectId,
        contact: contact ? { kind: p.kind, value: contact } : null,
        details,
        verification: `${p.kind}_code`,
        actor: { kind: 'customer', subjectId: p.subjectId },
      });
      const session = request.session!;
      session.data.dsrRequests = [...(session.data.dsrRequests ?? []), created.id].slice(-20);
      session.dirty = true;
    }
    await dsr.carryOutAutomatically(created.id);
    return seeOther(reply, `/${locale}/privacy/requests/${created.id}`);
  });

  server.get('/:locale/privacy/requests/:id', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const { id } = request.params as { id: string };
    if (!UUID.test(id)) return notFound(services, request, reply);
    const view = await dsr.view(id, { requester: true });
    const session = request.session;
    const mine =
      view &&
      ((view.accountId !== null && view.accountId === session?.accountId) ||
        (session?.data.dsrRequests ?? []).includes(id));
    if (!view || !mine) return notFound(services, request, reply);
    return sendPage(reply, <OwnRequestPage ctx={pageContext(services, request, locale)} request={view} />);
  });

  server.get('/:locale/privacy/export/:token', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const { token } = request.params as { token: string };
    const state = TOKEN.test(token) ? await dsr.peekExportLink(token) : 'invalid';
    const ctx = pageContext(services, request, locale);
    if (state !== 'ok') return sendPage(reply, <ExportLinkProblemPage ctx={ctx} reason={state} />, 410);
    return sendPage(reply, <ExportLinkPage ctx={ctx} action={request.url.split('?')[0]} />);
  });

  server.post('/:locale/privacy/export/:token', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    if (limited(request, 'dsr-export')) return tooManyRequests(services, request, reply);
    const { token } = request.params as { token: string };
    const used = TOKEN.test(token) ? await dsr.useExportLink(token) : ({ ok: false, reason: 'invalid' } as const);
    if (!used.ok) {
      const ctx = pageContext(services, request, locale);
      return sendPage(reply, <ExportLinkProblemPage ctx={ctx} reason={used.reason} />, 410);
    }
    const built = await buildExport(
      app,
      {
        subjectIds: used.subjectIds,
        locale: used.locale,
        actor: { kind: 'system', job: 'privacy-export' },
        requestRef: used.ref,
      },
      dsr.exportSections,
    );
    return reply
      .code(200)
      .header('content-type', 'application/zip')
      .header('content-disposition', `attachment; filename="${used.ref.toLowerCase()}-data.zip"`)
      .header('cache-control', 'no-store')
      .send(Buffer.from(built.zip));
  });

  // ——— Staff: the request centre (CM-16) ———

  function requireStaff(request: FastifyRequest, reply: FastifyReply, locale: Locale): StaffUser | null {
    if (!request.staff) {
      void seeOther(reply, `/${locale}/staff/login`);
      return null;
    }
    if (!can(request.staff.role, 'privacy.requests')) {
      void forbidden(services, request, reply);
      return null;
    }
    return request.staff;
  }

  async function showRequest(
    request: FastifyRequest,
    reply: FastifyReply,
    locale: Locale,
    staff: StaffUser,
    id: string,
    extra: { notice?: MessageKey; error?: MessageKey; values?: Record<string, string> } = {},
    status = 200,
  ) {
    const view = await dsr.view(id, { staff: { kind: 'staff', id: staff.id } });
    if (!view) return notFound(services, request, reply);
    const ctx = pageContext(services, request, locale);
    return sendPage(reply, <StaffRequestPage ctx={ctx} request={view} {...extra} />, status);
  }

  server.get('/:locale/staff/requests', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    if (!requireStaff(request, reply, locale)) return reply;
    const [queue, closed] = [await dsr.queue(), await dsr.closed()];
    return sendPage(
      reply,
      <StaffQueuePage ctx={pageContext(services, request, locale)} queue={queue} closed={closed} />,
    );
  });

  server.get('/:locale/staff/requests/new', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    if (!requireStaff(request, reply, locale)) return reply;
    const ctx = pageContext(services, request, locale);
    return sendPage(reply, <StaffNewRequestPage ctx={ctx} values={{ channel: 'email' }} errors={{}} />);
  });

  server.post('/:locale/staff/requests/new', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const staff = requireStaff(request, reply, locale);
    if (!staff) return reply;
    const body = request.body as Body;
    const values = Object.fromEntries(
      ['kind', 'channel', 'contact', 'received', 'details', 'verification'].map((k) => [
        k,
        (body[k] ?? '').slice(0, 4000),
      ]),
    );
    const errors: Record<string, MessageKey> = {};
    const contact = parseContact(values.contact);
    const details = normaliseInput(values.details, { multiline: true });
    const received = toAsciiDigits(normaliseInput(values.received));
    const receivedAt = received && received !== dsr.today() ? receivedDay(received) : new Date();
    if (!isKind(values.kind)) errors.kind = 'dsr.error.kind';
    else if (NEEDS_DETAILS.includes(values.kind) && !details) errors.details = 'dsr.error.details';
    if (!contact) errors.contact = 'dsr.error.contact';
    if (!receivedAt || receivedAt.getTime() > Date.now()) errors.received = 'dsr.error.date';
    const verification = (STAFF_VERIFICATIONS as readonly string[]).includes(values.verification)
      ? (values.verification as StaffVerification)
      : null;
    if (Object.keys(errors).length > 0 || !contact || !receivedAt) {
      const ctx = pageContext(services, request, locale);
      return sendPage(reply, <StaffNewRequestPage ctx={ctx} values={values} errors={errors} />, 422);
    }
    const created = await dsr.create({
      kind: values.kind as RequestKind,
      channel: values.channel === 'phone' ? 'phone' : 'email',
      locale,
      // Whose data it is counts only once the requester is verified: until then, nobody's.
      subjectIds: verification ? await dsr.subjectsOfContact(contact.kind, contact.value) : [],
      contact,
      details,
      verification: verification ? `staff:${verification}` : null,
      actor: { kind: 'staff', id: staff.id },
      receivedAt,
    });
    return seeOther(reply, `/${locale}/staff/requests/${created.id}`);
  });

  server.get('/:locale/staff/requests/:id', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const staff = requireStaff(request, reply, locale);
    if (!staff) return reply;
    const { id } = request.params as { id: string };
    if (!UUID.test(id)) return notFound(services, request, reply);
    return showRequest(request, reply, locale, staff, id);
  });

  server.post('/:locale/staff/requests/:id/:action', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const staff = requireStaff(request, reply, locale);
    if (!staff) return reply;
    const { id, action } = request.params as { id: string; action: string };
    if (!UUID.test(id)) return notFound(services, request, reply);
    const body = request.body as Body;
    const actor: Actor & { kind: 'staff' } = { kind: 'staff', id: staff.id };
    const message = normaliseInput((body.message ?? '').slice(0, 4000), { multiline: true });
    let result: ActionResult;
    switch (action) {
      case 'acknowledge':
        result = await dsr.acknowledge(id, actor);
        break;
      case 'verify': {
        const method = body.verification as StaffVerification;
        if (!STAFF_VERIFICATIONS.includes(method)) return showRequest(request, reply, locale, staff, id, {}, 422);
        result = await dsr.verifyByStaff(id, actor, method);
        break;
      }
      case 'answer':
        if (!message) return showRequest(request, reply, locale, staff, id, { error: 'dsr.error.message' }, 422);
        result = await dsr.answer(id, actor, message, body.internal === 'yes' ? 'internal' : 'public');
        break;
      case 'complete':
        result = await dsr.complete(id, actor, message || undefined);
        break;
      case 'reject':
        result = await dsr.reject(id, actor, message || undefined);
        break;
      case 'export':
        result = await dsr.sendExport(id, actor);
        break;
      case 'erase':
        result = await dsr.carryOutErasure(id, actor);
        break;
      case 'opt-out':
        result = await dsr.optOut(id, actor);
        break;
      case 'rectify': {
        const change = {
          name: normaliseInput(body.name ?? '').slice(0, 120),
          address: normaliseInput(body.address ?? '', { multiline: true }).slice(0, 500),
        };
        result = await dsr.rectify(id, actor, change);
        break;
      }
      default:
        return notFound(services, request, reply);
    }
    if (!result.ok) {
      if (result.reason === 'not_found') return notFound(services, request, reply);
      return showRequest(request, reply, locale, staff, id, { error: `dsr.refusal.${result.reason}` }, 409);
    }
    return showRequest(request, reply, locale, staff, id, { notice: 'dsr.staff.done' });
  });
}

/**
 * An earlier day a request arrived on, typed by staff, as an instant: noon UTC, which falls on that same day in every
 * time zone from UTC−11 to UTC+11 (every shop's). Null for a day that does not exist.
 */
function receivedDay(day: string): Date | null {
  if (!DAY.test(day)) return null;
  const noonUtc = new Date(`${day}T12:00:00Z`);
  return Number.isNaN(noonUtc.getTime()) || noonUtc.toISOString().slice(0, 10) !== day ? null : noonUtc;
}
