import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DialectName } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';
import type { Locale } from '../../i18n/locales.ts';
import type { Outbox } from '../../notify/outbox.ts';
import type { Preset } from '../../presets/types.ts';
import { appendAudit } from '../../privacy/audit.ts';
import type { PrivacyKernel } from '../../privacy/kernel.ts';
import { hashPassword } from '../../privacy/password-hash.ts';
import type { PublicUrl } from '../../public-url.ts';
import type { StaffRole } from '../staff/permissions.ts';
import { invitationMail } from './mail.ts';

/** How long an invitation link works. */
export const INVITATION_HOURS = 72;

export interface TeamMember {
  id: string;
  username: string;
  displayName: string;
  role: StaffRole;
  active: boolean;
  createdAt: string;
}

export interface PendingInvitation {
  id: string;
  displayName: string;
  role: StaffRole;
  createdAt: string;
  expiresAt: string;
}

export type JoinResult = { ok: true; staffId: string } | { ok: false; reason: 'invalid_link' | 'username_taken' };

export type MemberChange = { ok: true } | { ok: false; reason: 'not_found' | 'self' | 'last_owner' };

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * The staff administration of the staff module (same tables): invitations by e-mail with a role, single-use and
 * expiring, the invitee choosing their own username and password; role changes and deactivation, which end the
 * member's sessions at once. Every action is a hash-chained audit entry under the acting staff member.
 */
