import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

/** What a session holds: the cart and the orders this browser may see. Never names, phones, e-mails or addresses. */
export interface SessionData {
  /** Lines by product and, for a product with options, the variant chosen (`v`). */
  cart: { p: string; q: number; v?: string }[];
  /** Ids of orders placed or looked up in this session. */
  orders: string[];
  /** Idempotency key of the checkout form currently shown. */
  checkoutKey?: string;
  /** Where to go after signing in (a path on this site). */
  next?: string;
}

export interface Session {
  /** SHA-256 of the cookie token; the token itself is never stored. */
  id: string;
  staffId: string | null;
  accountId: string | null;
  data: SessionData;
  createdAt: string;
  lastSeenAt: string | null;
  isNew: boolean;
  dirty: boolean;
}

export const COOKIE = 'amanat_sid';
/** Idle expiry: a session unused for this long ends. */
const VISITOR_IDLE_MS = 30 * 24 * 3600_000;
const ACCOUNT_IDLE_MS = 7 * 24 * 3600_000;
const STAFF_IDLE_MS = 12 * 3600_000;
/** Absolute expiry of a signed-in session, however active. */
const SIGNED_IN_ABSOLUTE_MS = 30 * 24 * 3600_000;
/** How often the last-seen time is written back (not on every request). */
const TOUCH_EVERY_MS = 5 * 60_000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Server-side sessions behind one essential cookie (HttpOnly, SameSite=Lax, Secure behind TLS). A session is created
 * only when a visitor does something that needs one (adds to the cart, signs in): browsing sets no cookie at all.
 * Several instances share them through the database.
 */
export class SessionStore {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly secret: Buffer,
  ) {}

  async load(request: FastifyRequest): Promise<Session | null> {
    const token = request.cookies[COOKIE];
    if (!token || token.length > 100) return null;
    const id = hashToken(token);
    const row = await this.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
    const now = Date.now();
    if (!row || row.expires_at < new Date(now).toISOString()) return null;
    const signedIn = row.staff_id !== null || row.account_id !== null;
    if (signedIn && Date.parse(row.created_at) + SIGNED_IN_ABSOLUTE_MS < now) return null;
    const session: Session = {
      id,
      staffId: row.staff_id,
      accountId: row.account_id,
      data: JSON.parse(row.data) as SessionData,
      createdAt: row.created_at,
      lastSeenAt: row.last_seen_at,
      isNew: false,
      dirty: false,
    };
    // Slide the idle expiry now and then, so an active session stays and an idle one ends.
    if (!row.last_seen_at || Date.parse(row.last_seen_at) + TOUCH_EVERY_MS < now) session.dirty = true;
    return session;
  }

  /** A new session; its cookie is set by `save`. */
  create(reply: FastifyReply, request: FastifyRequest): Session {
    const token = randomBytes(32).toString('base64url');
    setCookie(reply, request, token);
    return {
      id: hashToken(token),
      staffId: null,
      accountId: null,
      data: { cart: [], orders: [] },
      createdAt: new Date().toISOString(),
      lastSeenAt: null,
      isNew: true,
      dirty: true,
    };
  }

  async save(session: Session, device: string | null): Promise<void> {
    if (!session.dirty) return;
    const idle = session.staffId ? STAFF_IDLE_MS : session.accountId ? ACCOUNT_IDLE_MS : VISITOR_IDLE_MS;
    const now = new Date();
    const values = {
      staff_id: session.staffId,
      account_id: session.accountId,
      data: JSON.stringify(session.data),
      expires_at: new Date(now.getTime() + idle).toISOString(),
      last_seen_at: now.toISOString(),
    };
    if (session.isNew) {
      await this.db
        .insertInto('sessions')
        .values({ id: session.id, created_at: session.createdAt, device, ...values })
        .execute();
      session.isNew = false;
    } else {
      await this.db.updateTable('sessions').set(values).where('id', '=', session.id).execute();
    }
    session.dirty = false;
  }

  /**
   * Rotates the session id (at sign-in, sign-out and any change of privilege): a token fixed before sign-in is
   * worthless after it. The cart moves to the new session.
   */
  async rotate(reply: FastifyReply, request: FastifyRequest, session: Session | null): Promise<Session> {
    if (session && !session.isNew) await this.db.deleteFrom('sessions').where('id', '=', session.id).execute();
    const fresh = this.create(reply, request);
    if (session) fresh.data = { ...session.data, next: undefined };
    return fresh;
  }

  async destroy(reply: FastifyReply, session: Session | null): Promise<void> {
    if (session && !session.isNew) await this.db.deleteFrom('sessions').where('id', '=', session.id).execute();
    reply.clearCookie(COOKIE, { path: '/' });
  }

  /** The signed-in sessions of an account, newest first (HK-13). */
  async ofAccount(
    accountId: string,
  ): Promise<{ id: string; device: string | null; createdAt: string; lastSeenAt: string | null }[]> {
    const rows = await this.db
      .selectFrom('sessions')
      .select(['id', 'device', 'created_at', 'last_seen_at'])
      .where('account_id', '=', accountId)
      .where('expires_at', '>', new Date().toISOString())
      // A signed-in session older than the absolute limit is refused by load(): it is not listed either.
      .where('created_at', '>', new Date(Date.now() - SIGNED_IN_ABSOLUTE_MS).toISOString())
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map((r) => ({ id: r.id, device: r.device, createdAt: r.created_at, lastSeenAt: r.last_seen_at }));
  }

  /** Ends one of the account's sessions; an id of someone else's session changes nothing. */
  async endForAccount(accountId: string, sessionId: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('sessions')
      .where('id', '=', sessionId)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async endOthersForAccount(accountId: string, keepId: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('account_id', '=', accountId).where('id', '!=', keepId).execute();
  }

  /** The CSRF token of a session: an HMAC of its id, so nothing extra is stored. */
  csrfToken(session: Session | null): string {
    return session
      ? createHmac('sha256', this.secret).update(`csrf:${session.id}`).digest('base64url').slice(0, 32)
      : '';
  }

  checkCsrf(session: Session | null, submitted: unknown): boolean {
    if (!session) return true;
    const expected = Buffer.from(this.csrfToken(session));
    const given = Buffer.from(typeof submitted === 'string' ? submitted : '');
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}

function setCookie(reply: FastifyReply, request: FastifyRequest, token: string): void {
  reply.setCookie(COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
  });
}

/** "Chrome on Android": enough for a customer to recognise a session, too coarse to fingerprint anyone. */
export function deviceSummary(userAgent: string | undefined): string | null {
  if (!userAgent) return null;
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /OPR\/|Opera/.test(userAgent)
      ? 'Opera'
      : /Firefox\//.test(userAgent)
        ? 'Firefox'
        : /SamsungBrowser/.test(userAgent)
          ? 'Samsung Internet'
          : /Chrome\/|Chromium\//.test(userAgent)
            ? 'Chrome'
            : /Safari\//.test(userAgent)
              ? 'Safari'
              : 'Browser';
  const system = /Android/.test(userAgent)
    ? 'Android'
    : /iPhone|iPad|iOS/.test(userAgent)
      ? 'iOS'
      : /Windows/.test(userAgent)
        ? 'Windows'
        : /Mac OS X|Macintosh/.test(userAgent)
          ? 'macOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : 'unknown system';
  return `${browser} · ${system}`;
}
