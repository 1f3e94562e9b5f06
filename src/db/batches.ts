/** Splits ids into batches for `where … in (…)`: one statement per batch stays under every driver's parameter limit. */
export function inBatches<T>(items: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