export class TeamService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly dialect: DialectName,
    private readonly kernel: PrivacyKernel,
    private readonly outbox: Outbox,
    private readonly publicUrl: PublicUrl,
    private readonly preset: Preset,
  ) {}

  async members(): Promise<TeamMember[]> {
    const rows = await this.db.selectFrom('staff_users').selectAll().orderBy('display_name').orderBy('id').execute();
    return rows.map((r) => ({
      id: r.id,
      username: r.username,
      displayName: r.display_name,
      role: r.role as StaffRole,
      active: !r.disabled,
      createdAt: r.created_at,
    }));
  }

  async pendingInvitations(now = new Date()): Promise<PendingInvitation[]> {
    const rows = await this.db
      .selectFrom('staff_invitations')
      .selectAll()
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now.toISOString())
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      displayName: r.display_name,
      role: r.role as StaffRole,
      createdAt: r.created_at,
      expiresAt: r.expires_at,
    }));
  }

  /**
   * Invites someone by e-mail. The address is sealed into the outbox message under a data subject of its own and
   * kept nowhere else; the link carries a random token of which only a hash is stored.
   */
  async invite(input: { byStaffId: string; email: string; displayName: string; role: StaffRole; locale: Locale }) {
    const token = randomBytes(24).toString('base64url');
    const now = new Date();
    const id = randomUUID();
    const subjectId = await this.kernel.newSubject();
    const link = this.publicUrl.link(input.locale, `/staff/invitation/${token}`);
    const message = await this.outbox.seal(subjectId, 'account.access', `staff-invitation:${id}`, {
      kind: 'mail',
      mail: invitationMail(input.locale, this.preset, input.email, {
        link,
        name: input.displayName,
        role: input.role,
        hours: INVITATION_HOURS,
      }),
    });
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('staff_invitations')
        .values({
          id,
          token_hash: hashToken(token),
          subject_id: subjectId,
          display_name: input.displayName,
          role: input.role,
          locale: input.locale,
          invited_by: input.byStaffId,
          created_at: now.toISOString(),
          expires_at: new Date(now.getTime() + INVITATION_HOURS * 3_600_000).toISOString(),
          accepted_at: null,
          revoked_at: null,
          staff_id: null,
        })
        .execute();
      await this.outbox.add(trx, message);
    });
    this.outbox.wake();
    await this.audit(input.byStaffId, 'staff.invited', `${id}:${input.role}`);
    return { id };
  }

  /** The invitation a link opens, while it can still be used. */
  async openInvitation(token: string, now = new Date()): Promise<PendingInvitation | null> {
    const row = await this.db
      .selectFrom('staff_invitations')
      .selectAll()
      .where('token_hash', '=', hashToken(token))
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now.toISOString())
      .executeTakeFirst();
    return row
      ? {
          id: row.id,
          displayName: row.display_name,
          role: row.role as StaffRole,
          createdAt: row.created_at,
          expiresAt: row.expires_at,
        }
      : null;
  }

  /** Uses the link once: the guarded update claims it, and the account is created in the same transaction. */
  async join(token: string, account: { username: string; password: string }): Promise<JoinResult> {
    const now = new Date().toISOString();
    const username = account.username.trim().toLowerCase();
    const taken = await this.db
      .selectFrom('staff_users')
      .select('id')
      .where('username', '=', username)
      .executeTakeFirst();
    if (taken) return { ok: false, reason: 'username_taken' };
    const passwordHash = await hashPassword(account.password);
    const staffId = randomUUID();
    const invitation = await this.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('staff_invitations')
        .selectAll()
        .where('token_hash', '=', hashToken(token))
        .executeTakeFirst();
      if (!row) return null;
      const claimed = await trx
        .updateTable('staff_invitations')
        .set({ accepted_at: now, staff_id: staffId })
        .where('id', '=', row.id)
        .where('accepted_at', 'is', null)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) return null;
      await trx
        .insertInto('staff_users')
        .values({
          id: staffId,
          username,
          display_name: row.display_name,
          password_hash: passwordHash,
          role: row.role,
          disabled: 0,
          created_at: now,
        })
        .execute();
      return row;
    });
    if (!invitation) return { ok: false, reason: 'invalid_link' };
    await this.audit(staffId, 'staff.joined', `${invitation.id}:${invitation.role}`);
    return { ok: true, staffId };
  }

  async revokeInvitation(byStaffId: string, id: string): Promise<boolean> {
    const result = await this.db
      .updateTable('staff_invitations')
      .set({ revoked_at: new Date().toISOString() })
      .where('id', '=', id)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    await this.audit(byStaffId, 'staff.invitation_revoked', id);
    return true;
  }

  /** Deactivates a member and ends every session of theirs at once (their next request is signed out). */
  async deactivate(byStaffId: string, id: string): Promise<MemberChange> {
    const check = await this.checkChange(byStaffId, id, true);
    if (!check.ok) return check;
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('staff_users').set({ disabled: 1 }).where('id', '=', id).execute();
      await trx.deleteFrom('sessions').where('staff_id', '=', id).execute();
    });
    await this.audit(byStaffId, 'staff.deactivated', id);
    return { ok: true };
  }

  async reactivate(byStaffId: string, id: string): Promise<MemberChange> {
    const check = await this.checkChange(byStaffId, id, false);
    if (!check.ok) return check;
    await this.db.updateTable('staff_users').set({ disabled: 0 }).where('id', '=', id).execute();
    await this.audit(byStaffId, 'staff.reactivated', id);
    return { ok: true };
  }

  /** Gives a member another role; their sessions end, so the new role applies from their next sign-in. */
  async changeRole(byStaffId: string, id: string, role: StaffRole): Promise<MemberChange> {
    const check = await this.checkChange(byStaffId, id, true);
    if (!check.ok) return check;
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('staff_users').set({ role }).where('id', '=', id).execute();
      await trx.deleteFrom('sessions').where('staff_id', '=', id).execute();
    });
    await this.audit(byStaffId, 'staff.role_changed', `${id}:${role}`);
    return { ok: true };
  }

  /** Nobody changes their own account here, and the shop always keeps an active owner. */
  private async checkChange(byStaffId: string, id: string, removesOwner: boolean): Promise<MemberChange> {
    if (id === byStaffId) return { ok: false, reason: 'self' };
    const target = await this.db.selectFrom('staff_users').selectAll().where('id', '=', id).executeTakeFirst();
    if (!target) return { ok: false, reason: 'not_found' };
    if (removesOwner && target.role === 'owner' && !target.disabled) {
      const owners = await this.db
        .selectFrom('staff_users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('role', '=', 'owner')
        .where('disabled', '=', 0)
        .executeTakeFirstOrThrow();
      if (Number(owners.n) <= 1) return { ok: false, reason: 'last_owner' };
    }
    return { ok: true };
  }

  private async audit(staffId: string, action: string, detail: string): Promise<void> {
    await appendAudit(this.db, this.dialect, {
      actor: `staff:${staffId}`,
      action,
      purpose: null,
      subject_id: null,
      field: null,
      detail,
    });
  }
}
