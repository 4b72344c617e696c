import { randomInt } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import { getDb, transaction, type DbExecutor } from '@/db';
import { accessKeys, users, type AccessKeyStatus } from '@/db/schema';
import { recordAudit, type Actor, type RequestContext } from '@/lib/audit/record';
import { openSecret, SealError, sealSecret } from '@/lib/crypto';
import { UserFacingError } from '@/lib/errors';
import {
  describeScope,
  resolveScope,
  scopedProductIds,
  scopesOf,
  writeScopeRows,
  type ProductScope,
} from '@/lib/products/scopes';

export const MAX_ACCESS_KEYS_PER_ACCOUNT = 5;
export const SECRET_MASK = '••••••••••••••••';

const UPPER_ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ACCESS_KEY_ID_LENGTH = 24;
// 40 base62 characters carry about 238 bits.
const SECRET_LENGTH = 40;

export class AccessKeyError extends UserFacingError {}

type AuditContext = { actor: Actor; request: RequestContext };

function randomString(alphabet: string, length: number) {
  let value = '';
  for (let index = 0; index < length; index++) value += alphabet[randomInt(alphabet.length)];
  return value;
}

export function generateAccessKeyId() {
  return `AK${randomString(UPPER_ALPHANUMERIC, ACCESS_KEY_ID_LENGTH - 2)}`;
}

export function generateAccessKeySecret() {
  return randomString(BASE62, SECRET_LENGTH);
}

/** What lists may carry: never the ciphertext, only a fixed mask in place of the Secret. */
export type AccessKeyListItem = {
  id: number;
  accessKeyId: string;
  maskedSecret: string;
  status: AccessKeyStatus;
  createdAt: Date;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
  products: ProductScope;
};

export async function listAccessKeys(userId: number): Promise<AccessKeyListItem[]> {
  const rows = await getDb()
    .select({
      id: accessKeys.id,
      accessKeyId: accessKeys.accessKeyId,
      status: accessKeys.status,
      createdAt: accessKeys.createdAt,
      lastUsedAt: accessKeys.lastUsedAt,
      lastUsedIp: accessKeys.lastUsedIp,
      allProducts: accessKeys.allProducts,
    })
    .from(accessKeys)
    .where(eq(accessKeys.userId, userId))
    .orderBy(desc(accessKeys.createdAt), desc(accessKeys.id));
  const scopes = await scopesOf(rows);
  return rows.map(({ allProducts: _, ...row }) => ({
    ...row,
    maskedSecret: SECRET_MASK,
    products: scopes.get(row.id)!,
  }));
}

function countKeys(executor: DbExecutor, userId: number) {
  return executor.$count(accessKeys, eq(accessKeys.userId, userId));
}

export async function countAccessKeys(userId: number) {
  return countKeys(getDb(), userId);
}

/** Reads the account inside the transaction, so a permission revoked a moment ago already counts. */
async function requireProgrammaticAccess(executor: DbExecutor, userId: number) {
  const [user] = await executor
    .select({ programmaticAccess: users.programmaticAccess, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.id, userId));
  if (!user || user.disabledAt) throw new AccessKeyError('accountGone');
  if (!user.programmaticAccess) throw new AccessKeyError('programmaticAccessRequired');
}

async function findOwnedKey(executor: DbExecutor, userId: number, id: number) {
  const [key] = await executor
    .select()
    .from(accessKeys)
    .where(and(eq(accessKeys.id, id), eq(accessKeys.userId, userId)));
  if (!key) throw new AccessKeyError('accessKeyNotFound');
  return key;
}

export type CreatedAccessKey = { id: number; accessKeyId: string; secret: string };

/**
 * Counts and inserts inside one write transaction: the write lock is taken before the count, so
 * concurrent creates, in this process, another or another instance, cannot both see room for a fifth key.
 */
export async function createAccessKey(
  userId: number,
  context: AuditContext,
  scope: ProductScope = 'all',
): Promise<CreatedAccessKey> {
  const accessKeyId = generateAccessKeyId();
  const secret = generateAccessKeySecret();
  const secretCiphertext = sealSecret(secret, accessKeyId);
  return transaction(async (tx) => {
    await requireProgrammaticAccess(tx, userId);
    if ((await countKeys(tx, userId)) >= MAX_ACCESS_KEYS_PER_ACCOUNT) {
      throw new AccessKeyError('accessKeyLimitReached', { max: MAX_ACCESS_KEYS_PER_ACCOUNT });
    }
    const productIds = scope === 'all' ? [] : await resolveScope(tx, scope);
    const [{ id }] = await tx
      .insert(accessKeys)
      .values({ userId, accessKeyId, secretCiphertext, allProducts: scope === 'all' })
      .returning({ id: accessKeys.id });
    await writeScopeRows(tx, id, productIds);
    await recordAudit(tx, {
      action: 'access_key.created',
      actor: context.actor,
      target: { type: 'access_key', id: accessKeyId },
      detail: { ownerId: userId, products: describeScope(scope) },
      request: context.request,
    });
    return { id, accessKeyId, secret };
  });
}

