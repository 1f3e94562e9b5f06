import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { hashPassword, verifyPassword } from '../../privacy/password-hash.ts';

import type { StaffRole } from './permissions.ts';

export type { StaffRole };

export interface StaffUser {
  id: string;
  username: string;
  displayName: string;
  role: StaffRole;
}

export class StaffService {
  constructor(private readonly db: Kysely<DB>) {}

  async create(input: {
    username: string;
    displayName: string;
    role: StaffRole;
    password: string;
  }): Promise<StaffUser> {
    const id = randomUUID();
    await this.db
      .insertInto('staff_users')
      .values({
        id,
        username: input.username.trim().toLowerCase(),
        display_name: input.displayName,
        password_hash: await hashPassword(input.password),
        role: input.role,
        disabled: 0,
        created_at: new Date().toISOString(),
      })
      .execute();
    return { id, username: input.username, displayName: input.displayName, role: input.role };
  }

  /** Returns the staff user when the password matches an active account, null otherwise. */
  async verify(username: string, password: string): Promise<StaffUser | null> {
    const row = await this.db
      .selectFrom('staff_users')
      .selectAll()
      .where('username', '=', username.trim().toLowerCase())
      .executeTakeFirst();
    const ok = await verifyPassword(row?.password_hash, password);
    if (!row || !ok || row.disabled) return null;
    return toStaff(row);
  }

  async byId(id: string): Promise<StaffUser | null> {
    const row = await this.db.selectFrom('staff_users').selectAll().where('id', '=', id).executeTakeFirst();
    return row && !row.disabled ? toStaff(row) : null;
  }

  async byUsername(username: string): Promise<StaffUser | null> {
    const row = await this.db
      .selectFrom('staff_users')
      .selectAll()
      .where('username', '=', username.trim().toLowerCase())
      .executeTakeFirst();
    return row ? toStaff(row) : null;
  }

  /** The active staff accounts of one role, by display name (the couriers an order can be assigned to). */
  async withRole(role: StaffRole): Promise<StaffUser[]> {
    const rows = await this.db
      .selectFrom('staff_users')
      .selectAll()
      .where('role', '=', role)
      .where('disabled', '=', 0)
      .orderBy('display_name')
      .orderBy('id')
      .execute();
    return rows.map(toStaff);
  }

  /** Gives a staff account a new password and ends its sessions; false when there is no such account. */
  async setPassword(username: string, password: string): Promise<boolean> {
    const user = await this.byUsername(username);
    if (!user) return false;
    await this.db
      .updateTable('staff_users')
      .set({ password_hash: await hashPassword(password) })
      .where('id', '=', user.id)
      .execute();
    await this.db.deleteFrom('sessions').where('staff_id', '=', user.id).execute();
    return true;
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('staff_users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}

function toStaff(row: DB['staff_users']): StaffUser {
  return { id: row.id, username: row.username, displayName: row.display_name, role: row.role as StaffRole };
}

/** A one-time password for a new or reset staff account: 4 groups of 4 from an unambiguous alphabet. */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(16);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}
