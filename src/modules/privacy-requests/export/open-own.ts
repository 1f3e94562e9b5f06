import type { FieldId, Purpose } from '../../../privacy/datamap.ts';
import type { PrivacyKernel } from '../../../privacy/kernel.ts';

/** Groupings already worked out, by the list of fields (an export asks the same few lists a thousand times). */
const plans = new Map<string, [Purpose, FieldId[]][]>();

/**
 * Fields grouped so that each group shares one declared purpose, in as few groups as the greedy choice finds: the
 * kernel checks every field of a reveal against the one purpose it is made for.
 */
function plan(kernel: PrivacyKernel, fields: FieldId[]): [Purpose, FieldId[]][] {
  const key = fields.join('|');
  const known = plans.get(key);
  if (known) return known;
  const left = new Set(fields);
  const groups: [Purpose, FieldId[]][] = [];
  while (left.size > 0) {
    const counts = new Map<Purpose, FieldId[]>();
    for (const field of left) {
      const purposes = kernel.dataMap.field(field)?.purposes;
      if (!purposes?.length) throw new Error(`${field} declares no purpose`);
      for (const p of purposes) counts.set(p, [...(counts.get(p) ?? []), field]);
    }
    const [purpose, covered] = [...counts].sort((a, b) => b[1].length - a[1].length)[0];
    groups.push([purpose, covered]);
    for (const f of covered) left.delete(f);
  }
  plans.set(key, groups);
  return groups;
}

/**
 * Opens sealed fields of one subject for that subject themselves (the export). A subject reading their own data is
 * not audited; the export as a whole is (see build.tsx). Empty fields stay null without a reveal.
 */
export async function openOwn<F extends FieldId>(
  kernel: PrivacyKernel,
  subjectId: string,
  fields: Partial<Record<F, string | null>>,
): Promise<Record<F, string | null>> {
  const out = {} as Record<F, string | null>;
  const present: F[] = [];
  for (const [field, sealed] of Object.entries(fields) as [F, string | null][]) {
    out[field] = null;
    if (sealed) present.push(field);
  }
  for (const [purpose, group] of plan(kernel, present)) {
    const subset = Object.fromEntries(group.map((f) => [f, fields[f as F]])) as Partial<Record<F, string | null>>;
    Object.assign(
      out,
      await kernel.reveal({ actor: { kind: 'customer', subjectId }, purpose, subjectId, fields: subset }),
    );
  }
  return out;
}
