// Shared by the Create AccessKey menu and a key's products dialog; no React here.
import type { ProductScope } from '@/lib/products/scope-label';

/** The form field: "all", or the chosen slugs joined by commas. */
export function scopeField(scope: ProductScope) {
  return scope === 'all' ? 'all' : scope.join(',');
}

/** Unticking the last chosen product goes back to all products: a scope is never empty. */
export function toggled(scope: ProductScope, slug: string): ProductScope {
  if (scope === 'all') return [slug];
  const next = scope.includes(slug) ? scope.filter((s) => s !== slug) : [...scope, slug];
  return next.length === 0 ? 'all' : next;
}
