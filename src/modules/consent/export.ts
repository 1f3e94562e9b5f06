import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

/** One answer to the cookie banner, as the data-subject export shows it. */
export interface ExportedCookieConsent {
  choices: Record<string, boolean>;
  policyVersion: number;
  policyEffectiveAt: string | null;
  givenHow: string;
  givenAt: string;
  withdrawnAt: string | null;
  withdrawnHow: string | null;
}

/** One request for news and offers: asked, confirmed, withdrawn, each with the policy version then in force. */
export interface ExportedSubscription {
  channel: string;
  status: string;
  source: string;
  requestedAt: string;
  requestedPolicyVersion: number;
  confirmedAt: string | null;
  confirmedPolicyVersion: number | null;
  withdrawnAt: string | null;
  withdrawnHow: string | null;
}

export interface ConsentExport {
  cookieConsents: ExportedCookieConsent[];
  marketingSubscriptions: ExportedSubscription[];
}

/**
 * The consent section of a data-subject export (CM-13): every consent record and marketing subscription of these
 * subjects, oldest first, with the policy versions they were given under. Plain JSON; the addresses themselves are
 * in the export's profile section and are not repeated here.
 */
export async function consentExport(db: Kysely<DB>, subjectIds: string[]): Promise<ConsentExport> {
  if (subjectIds.length === 0) return { cookieConsents: [], marketingSubscriptions: [] };
  const [consents, subscriptions, versions] = await Promise.all([
    db.selectFrom('consent_records').selectAll().where('subject_id', 'in', subjectIds).orderBy('given_at').execute(),
    db
      .selectFrom('marketing_subscriptions')
      .select([
        'channel',
        'status',
        'source',
        'requested_at',
        'requested_policy_version',
        'confirmed_at',
        'confirmed_policy_version',
        'withdrawn_at',
        'withdrawn_how',
      ])
      .where('subject_id', 'in', subjectIds)
      .orderBy('requested_at')
      .execute(),
    db.selectFrom('policy_versions').select(['number', 'effective_at']).execute(),
  ]);
  const effective = new Map(versions.map((v) => [Number(v.number), v.effective_at]));
  return {
    cookieConsents: consents.map((c) => ({
      choices: JSON.parse(c.choices) as Record<string, boolean>,
      policyVersion: Number(c.policy_version),
      policyEffectiveAt: effective.get(Number(c.policy_version)) ?? null,
      givenHow: c.given_how,
      givenAt: c.given_at,
      withdrawnAt: c.withdrawn_at,
      withdrawnHow: c.withdrawn_how,
    })),
    marketingSubscriptions: subscriptions.map((s) => ({
      channel: s.channel,
      status: s.status,
      source: s.source,
      requestedAt: s.requested_at,
      requestedPolicyVersion: Number(s.requested_policy_version),
      confirmedAt: s.confirmed_at,
      confirmedPolicyVersion: s.confirmed_policy_version === null ? null : Number(s.confirmed_policy_version),
      withdrawnAt: s.withdrawn_at,
      withdrawnHow: s.withdrawn_how,
    })),
  };
}
