import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';

/**
 * The key store: one random 256-bit data key per data subject, stored wrapped (AES-256-GCM) by the master key,
 * in a database of its own so that it is backed up apart from the data. Deleting a subject's key makes every copy
 * of that subject's sealed fields unreadable, backups included (crypto-shredding).
 */
export interface KeyStoreSchema {
  subject_keys: { subject_id: string; wrapped_key: string; created_at: string };
}

const VERSION = 'v1';

export class KeyStore {
  // Unwrapped keys of recently used subjects: unwrapping is cheap but the key-store round trip is not.
  private readonly cache = new Map<string, Buffer>();
  private static readonly CACHE_LIMIT = 10_000;

  constructor(
    private readonly db: Kysely<KeyStoreSchema>,
    private readonly masterKey: Buffer,
  ) {
    if (masterKey.length !== 32) throw new Error('the master key must be 32 bytes');
  }

  static async migrate(db: Kysely<KeyStoreSchema>): Promise<void> {
    await db.schema
      .createTable('subject_keys')
      .ifNotExists()
      .addColumn('subject_id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('wrapped_key', 'text', (c) => c.notNull())
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .execute();
  }

  /** Creates the data key of a new subject. */
  async create(subjectId: string): Promise<void> {
    const key = randomBytes(32);
    const wrapped = seal(this.masterKey, key, Buffer.from(`key:${subjectId}`));
    await this.db
      .insertInto('subject_keys')
      .values({ subject_id: subjectId, wrapped_key: wrapped, created_at: new Date().toISOString() })
      .execute();
    this.remember(subjectId, key);
  }

  /** The subject's data key, or null when it was shredded (or never existed). */
  async get(subjectId: string): Promise<Buffer | null> {
    const cached = this.cache.get(subjectId);
    if (cached) return cached;
    const row = await this.db
      .selectFrom('subject_keys')
      .select('wrapped_key')
      .where('subject_id', '=', subjectId)
      .executeTakeFirst();
    if (!row) return null;
    const key = open(this.masterKey, row.wrapped_key, Buffer.from(`key:${subjectId}`));
    this.remember(subjectId, key);
    return key;
  }

  /** Crypto-shreds a subject: their key is deleted, everything sealed with it is unreadable from now on. */
  async shred(subjectId: string): Promise<void> {
    this.cache.delete(subjectId);
    await this.db.deleteFrom('subject_keys').where('subject_id', '=', subjectId).execute();
  }

  /**
   * Crypto-shreds many subjects in one statement per chunk (an erasure can name a buyer and every separate recipient
   * of their orders): the benchmark times this as the shred itself.
   */
  async shredMany(subjectIds: string[]): Promise<void> {
    for (const id of subjectIds) this.cache.delete(id);
    for (let i = 0; i < subjectIds.length; i += 500) {
      await this.db
        .deleteFrom('subject_keys')
        .where('subject_id', 'in', subjectIds.slice(i, i + 500))
        .execute();
    }
  }

  /** Which of these subjects still have a key (a restored key-store backup brings erased ones back). */
  async existing(subjectIds: string[]): Promise<string[]> {
    const found: string[] = [];
    for (let i = 0; i < subjectIds.length; i += 500) {
      const rows = await this.db
        .selectFrom('subject_keys')
        .select('subject_id')
        .where('subject_id', 'in', subjectIds.slice(i, i + 500))
        .execute();
      found.push(...rows.map((r) => r.subject_id));
    }
    return found;
  }

  /** Forgets every unwrapped key held in memory (after a restore replaced the key store underneath). */
  forgetCache(): void {
    this.cache.clear();
  }

  private remember(subjectId: string, key: Buffer): void {
    if (this.cache.size >= KeyStore.CACHE_LIMIT) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(subjectId, key);
  }
}

/** AES-256-GCM; the associated data binds a ciphertext to its subject and field so it cannot be moved. */
export function seal(key: Buffer, plaintext: Buffer | string, aad: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}

export function open(key: Buffer, sealed: string, aad: Buffer): Buffer {
  const [version, payload] = sealed.split('.');
  if (version !== VERSION || !payload) throw new Error('unknown sealed-value format');
  const raw = Buffer.from(payload, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAAD(aad);
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
}
