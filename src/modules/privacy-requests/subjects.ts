import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

/**
 * The data subjects a person owns: their account's customer record, and the customer records reachable through an
 * e-mail or phone they have proved — guest orders' buyers with that address, and an account that has confirmed it.
 * A record whose account typed the address but never confirmed it is someone else's claim and is left out (KN-05).
 * One query. Reads the customers and accounts tables directly: the export and the erasure cut across modules, and
 * doing it in one query is what keeps an export of 1,000 orders fast (no N+1 through the services).
 */
export async function reachableSubjects(
  db: Kysely<DB>,
  proved: { customerId?: string; emailBidx?: string | null; phoneBidx?: string | null },
): Promise<string[]> {
  const { customerId, emailBidx, phoneBidx } = proved;
  if (!customerId && !emailBidx && !phoneBidx) return [];
  const rows = await db
    .selectFrom('customers as c')
    .leftJoin('accounts as a', 'a.customer_id', 'c.id')
    .select(['c.subject_id', 'c.created_at'])
    .where((eb) =>
      eb.or([
        ...(customerId ? [eb('c.id', '=', customerId)] : []),
        ...(emailBidx
          ? [
              eb.and([
                eb('c.email_bidx', '=', emailBidx),
                eb.or([eb('a.id', 'is', null), eb('a.email_confirmed_at', 'is not', null)]),
              ]),
            ]
          : []),
        ...(phoneBidx
          ? [
              eb.and([
                eb('c.phone_bidx', '=', phoneBidx),
                eb.or([eb('a.id', 'is', null), eb('a.phone_confirmed_at', 'is not', null)]),
              ]),
            ]
          : []),
      ]),
    )
    .orderBy('c.created_at')
    .execute();
  return [...new Set(rows.map((r) => r.subject_id))];
}

/** What an account has proved: its customer, and its e-mail and phone once confirmed. One query. */
export async function accountProof(
  db: Kysely<DB>,
  accountId: string,
): Promise<{ customerId: string; subjectId: string; emailBidx: string | null; phoneBidx: string | null } | null> {
  const row = await db
    .selectFrom('accounts as a')
    .innerJoin('customers as c', 'c.id', 'a.customer_id')
    .select([
      'a.customer_id',
      'c.subject_id',
      'c.email_bidx',
      'c.phone_bidx',
      'a.email_confirmed_at',
      'a.phone_confirmed_at',
    ])
    .where('a.id', '=', accountId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    customerId: row.customer_id,
    subjectId: row.subject_id,
    emailBidx: row.email_confirmed_at ? row.email_bidx : null,
    phoneBidx: row.phone_confirmed_at ? row.phone_bidx : null,
  };
}
