import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { PrivacyKernel } from '../../privacy/kernel.ts';

export interface ContactDetails {
  name: string;
  /** E.164 */
  phone: string;
  /** Lower-cased, or empty when not given. */
  email: string;
  address: string;
}

export interface CustomerRef {
  id: string;
  subjectId: string;
}

/** Customers: found by the blind index of their phone (then e-mail), never by plaintext. */
export class CustomerService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly kernel: PrivacyKernel,
  ) {}

  phoneIndex(e164: string): string {
    return this.kernel.blindIndex('phone', e164);
  }

  emailIndex(email: string): string | null {
    return email ? this.kernel.blindIndex('email', email.trim().toLowerCase()) : null;
  }

  /** The customer with this phone (or e-mail), or a new one with a new data subject and key. */
  async findOrCreate(contact: ContactDetails): Promise<CustomerRef> {
    const phoneBidx = this.phoneIndex(contact.phone);
    const emailBidx = this.emailIndex(contact.email);
    const existing = await this.db
      .selectFrom('customers')
      .select(['id', 'subject_id'])
      .where((eb) =>
        eb.or([eb('phone_bidx', '=', phoneBidx), ...(emailBidx ? [eb('email_bidx', '=', emailBidx)] : [])]),
      )
      .orderBy('created_at')
      .executeTakeFirst();
    if (existing) return { id: existing.id, subjectId: existing.subject_id };
    const subjectId = await this.kernel.newSubject();
    const id = randomUUID();
    await this.db
      .insertInto('customers')
      .values({
        id,
        subject_id: subjectId,
        name_enc: await this.kernel.seal(subjectId, 'customers.name_enc', contact.name),
        email_enc: await this.kernel.seal(subjectId, 'customers.email_enc', contact.email),
        phone_enc: await this.kernel.seal(subjectId, 'customers.phone_enc', contact.phone),
        address_enc: await this.kernel.seal(subjectId, 'customers.address_enc', contact.address),
        email_bidx: emailBidx,
        phone_bidx: phoneBidx,
        created_at: new Date().toISOString(),
      })
      .execute();
    return { id, subjectId };
  }

  async ref(id: string): Promise<CustomerRef> {
    const row = await this.db
      .selectFrom('customers')
      .select(['id', 'subject_id'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return { id: row.id, subjectId: row.subject_id };
  }

  async byId(id: string, trx: Kysely<DB> | Transaction<DB> = this.db) {
    return trx.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
  }
}
