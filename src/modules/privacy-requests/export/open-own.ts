import type { FieldId, Purpose } from '../../../privacy/datamap.ts';
import type { PrivacyKernel } from '../../../privacy/kernel.ts';

/**
 * Opens sealed fields of one subject for that subject themselves (the export): the kernel checks each field against
 * a purpose it declares, so fields are grouped by their first declared purpose, one reveal per group. A subject
 * reading their own data is not audited; the export as a whole is (see build.ts).
 */
export async function openOwn<F extends FieldId>(
  kernel: PrivacyKernel,
  subjectId: string,
  fields: Partial<Record<F, string | null>>,
): Promise<Record<F, string | null>> {
  const groups = new Map<Purpose, Partial<Record<F, string | null>>>();
  for (const [field, sealed] of Object.entries(fields) as [F, string | null][]) {
    const purpose = kernel.dataMap.field(field)?.purposes?.[0];
    if (!purpose) throw new Error(`${field} declares no purpose`);
    const group: Partial<Record<F, string | null>> = groups.get(purpose) ?? {};
    group[field] = sealed;
    groups.set(purpose, group);
  }
  const out = {} as Record<F, string | null>;
  for (const [purpose, group] of groups) {
    Object.assign(
      out,
      await kernel.reveal({ actor: { kind: 'customer', subjectId }, purpose, subjectId, fields: group }),
    );
  }
  return out;
}
