import { formatDateTime } from '../../i18n/format.ts';
import type { PageContext } from '../../server/context.ts';
import { CsrfField } from '../../views/components.tsx';
import { Layout } from '../../views/layout.tsx';
import { roleMessage } from '../fulfilment/own-delivery-wording.ts';
import { FormErrorSummary, type FormErrors, type FormValues, TextField } from '../settings/form-fields.tsx';
import { PERMISSIONS, type Permission, STAFF_ROLES } from '../staff/permissions.ts';
import type { PendingInvitation, TeamMember } from './service.ts';

/** Every permission, in the order the table shows them. */
const ALL_PERMISSIONS = [...new Set(STAFF_ROLES.flatMap((r) => PERMISSIONS[r]))] as Permission[];

export type TeamNotice = 'invited' | 'deactivated' | 'reactivated' | 'roleChanged' | 'revoked' | 'self' | 'lastOwner';

export function TeamPage(props: {
  ctx: PageContext;
  members: TeamMember[];
  invitations: PendingInvitation[];
  values: FormValues;
  errors: FormErrors;
  notice?: TeamNotice;
}) {
  const { ctx, members, invitations, values, errors } = props;
  const { t, locale } = ctx;
  const when = (iso: string) => formatDateTime(iso, locale, ctx.preset.timezone, 'short');
  const bad = props.notice === 'self' || props.notice === 'lastOwner';
  return (
    <Layout ctx={ctx} title={t('team.title')} noindex>
      <h1>{t('team.title')}</h1>
      {props.notice ? (
        <p class={bad ? 'error' : 'notice success'} role={bad ? 'alert' : 'status'}>
          {t(`team.notice.${props.notice}`)}
        </p>
      ) : null}
      <table class="team">
        <caption>{t('team.members')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('team.name')}</th>
            <th scope="col">{t('team.username')}</th>
            <th scope="col">{t('team.role')}</th>
            <th scope="col">{t('team.status')}</th>
            <th scope="col">{t('team.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.id}>
              <td>{m.displayName}</td>
              <td>
                <bdi dir="ltr">{m.username}</bdi>
              </td>
              <td>{t(roleMessage(m.role, ctx.preset.storefront))}</td>
              <td>{m.active ? t('team.active') : t('team.inactive')}</td>
              <td>
                {m.id === ctx.staff?.id ? (
                  t('team.you')
                ) : (
                  <>
                    <form method="post" action={`/${locale}/staff/team/${m.id}/role`} class="inline">
                      <CsrfField ctx={ctx} />
                      <label for={`role-${m.id}`} class="visually-hidden">
                        {t('team.roleOf', { name: m.displayName })}
                      </label>
                      <select id={`role-${m.id}`} name="role">
                        {STAFF_ROLES.map((r) => (
                          <option key={r} value={r} selected={r === m.role}>
                            {t(roleMessage(r, ctx.preset.storefront))}
                          </option>
                        ))}
                      </select>{' '}
                      <button type="submit" class="secondary">
                        {t('team.changeRole')}
                      </button>
                    </form>{' '}
                    <form
                      method="post"
                      action={`/${locale}/staff/team/${m.id}/${m.active ? 'deactivate' : 'reactivate'}`}
                      class="inline"
                    >
                      <CsrfField ctx={ctx} />
                      <button type="submit" class={m.active ? 'danger' : 'secondary'}>
                        {m.active ? t('team.deactivate') : t('team.reactivate')}
                      </button>
                    </form>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>{t('team.invitations')}</h2>
      {invitations.length === 0 ? (
        <p>{t('team.noInvitations')}</p>
      ) : (
        <ul class="invitations">
          {invitations.map((i) => (
            <li key={i.id}>
              {t('team.invitation', {
                name: i.displayName,
                role: t(roleMessage(i.role, ctx.preset.storefront)),
                expires: when(i.expiresAt),
              })}{' '}
              <form method="post" action={`/${locale}/staff/team/invitations/${i.id}/revoke`} class="inline">
                <CsrfField ctx={ctx} />
                <button type="submit" class="link">
                  {t('team.revoke')}
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}

      <h2 id="invite">{t('team.invite')}</h2>
      <FormErrorSummary t={t} errors={errors} />
      <form method="post" action={`/${locale}/staff/team/invite`} novalidate>
        <CsrfField ctx={ctx} />
        <TextField t={t} values={values} errors={errors} name="name" label={t('team.inviteName')} required />
        <TextField
          t={t}
          values={values}
          errors={errors}
          name="email"
          label={t('team.inviteEmail')}
          type="email"
          dir="ltr"
          required
        />
        <div class={errors.role ? 'field field-error' : 'field'}>
          <label for="f-role">{t('team.role')}</label>
          {errors.role ? (
            <p class="error" id="f-role-error">
              {t(errors.role)}
            </p>
          ) : null}
          <select id="f-role" name="role" aria-describedby={errors.role ? 'f-role-error' : undefined}>
            {STAFF_ROLES.map((r) => (
              <option key={r} value={r} selected={r === (values.role ?? 'packer')}>
                {t(roleMessage(r, ctx.preset.storefront))}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t('team.sendInvitation')}</button>
      </form>

      <h2 id="permissions">{t('team.permissions')}</h2>
      <table class="permissions">
        <caption>{t('team.permissionsCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('team.permission')}</th>
            {STAFF_ROLES.map((r) => (
              <th scope="col" key={r}>
                {t(roleMessage(r, ctx.preset.storefront))}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {ALL_PERMISSIONS.map((p) => (
            <tr key={p}>
              <th scope="row">{t(`team.permission.${p}`)}</th>
              {STAFF_ROLES.map((r) => (
                <td key={r}>{PERMISSIONS[r].includes(p) ? t('team.allowed') : t('team.notAllowed')}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}

/** The invitee's page: choose a username and a password; the name and role come from the invitation. */
export function JoinPage(props: {
  ctx: PageContext;
  invitation: PendingInvitation | null;
  token: string;
  values: FormValues;
  errors: FormErrors;
}) {
  const { ctx, invitation, values, errors } = props;
  const { t, locale } = ctx;
  if (!invitation) {
    return (
      <Layout ctx={ctx} title={t('team.joinTitle')} noindex>
        <h1>{t('team.joinTitle')}</h1>
        <p class="error" role="alert">
          {t('team.linkInvalid')}
        </p>
      </Layout>
    );
  }
  return (
    <Layout ctx={ctx} title={t('team.joinTitle')} noindex>
      <h1>{t('team.joinTitle')}</h1>
      <p>
        {t('team.joinIntro', {
          name: invitation.displayName,
          role: t(roleMessage(invitation.role, ctx.preset.storefront)),
        })}
      </p>
      <FormErrorSummary t={t} errors={errors} />
      <form method="post" action={`/${locale}/staff/invitation/${props.token}`} novalidate>
        <CsrfField ctx={ctx} />
        <TextField
          t={t}
          values={values}
          errors={errors}
          name="username"
          label={t('setup.ownerUsername')}
          hint={t('setup.ownerUsernameHint')}
          dir="ltr"
          required
          autocomplete="username"
        />
        <TextField
          t={t}
          values={values}
          errors={errors}
          name="password"
          label={t('setup.password')}
          type="password"
          dir="ltr"
          required
          autocomplete="new-password"
        />
        <TextField
          t={t}
          values={values}
          errors={errors}
          name="password_confirm"
          label={t('setup.passwordConfirm')}
          type="password"
          dir="ltr"
          required
          autocomplete="new-password"
        />
        <button type="submit">{t('team.join')}</button>
      </form>
    </Layout>
  );
}
