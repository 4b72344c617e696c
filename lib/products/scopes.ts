import { asc, eq, inArray } from 'drizzle-orm';
import { getDb, type DbExecutor } from '@/db';
import { accessKeyProducts, products } from '@/db/schema';
import { UserFacingError } from '@/lib/errors';
import type { ProductScope } from './scope-label';
import { SLUG_PATTERN } from './validation';

export type { ProductChoice, ProductScope } from './scope-label';

export const MAX_SCOPED_PRODUCTS = 100;

export class ScopeError extends UserFacingError {}

/** A scope in an audit row: "all", as the Open API writes it, or the slugs. */
export function describeScope(scope: ProductScope): string {
  return scope === 'all' ? 'all' : scope.join(', ');
}

/** The scopes of the given keys, by key row id; a key without scope rows opens every product. */
export async function scopesOf(
  keys: readonly { id: number; allProducts: boolean }[],
  executor: DbExecutor = getDb(),
): Promise<Map<number, ProductScope>> {
  const scopes = new Map<number, ProductScope>();
  const chosen = keys.filter((key) => !key.allProducts).map((key) => key.id);
  for (const key of keys) scopes.set(key.id, key.allProducts ? 'all' : []);
  if (chosen.length === 0) return scopes;
  const rows = await executor
    .select({ keyId: accessKeyProducts.accessKeyId, slug: products.slug })
    .from(accessKeyProducts)
    .innerJoin(products, eq(products.id, accessKeyProducts.productId))
    .where(inArray(accessKeyProducts.accessKeyId, chosen))
    .orderBy(asc(products.slug));
  for (const row of rows) (scopes.get(row.keyId) as string[]).push(row.slug);
  return scopes;
}

/**
 * The product ids a chosen scope names. Each slug must name an enabled product, or one the key
 * already opens (a product disabled since stays in a scope that is saved again).
 */
export async function resolveScope(
  executor: DbExecutor,
  slugs: readonly string[],
  alreadyScoped: ReadonlySet<number> = new Set(),
): Promise<number[]> {
  const wanted = [...new Set(slugs)];
  if (wanted.length === 0) throw new ScopeError('scopeEmpty');
  if (wanted.length > MAX_SCOPED_PRODUCTS) {
    throw new ScopeError('scopeTooMany', { max: MAX_SCOPED_PRODUCTS });
  }
  const rows = await executor
    .select({ id: products.id, slug: products.slug, enabled: products.enabled })
    .from(products)
    .where(inArray(products.slug, wanted));
  const usable = new Map(
    rows.filter((row) => row.enabled || alreadyScoped.has(row.id)).map((row) => [row.slug, row.id]),
  );
  const unknown = wanted.filter((slug) => !usable.has(slug));
  if (unknown.length > 0) {
    // Only what could be a slug is named back: a caller's long string is not repeated.
    const named = unknown.filter((slug) => SLUG_PATTERN.test(slug)).slice(0, 5);
    throw named.length > 0
      ? new ScopeError('scopeUnknownProducts', { slugs: named.join(', ') })
      : new ScopeError('scopeUnknownProductsUnnamed');
  }
  return wanted.map((slug) => usable.get(slug)!);
}

/** The product ids in a key's scope rows. */
export async function scopedProductIds(executor: DbExecutor, keyId: number): Promise<number[]> {
  const rows = await executor
    .select({ productId: accessKeyProducts.productId })
    .from(accessKeyProducts)
    .where(eq(accessKeyProducts.accessKeyId, keyId));
  return rows.map((row) => row.productId);
}

/** Replaces a key's scope rows; an empty list leaves none (the key opens all products). */
export async function writeScopeRows(executor: DbExecutor, keyId: number, productIds: number[]) {
  await executor.delete(accessKeyProducts).where(eq(accessKeyProducts.accessKeyId, keyId));
  if (productIds.length > 0) {
    await executor
      .insert(accessKeyProducts)
      .values(productIds.map((productId) => ({ accessKeyId: keyId, productId })));
  }
}
