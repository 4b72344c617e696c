import { asc, count, eq, sql } from 'drizzle-orm';
import { getDb, transaction, type Transaction } from '@/db';
import { accessKeyProducts, products, type Product } from '@/db/schema';
import { recordAudit, type Actor, type RequestContext } from '@/lib/audit/record';
import { UserFacingError, type ErrorKey } from '@/lib/errors';
import type { MessageValues } from '@/lib/i18n/translator';
import { generateSigningSecret, PREVIOUS_SECRET_TTL_MS, sealSigningSecret } from './signing-secret';
import { SLUG_PATTERN, type NewProduct, type ProductChange } from './validation';

export type ProductProblem = 'not_found' | 'conflict';

/** A refusal of a product change: in the console's language there, in English for the Open API. */
export class ProductError extends UserFacingError {
  constructor(
    readonly problem: ProductProblem,
    key: ErrorKey,
    values?: MessageValues,
  ) {
    super(key, values);
  }
}

type AuditContext = { actor: Actor; request: RequestContext };

/** What administrators see of a product: never a secret or its ciphertext. */
export type ProductItem = {
  id: number;
  slug: string;
  name: string;
  description: string;
  upstreamUrl: string;
  timeoutMs: number;
  maxBodyBytes: number;
  enabled: boolean;
  /** Keys whose scope names this product; while there are any, the slug is fixed and delete refused. */
  scopedKeyCount: number;
  /** While set and in the future, the secret before the last rotation still signs too. */
  previousSecretValidUntil: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

/** What members see: enough to know what a key opens and where to call it. */
export type PublicProduct = { slug: string; name: string; description: string };

/** Echoes the slug only when it is one: a caller's 1 MB string is not repeated back. */
export const productNotFound = (slug: string) =>
  SLUG_PATTERN.test(slug)
    ? new ProductError('not_found', 'productNotFound', { slug })
    : new ProductError('not_found', 'productNotFoundUnnamed');

function toItem(row: Product, scopedKeyCount: number, now = Date.now()): ProductItem {
  const until = row.previousSigningSecretExpiresAt;
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    upstreamUrl: row.upstreamUrl,
    timeoutMs: row.timeoutMs,
    maxBodyBytes: row.maxBodyBytes,
    enabled: row.enabled,
    scopedKeyCount,
    previousSecretValidUntil: until !== null && until.getTime() > now ? until : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

// Cast, so both engines answer a number (PostgreSQL's count is a bigint).
const scopedKeys = sql<number>`cast((select count(*) from ${accessKeyProducts} where ${accessKeyProducts.productId} = ${products.id}) as integer)`;

export async function listProducts(): Promise<ProductItem[]> {
  const rows = await getDb()
    .select({ product: products, scopedKeyCount: scopedKeys })
    .from(products)
    .orderBy(asc(products.slug));
  return rows.map((row) => toItem(row.product, Number(row.scopedKeyCount)));
}

export async function listEnabledProducts(): Promise<PublicProduct[]> {
  return getDb()
    .select({ slug: products.slug, name: products.name, description: products.description })
    .from(products)
    .where(eq(products.enabled, true))
    .orderBy(asc(products.slug));
}

export async function findProduct(slug: string): Promise<ProductItem | undefined> {
  const [row] = await getDb()
    .select({ product: products, scopedKeyCount: scopedKeys })
    .from(products)
    .where(eq(products.slug, slug));
  return row === undefined ? undefined : toItem(row.product, Number(row.scopedKeyCount));
}

async function lockedProduct(tx: Transaction, slug: string) {
  const [row] = await tx.select().from(products).where(eq(products.slug, slug));
  if (row === undefined) throw productNotFound(slug);
  const [{ keys }] = await tx
    .select({ keys: count() })
    .from(accessKeyProducts)
    .where(eq(accessKeyProducts.productId, row.id));
  return { row, scopedKeyCount: Number(keys) };
}

async function refuseTakenSlug(tx: Transaction, slug: string) {
  const [taken] = await tx
    .select({ id: products.id })
    .from(products)
    .where(eq(products.slug, slug));
  if (taken !== undefined) {
    throw new ProductError('conflict', 'productSlugTaken', { slug });
  }
}

export type ProductWithSecret = { product: ProductItem; signingSecret: string };

/** Registers a product with a fresh signing secret, which is returned this once. */
export async function createProduct(
  input: NewProduct,
  context: AuditContext,
): Promise<ProductWithSecret> {
  const signingSecret = generateSigningSecret();
  return transaction(async (tx) => {
    await refuseTakenSlug(tx, input.slug);
    // The secret is sealed to the row id, known only once the row exists.
    const [inserted] = await tx
      .insert(products)
      .values({ ...input, signingSecretCiphertext: '' })
      .returning({ id: products.id });
    const [row] = await tx
      .update(products)
      .set({ signingSecretCiphertext: sealSigningSecret(signingSecret, inserted.id) })
      .where(eq(products.id, inserted.id))
      .returning();
    await recordAudit(tx, {
      action: 'product.created',
      actor: context.actor,
      target: { type: 'product', id: row.slug },
      detail: {
        productId: row.id,
        upstreamUrl: row.upstreamUrl,
        enabled: row.enabled,
      },
      request: context.request,
    });
    return { product: toItem(row, 0), signingSecret };
  });
}

const AUDITED_FIELDS = [
  'slug',
  'name',
  'description',
  'upstreamUrl',
  'timeoutMs',
  'maxBodyBytes',
  'enabled',
] as const;

/** Changes some fields. The slug stays fixed while keys are scoped to the product. */
export async function updateProduct(
  slug: string,
  change: ProductChange,
  context: AuditContext,
): Promise<ProductItem> {
  return transaction(async (tx) => {
    const { row, scopedKeyCount } = await lockedProduct(tx, slug);
    const changed: Record<string, string | number | boolean> = {};
    for (const field of AUDITED_FIELDS) {
      const value = change[field];
      if (value !== undefined && value !== row[field]) changed[field] = value;
    }
    if (Object.keys(changed).length === 0) return toItem(row, scopedKeyCount);
    if (changed.slug !== undefined) {
      if (scopedKeyCount > 0) {
        throw new ProductError('conflict', 'productSlugFixed', { slug, count: scopedKeyCount });
      }
      await refuseTakenSlug(tx, String(changed.slug));
    }
    const [updated] = await tx
      .update(products)
      .set({ ...changed, updatedAt: new Date() })
      .where(eq(products.id, row.id))
      .returning();
    const detail: Record<string, string | number | boolean> = { productId: row.id };
    for (const [field, value] of Object.entries(changed)) {
      detail[`${field}From`] = row[field as (typeof AUDITED_FIELDS)[number]];
      detail[`${field}To`] = value;
    }
    await recordAudit(tx, {
      action: 'product.updated',
      actor: context.actor,
      target: { type: 'product', id: updated.slug },
      detail,
      request: context.request,
    });
    return toItem(updated, scopedKeyCount);
  });
}

/**
 * Deletes a product no key is scoped to. A scope is something a member chose and saved, so it is
 * never dropped silently: the answer says to disable the product instead, or narrow those keys first.
 */
export async function deleteProduct(
  slug: string,
  context: AuditContext,
): Promise<{ slug: string }> {
  return transaction(async (tx) => {
    const { row, scopedKeyCount } = await lockedProduct(tx, slug);
    if (scopedKeyCount > 0) {
      throw new ProductError('conflict', 'productInUse', { slug, count: scopedKeyCount });
    }
    await tx.delete(products).where(eq(products.id, row.id));
    await recordAudit(tx, {
      action: 'product.deleted',
      actor: context.actor,
      target: { type: 'product', id: slug },
      detail: { productId: row.id, upstreamUrl: row.upstreamUrl },
      request: context.request,
    });
    return { slug };
  });
}

export type RotatedSecret = ProductWithSecret & { previousValidUntil: Date };

/**
 * A new signing secret, returned this once. The one it replaces keeps signing alongside it for 24
 * hours, so upstreams can switch without refusing calls; an earlier previous one ends now.
 */
export async function rotateSigningSecret(
  slug: string,
  context: AuditContext,
  now = Date.now(),
): Promise<RotatedSecret> {
  const signingSecret = generateSigningSecret();
  const previousValidUntil = new Date(now + PREVIOUS_SECRET_TTL_MS);
  return transaction(async (tx) => {
    const { row, scopedKeyCount } = await lockedProduct(tx, slug);
    const [updated] = await tx
      .update(products)
      .set({
        signingSecretCiphertext: sealSigningSecret(signingSecret, row.id),
        previousSigningSecretCiphertext: row.signingSecretCiphertext,
        previousSigningSecretExpiresAt: previousValidUntil,
        updatedAt: new Date(now),
      })
      .where(eq(products.id, row.id))
      .returning();
    await recordAudit(tx, {
      action: 'product.signing_secret_rotated',
      actor: context.actor,
      target: { type: 'product', id: slug },
      detail: { productId: row.id, previousValidUntil: previousValidUntil.toISOString() },
      request: context.request,
    });
    return { product: toItem(updated, scopedKeyCount, now), signingSecret, previousValidUntil };
  });
}