/** Enables or disables one of the account's keys; enabling needs Programmatic Access. */
export async function setAccessKeyStatus(
  userId: number,
  id: number,
  status: AccessKeyStatus,
  context: AuditContext,
): Promise<{ accessKeyId: string; status: AccessKeyStatus }> {
  return transaction(async (tx) => {
    if (status === 'enabled') await requireProgrammaticAccess(tx, userId);
    const key = await findOwnedKey(tx, userId, id);
    if (key.status === status) return { accessKeyId: key.accessKeyId, status };
    await tx
      .update(accessKeys)
      .set({ status })
      .where(and(eq(accessKeys.id, id), eq(accessKeys.userId, userId)));
    await recordAudit(tx, {
      action: status === 'enabled' ? 'access_key.enabled' : 'access_key.disabled',
      actor: context.actor,
      target: { type: 'access_key', id: key.accessKeyId },
      detail: { ownerId: userId, from: key.status, to: status },
      request: context.request,
    });
    return { accessKeyId: key.accessKeyId, status };
  });
}

/** Widening a key's scope unlocks more, so it needs the email-verification window, as Create does. */
export class ScopeVerificationRequired extends AccessKeyError {
  constructor() {
    super('scopeVerificationRequired');
  }
}

/**
 * Sets which products one of the account's keys opens. Narrowing takes effect at once; widening
 * (to all products, or adding one) needs `verified`, else ScopeVerificationRequired.
 */
export async function setAccessKeyScope(
  userId: number,
  id: number,
  scope: ProductScope,
  options: { verified: boolean },
  context: AuditContext,
): Promise<{ accessKeyId: string; products: ProductScope }> {
  return transaction(async (tx) => {
    const key = await findOwnedKey(tx, userId, id);
    const before = key.allProducts ? [] : await scopedProductIds(tx, key.id);
    const after = scope === 'all' ? [] : await resolveScope(tx, scope, new Set(before));
    const widens =
      !key.allProducts &&
      (scope === 'all' || after.some((productId) => !before.includes(productId)));
    const unchanged =
      scope === 'all'
        ? key.allProducts
        : !key.allProducts && !widens && after.length === before.length;
    const previous = (await scopesOf([key], tx)).get(key.id)!;
    if (unchanged) return { accessKeyId: key.accessKeyId, products: previous };
    if (widens && !options.verified) throw new ScopeVerificationRequired();
    await tx
      .update(accessKeys)
      .set({ allProducts: scope === 'all' })
      .where(and(eq(accessKeys.id, id), eq(accessKeys.userId, userId)));
    await writeScopeRows(tx, key.id, after);
    const products = (await scopesOf([{ id: key.id, allProducts: scope === 'all' }], tx)).get(
      key.id,
    )!;
    await recordAudit(tx, {
      action: 'access_key.scope_changed',
      actor: context.actor,
      target: { type: 'access_key', id: key.accessKeyId },
      detail: { ownerId: userId, from: describeScope(previous), to: describeScope(products) },
      request: context.request,
    });
    return { accessKeyId: key.accessKeyId, products };
  });
}

/** Deletes a disabled key of the account, which frees one of its slots. */
export async function deleteAccessKey(
  userId: number,
  id: number,
  context: AuditContext,
): Promise<{ accessKeyId: string }> {
  return transaction(async (tx) => {
    const key = await findOwnedKey(tx, userId, id);
    if (key.status !== 'disabled') throw new AccessKeyError('deleteRequiresDisabled');
    await tx.delete(accessKeys).where(and(eq(accessKeys.id, id), eq(accessKeys.userId, userId)));
    await recordAudit(tx, {
      action: 'access_key.deleted',
      actor: context.actor,
      target: { type: 'access_key', id: key.accessKeyId },
      detail: { ownerId: userId },
      request: context.request,
    });
    return { accessKeyId: key.accessKeyId };
  });
}

/** Decrypts one of the account's Secrets; the caller must have checked the verification window. */
export async function revealAccessKeySecret(
  userId: number,
  id: number,
  context: AuditContext,
): Promise<{ accessKeyId: string; secret: string }> {
  return transaction(async (tx) => {
    await requireProgrammaticAccess(tx, userId);
    const key = await findOwnedKey(tx, userId, id);
    let secret: string;
    try {
      secret = openSecret(key.secretCiphertext, key.accessKeyId);
    } catch (error) {
      if (!(error instanceof SealError)) throw error;
      console.error(`[access-keys] cannot open the Secret of ${key.accessKeyId}: ${error.message}`);
      throw new AccessKeyError('secretUnreadable');
    }
    await recordAudit(tx, {
      action: 'access_key.shown',
      actor: context.actor,
      target: { type: 'access_key', id: key.accessKeyId },
      detail: { ownerId: userId },
      request: context.request,
    });
    return { accessKeyId: key.accessKeyId, secret };
  });
}
