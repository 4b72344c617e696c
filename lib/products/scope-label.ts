// No database import here: the key table's client components read scopes with these too.

/** Which products a key opens: every one, or those named (by slug, at least one). */
export type ProductScope = 'all' | string[];

export type ProductChoice = { slug: string; name: string };

/** A scope as the console shows it: product names, or the slug of one no longer listed. */
export function scopeLabel(scope: ProductScope, products: readonly ProductChoice[]): string {
  if (scope === 'all') return 'All products';
  return scope.map((slug) => products.find((p) => p.slug === slug)?.name ?? slug).join(', ');
}
