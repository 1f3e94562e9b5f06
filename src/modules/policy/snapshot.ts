import type { DeclaredRecipient, Localized, Preset } from '../../presets/types.ts';
import type { DataMap, FieldId, Purpose, RetentionRule } from '../../privacy/datamap.ts';

/**
 * Everything the published privacy policy says, as data: a function of the effective preset and the data map. Two
 * equal snapshots are the same policy; a different one is a new version (CM-18). Old versions are rendered from
 * their stored snapshot, so the history shows what was in force then, not what the code says now.
 */
export interface PolicySnapshot {
  identity: Preset['identity'];
  intro: Localized;
  customerDataRetention: number | 'until_request';
  /** Days after delivery within which claims are accepted; absent in versions from before it was a setting. */
  claimDays?: number;
  /** Customer data categories and how long each is kept. */
  collected: { category: string; retention: RetentionRule[] }[];
  purposes: Purpose[];
  /**
   * Purposes served only by visit statistics, which hold no personal data (MS-05, KN-08); absent in versions from
   * before they were named.
   */
  statisticsPurposes?: Purpose[];
  /** How the shop sells, which words the purposes (a booking, an order by phone); absent in older versions. */
  storefront?: Preset['storefront'];
  recipients: {
    id: string;
    name: Localized;
    kind: Preset['policy']['recipients'][number]['kind'];
    contract?: string;
    fields: { id: string; category: string | null }[];
  }[];
  /** Non-essential features that need consent (CM-12, MS-09). */
  nonEssential: string[];
  taxIdentity: boolean;
}

/**
 * `providers` are the recipients this install's configuration adds to the preset's: the SMS provider and the SMTP
 * relay (`transportRecipients`), so a change of provider is a new version.
 */
export function policySnapshot(
  preset: Preset,
  dataMap: DataMap,
  providers: readonly DeclaredRecipient[] = [],
): PolicySnapshot {
  const collected = new Map<string, Set<RetentionRule>>();
  for (const { column } of dataMap.customerFields()) {
    // Password hashes are covered by the protection paragraph; they are nobody's readable data.
    if (column.category.startsWith('user.authorization')) continue;
    // Only a shop that issues official invoices asks for a national code (KN-04).
    if (column.category.startsWith('user.government_id') && !preset.taxIdentity) continue;
    const set = collected.get(column.category) ?? new Set();
    if (column.retention) set.add(column.retention);
    collected.set(column.category, set);
  }
  return {
    identity: preset.identity,
    intro: preset.policy.intro,
    customerDataRetention: preset.policy.customerDataRetention,
    claimDays: preset.policy.claimDays,
    collected: [...collected].map(([category, rules]) => ({ category, retention: [...rules] })),
    purposes: dataMap.purposesInUse(),
    statisticsPurposes: dataMap.statisticsPurposes(),
    storefront: preset.storefront,
    recipients: [...preset.policy.recipients, ...providers].map((r) => ({
      id: r.id,
      name: r.name,
      kind: r.kind,
      ...(r.contract ? { contract: r.contract } : {}),
      fields: r.fields.map((f) => ({ id: f, category: dataMap.field(f as FieldId)?.category ?? null })),
    })),
    nonEssential: [...(preset.nonEssential ?? [])],
    taxIdentity: Boolean(preset.taxIdentity),
  };
}

/** What changed from one version to the next, as data; the history page words it in the reader's language. */
export type PolicyChange =
  | { kind: 'first' }
  | { kind: 'recipientAdded' | 'recipientRemoved'; name: Localized }
  | { kind: 'purposeAdded' | 'purposeRemoved'; purpose: Purpose }
  | { kind: 'dataAdded' | 'dataRemoved'; category: string }
  | { kind: 'retentionChanged' | 'cookiesChanged' | 'controllerChanged' | 'introChanged' | 'otherChanged' };

export function policyChanges(before: PolicySnapshot | null, after: PolicySnapshot): PolicyChange[] {
  if (!before) return [{ kind: 'first' }];
  const changes: PolicyChange[] = [];
  const ids = (s: PolicySnapshot) => new Set(s.recipients.map((r) => r.id));
  for (const r of after.recipients) if (!ids(before).has(r.id)) changes.push({ kind: 'recipientAdded', name: r.name });
  for (const r of before.recipients)
    if (!ids(after).has(r.id)) changes.push({ kind: 'recipientRemoved', name: r.name });
  const purposes = (s: PolicySnapshot) => [...s.purposes, ...(s.statisticsPurposes ?? [])];
  for (const p of purposes(after))
    if (!purposes(before).includes(p)) changes.push({ kind: 'purposeAdded', purpose: p });
  for (const p of purposes(before))
    if (!purposes(after).includes(p)) changes.push({ kind: 'purposeRemoved', purpose: p });
  const categories = (s: PolicySnapshot) => s.collected.map((c) => c.category);
  for (const c of categories(after))
    if (!categories(before).includes(c)) changes.push({ kind: 'dataAdded', category: c });
  for (const c of categories(before))
    if (!categories(after).includes(c)) changes.push({ kind: 'dataRemoved', category: c });
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const retention = (s: PolicySnapshot) => [s.customerDataRetention, s.claimDays, s.collected];
  if (!same(retention(before), retention(after)) && changes.every((c) => !c.kind.startsWith('data')))
    changes.push({ kind: 'retentionChanged' });
  if (!same(before.nonEssential, after.nonEssential)) changes.push({ kind: 'cookiesChanged' });
  if (!same(before.identity, after.identity)) changes.push({ kind: 'controllerChanged' });
  if (!same(before.intro, after.intro)) changes.push({ kind: 'introChanged' });
  // A recipient's fields, a contract reference, the tax identity: still a new version, said in general terms.
  if (changes.length === 0) changes.push({ kind: 'otherChanged' });
  return changes;
}
