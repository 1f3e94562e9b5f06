import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Locale } from '../../i18n/locales.ts';
import { normaliseInput } from '../../i18n/numbers.ts';
import type { MessageKey } from '../../i18n/translate.ts';
import { pageContext, type Services } from '../../server/context.ts';
import { localeParam, notFound, seeOther } from '../../server/http.tsx';
import { sendPage } from '../../server/render.tsx';
import { passwordProblem } from '../accounts/passwords.ts';
import type { FormValues } from '../settings/form-fields.tsx';
import { requireStaff } from '../staff/guard.ts';
import { can, isStaffRole } from '../staff/permissions.ts';
import type { MemberChange } from './service.ts';
import { JoinPage, type TeamNotice, TeamPage } from './views.tsx';

const UUID = /^[0-9a-f-]{36}$/;
const TOKEN = /^[A-Za-z0-9_-]{32}$/;
const USERNAME = /^[a-z0-9_.-]{3,32}$/;

export function teamRoutes(server: FastifyInstance, services: Services): void {
  const { app, sessions } = services;
  const { team } = app;

  async function showTeam(
    request: FastifyRequest,
    reply: FastifyReply,
    locale: Locale,
    extra: { values?: FormValues; errors?: Record<string, MessageKey>; notice?: TeamNotice; status?: number } = {},
  ) {
    const [members, invitations] = await Promise.all([team.members(), team.pendingInvitations()]);
    return sendPage(
      reply,
      <TeamPage
        ctx={pageContext(services, request, locale)}
        members={members}
        invitations={invitations}
        values={extra.values ?? {}}
        errors={extra.errors ?? {}}
        notice={extra.notice}
      />,
      extra.status ?? 200,
    );
  }

  server.get('/:locale/staff/team', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    if (!requireStaff(services, request, reply, locale, 'staff.manage')) return reply;
    const notice = (request.query as { done?: string }).done as TeamNotice | undefined;
    const known: TeamNotice[] = ['invited', 'deactivated', 'reactivated', 'roleChanged', 'revoked'];
    return showTeam(request, reply, locale, { notice: notice && known.includes(notice) ? notice : undefined });
  });

  server.post('/:locale/staff/team/invite', async (request, reply) => {
    const locale = localeParam(request);
    if (!locale) return notFound(services, request, reply);
    const staff = requireStaff(services, request, reply, locale, 'staff.manage');
    if (!staff) return reply;
    const body = (request.body ?? {}) as Record<string, string>;
    const values = {
      name: String(body.name ?? '').slice(0, 200),
      email: String(body.email ?? '').slice(0, 200),
      role: String(body.role ?? ''),
    };
    const errors: Record<string, MessageKey> = {};
    const name = normaliseInput(values.name);
    if (!name) errors.name = 'setup.errorRequired';
    else if (name.length > 120) errors.name = 'setup.errorTooLong';
    const email = normaliseInput(values.email).toLowerCase();
    if (!z.email().safeParse(email).success) errors.email = 'settings.errorEmail';
    if (!isStaffRole(values.role)) errors.role = 'setup.errorChoose';
    if (Object.keys(errors).length > 0) return showTeam(request, reply, locale, { values, errors, status: 422 });
    await team.invite({ byStaffId: staff.id, email, displayName: name, role: values.role as never, locale });
    return seeOther(reply, `/${locale}/staff/team?done=invited`);
  });

  const memberAction = (
    action: 'deactivate' | 'reactivate' | 'role',
    run: (by: string, id: string, body: Record<string, string>) => Promise<MemberChange | null>,
    done: TeamNotice,
  ) =>
    server.post(`/:locale/staff/team/:id/${action}`, async (request, reply) => {
      const locale = localeParam(request);
      const { id } = request.params as { id: string };
      if (!locale || !UUID.test(id)) return notFound(services, request, reply);
      const staff = requireStaff(services, request, reply, locale, 'staff.manage');
      if (!staff) return reply;
      const result = await run(staff.id, id, (request.body ?? {}) as Record<string, string>);
      if (!result || (!result.ok && result.reason === 'not_found')) return notFound(services, request, reply);
      if (!result.ok) {
        return showTeam(request, reply, locale, {
          notice: result.reason === 'self' ? 'self' : 'lastOwner',
          status: 409,
        });
      }
      return seeOther(reply, `/${locale}/staff/team?done=${done}`);
    });
  memberAction('deactivate', (by, id) => team.deactivate(by, id), 'deactivated');
  memberAction('reactivate', (by, id) => team.reactivate(by, id), 'reactivated');
  memberAction(
    'role',
    async (by, id, body) => (isStaffRole(body.role) ? team.changeRole(by, id, body.role) : null),
    'roleChanged',
  );

  server.post('/:locale/staff/team/invitations/:id/revoke', async (request, reply) => {
    const locale = localeParam(request);
    const { id } = request.params as { id: string };
    if (!locale || !UUID.test(id)) return notFound(services, request, reply);
    const staff = requireStaff(services, request, reply, locale, 'staff.manage');
    if (!staff) return reply;
    if (!(await team.revokeInvitation(staff.id, id))) return notFound(services, request, reply);
    return seeOther(reply, `/${locale}/staff/team?done=revoked`);
  });

  /** The invitee's link: no sign-in needed, the token is the credential (single use, expiring). */
  server.get('/:locale/staff/invitation/:token', async (request, reply) => {
    const locale = localeParam(request);
    const { token } = request.params as { token: string };
    if (!locale) return notFound(services, request, reply);
    const invitation = TOKEN.test(token) ? await team.openInvitation(token) : null;
    const ctx = pageContext(services, request, locale);
    return sendPage(
      reply,
      <JoinPage ctx={ctx} invitation={invitation} token={token} values={{}} errors={{}} />,
      invitation ? 200 : 404,
    );
  });

  server.post('/:locale/staff/invitation/:token', async (request, reply) => {
    const locale = localeParam(request);
    const { token } = request.params as { token: string };
    if (!locale) return notFound(services, request, reply);
    const invitation = TOKEN.test(token) ? await team.openInvitation(token) : null;
    const body = (request.body ?? {}) as Record<string, string>;
    const values = { username: String(body.username ?? '').slice(0, 100) };
    const render = (errors: Record<string, MessageKey>, status: number) =>
      sendPage(
        reply,
        <JoinPage
          ctx={pageContext(services, request, locale)}
          invitation={invitation}
          token={token}
          values={values}
          errors={errors}
        />,
        status,
      );
    if (!invitation) return render({}, 404);
    const username = normaliseInput(values.username).toLowerCase();
    const password = String(body.password ?? '').slice(0, 300);
    const errors: Record<string, MessageKey> = {};
    if (!USERNAME.test(username)) errors.username = 'setup.errorUsername';
    const problem = passwordProblem(password);
    if (problem) errors.password = problem;
    else if (password !== body.password_confirm) errors.password_confirm = 'setup.errorPasswordsDiffer';
    if (Object.keys(errors).length > 0) return render(errors, 422);
    const joined = await team.join(token, { username, password });
    if (!joined.ok) {
      return joined.reason === 'username_taken'
        ? render({ username: 'team.errorUsernameTaken' }, 422)
        : render({}, 404);
    }
    // Signed in as the new staff member, in a fresh session.
    request.session = await sessions.rotate(reply, request, request.session);
    request.session.staffId = joined.staffId;
    return seeOther(reply, can(invitation.role, 'orders.view') ? `/${locale}/staff` : `/${locale}/staff/deliveries`);
  });
}
