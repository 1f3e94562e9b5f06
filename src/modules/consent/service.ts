import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { NonEssentialFeature, Preset } from '../../presets/types.ts';
import type { PolicyVersions } from '../policy/versions.ts';
import { CONSENT_COOKIE } from './features.ts';

/** What the visitor of one request has agreed to. Read from their consent cookie and `Sec-GPC`, no database. */
export interface ConsentState {
  /** Features the visitor agreed to: always none under Global Privacy Control. */
  granted: ReadonlySet<NonEssentialFeature>;
  /** The record the visitor's consent cookie names, if the cookie is genuine. */
  recordId: string | null;
  /** The browser sends `Sec-GPC: 1`: a refusal of everything non-essential, without asking. */
  gpc: boolean;
}

export type ConsentHow = 'banner' | 'settings' | 'gpc';

/**
 * Consent to the shop's non-essential features (CM-12). A shop that enables none asks nothing. A visitor's answer is
 * a consent record (what, when, which policy version, how) and an essential cookie carrying the record's id with an
 * HMAC, so pages know the answer without reading the database. A new answer withdraws the previous record.
 * `Sec-GPC: 1` counts as a refusal on every request; a visitor whose cookie still agrees to something has that
 * withdrawn and recorded, how: 'gpc'.
 */
export class ConsentService {
  private readonly key: Buffer;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly preset: Preset,
    private readonly versions: PolicyVersions,
    secret: Buffer,
  ) {
    this.key = createHmac('sha256', secret).update('consent-cookie').digest();
  }

  /** The features this shop enables that need consent. */
  get features(): readonly NonEssentialFeature[] {
    return this.preset.nonEssential ?? [];
  }

  stateOf(request: FastifyRequest): ConsentState {
    const gpc = request.headers['sec-gpc'] === '1';
    const parsed = this.parseCookie(request.cookies[CONSENT_COOKIE]);
    if (!parsed) return { granted: new Set(), recordId: null, gpc };
    return { granted: gpc ? new Set() : parsed.granted, recordId: parsed.id, gpc };
  }

  /** Ask only a visitor who has not answered, whose browser has not refused already, in a shop that has something to ask. */
  bannerNeeded(state: ConsentState): boolean {
    return this.features.length > 0 && !state.gpc && state.recordId === null;
  }

  /** The previous state's features still agreed to, once GPC is sent: those must be withdrawn (and recorded). */
  needsGpcWithdrawal(state: ConsentState, request: FastifyRequest): boolean {
    if (!state.gpc || !state.recordId) return false;
    return (this.parseCookie(request.cookies[CONSENT_COOKIE])?.granted.size ?? 0) > 0;
  }

  /**
   * Records an answer (features not named are refused) and withdraws the one it replaces. Returns the cookie value
   * that carries it.
   */
  async record(input: {
    granted: NonEssentialFeature[];
    how: ConsentHow;
    previousId: string | null;
    subjectId: string | null;
  }): Promise<{ id: string; cookie: string }> {
    const id = randomBytes(16).toString('hex');
    const now = new Date().toISOString();
    const choices = Object.fromEntries(this.features.map((f) => [f, input.granted.includes(f)]));
    await this.db.transaction().execute(async (trx) => {
      if (input.previousId)
        await trx
          .updateTable('consent_records')
          .set({ withdrawn_at: now, withdrawn_how: input.how })
          .where('id', '=', input.previousId)
          .where('withdrawn_at', 'is', null)
          .execute();
      await trx
        .insertInto('consent_records')
        .values({
          id,
          subject_id: input.subjectId,
          choices: JSON.stringify(choices),
          policy_version: this.versions.current.number,
          given_how: input.how,
          given_at: now,
          withdrawn_at: null,
          withdrawn_how: null,
        })
        .execute();
    });
    const granted = this.features.filter((f) => input.granted.includes(f));
    return { id, cookie: this.cookieValue(id, granted) };
  }

  /**
   * Records a signed-in customer's Global Privacy Control as a refusal, unless their record under the policy version
   * in force already says so. (A visitor who is not signed in leaves no record: nothing would tie it to them.)
   */
  async recordGpcRefusal(subjectId: string): Promise<void> {
    const existing = await this.db
      .selectFrom('consent_records')
      .select('id')
      .where('subject_id', '=', subjectId)
      .where('given_how', '=', 'gpc')
      .where('policy_version', '=', this.versions.current.number)
      .where('withdrawn_at', 'is', null)
      .executeTakeFirst();
    if (!existing) await this.record({ granted: [], how: 'gpc', previousId: null, subjectId });
  }

  private cookieValue(id: string, granted: readonly NonEssentialFeature[]): string {
    const body = `${id}.${granted.join('+')}`;
    return `${body}.${this.sign(body)}`;
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url').slice(0, 22);
  }

  private parseCookie(value: string | undefined): { id: string; granted: Set<NonEssentialFeature> } | null {
    if (!value || value.length > 200) return null;
    const match = /^([0-9a-f]{32})\.([a-z_+]*)\.([A-Za-z0-9_-]{22})$/.exec(value);
    if (!match) return null;
    const expected = Buffer.from(this.sign(`${match[1]}.${match[2]}`));
    const given = Buffer.from(match[3]);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    const enabled = new Set<string>(this.features);
    const granted = match[2] ? match[2].split('+').filter((f): f is NonEssentialFeature => enabled.has(f)) : [];
    return { id: match[1], granted: new Set(granted) };
  }
}
