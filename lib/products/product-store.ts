import { createSecretKey, type KeyObject } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { changeToken, getDb, type Db } from '@/db';
import { products } from '@/db/schema';
import { masterKeys } from '@/lib/config/env';
import { liveSealedSecrets, openSigningSecret } from './signing-secret';

const MAX_CACHED = 10_000;

/** What the gateway and forward-auth need of a product on every call. */
export type ProductRow = {
  id: number;
  slug: string;
  enabled: boolean;
  upstreamUrl: string;
  timeoutMs: number;
  maxBodyBytes: number;
  signingSecretCiphertext: string;
  previousSigningSecretCiphertext: string | null;
  previousSigningSecretExpiresAt: Date | null;
};

function prepareProductQuery(db: Db) {
  return db
    .select({
      id: products.id,
      slug: products.slug,
      enabled: products.enabled,
      upstreamUrl: products.upstreamUrl,
      timeoutMs: products.timeoutMs,
      maxBodyBytes: products.maxBodyBytes,
      signingSecretCiphertext: products.signingSecretCiphertext,
      previousSigningSecretCiphertext: products.previousSigningSecretCiphertext,
      previousSigningSecretExpiresAt: products.previousSigningSecretExpiresAt,
    })
    .from(products)
    .where(eq(products.slug, sql.placeholder('slug')))
    .prepare('gateway_find_product');
}

let queryOf: { db: Db; query: ReturnType<typeof prepareProductQuery> } | undefined;

function productQuery() {
  const db = getDb();
  if (queryOf?.db !== db) queryOf = { db, query: prepareProductQuery(db) };
  return queryOf.query;
}

// As in lib/open-api/key-store.ts: rows are reused only while SQLite reports no commit anywhere,
// so a product disabled or re-pointed applies to the very next call; PostgreSQL reads every time.
const rows = new Map<string, ProductRow | null>();
let rowsToken: string | undefined;

/** The product with this slug as the database holds it now, or undefined. */
export async function loadProduct(slug: string): Promise<ProductRow | undefined> {
  const token = changeToken();
  if (token === undefined || token !== rowsToken) {
    rows.clear();
    rowsToken = token;
  }
  const cached = rows.get(slug);
  if (cached !== undefined) return cached ?? undefined;
  const [row] = await productQuery().execute({ slug });
  if (token === undefined || token !== rowsToken) return row;
  if (rows.size >= MAX_CACHED) rows.clear();
  rows.set(slug, row ?? null);
  return row;
}

let keys: Buffer[] | undefined;
const opened = new Map<string, KeyObject>();

/** HMAC keys for the gateway signature: the current secret first, then the previous one while it lives. */
export function signingKeysOf(product: ProductRow, now: number): KeyObject[] {
  return liveSealedSecrets(product, now).map((sealed) => {
    const id = `${product.id}:${sealed}`;
    const cached = opened.get(id);
    if (cached !== undefined) return cached;
    keys ??= masterKeys();
    const key = createSecretKey(Buffer.from(openSigningSecret(sealed, product.id, keys), 'utf8'));
    if (opened.size >= MAX_CACHED) opened.clear();
    opened.set(id, key);
    return key;
  });
}
