// No database import here: the key table's client components read scopes with these too.

/** Which products a key opens: every one, or those named (by slug, at least one). */
export type ProductScope = 'all' | string[];

export type ProductChoice = { slug: string; name: string };

/** The products a chosen scope names, as the console lists them: by name, or the slug of one no longer listed. */
export function productNames(slugs: readonly string[], products: readonly ProductChoice[]) {
  return slugs.map((slug) => products.find((p) => p.slug === slug)?.name ?? slug);
}
