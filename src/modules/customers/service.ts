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

export interface GuestCustomer extends CustomerRef {
  readonly row: DB['customers'];
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

  /**
   * A guest buyer as a customer of their own, with a new data subject and key, sealed but not yet stored: the order
   * transaction stores it with `insertGuest`. A guest is never matched to an existing customer by the phone or e-mail
   * they type: anyone can type anyone's number, and the order would then join (and be erased or exported with) a
   * stranger's record. A guest's orders reach an account through the confirmed e-mail or phone instead.
   */
  async sealGuest(contact: ContactDetails): Promise<GuestCustomer> {
    const subjectId = await this.kernel.newSubject();
    const row: DB['customers'] = {
      id: randomUUID(),
      subject_id: subjectId,
      name_enc: await this.kernel.seal(subjectId, 'customers.name_enc', contact.name),
      email_enc: await this.kernel.seal(subjectId, 'customers.email_enc', contact.email),
      phone_enc: await this.kernel.seal(subjectId, 'customers.phone_enc', contact.phone),
      address_enc: await this.kernel.seal(subjectId, 'customers.address_enc', contact.address),
      email_bidx: this.emailIndex(contact.email),
      phone_bidx: this.phoneIndex(contact.phone),
      created_at: new Date().toISOString(),
    };
    return { id: row.id, subjectId, row };
  }

  async insertGuest(trx: Transaction<DB>, guest: GuestCustomer): Promise<void> {
    await trx.insertInto('customers').values(guest.row).execute();
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
