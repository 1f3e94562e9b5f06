import type { Expression, Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

/**
 * Correlated subqueries on a product's active variants, for queries that list products (`productId` is the outer
 * query's product id, e.g. `eb.ref('p.id')`): a product with options is sold by its variants, so its count and stock
 * are theirs, one subquery each in the same statement as the list.
 */

/** How many active variants the product has (0 for a product without options). */
export function activeVariantCount(db: Kysely<DB>, productId: Expression<string>) {
  return activeVariants(db, productId).select((e) => e.fn.countAll<number>().as('n'));
}

/** The stock of the product's active variants together (null when it has none). */
export function activeVariantStock(db: Kysely<DB>, productId: Expression<string>) {
  return activeVariants(db, productId).select((e) => e.fn.sum<number>('v.stock_milli').as('s'));
}

/** The product's active variants, as a subquery for `exists`. */
export function activeVariantIds(db: Kysely<DB>, productId: Expression<string>) {
  return activeVariants(db, productId).select('v.id');
}

function activeVariants(db: Kysely<DB>, productId: Expression<string>) {
  return db.selectFrom('product_variants as v').where('v.product_id', '=', productId).where('v.status', '=', 'active');
}
