import { randomInt } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { getDb, transaction, type DbExecutor } from '@/db';
import { accessKeys, users, type AccessKeyStatus } from '@/db/schema';
import { recordAudit, type Actor, type RequestContext } from '@/lib/audit/record';
import { openSecret, SealError, sealSecret } from '@/lib/crypto';
import { UserFacingError } from '@/lib/errors';
import { invalid } from '@/lib/i18n/validation';
import {
  describeScope,
  resolveScope,
  scopedProductIds,
  scopesOf,
  writeScopeRows,
  type ProductScope,
} from '@/lib/products/scopes';
import { DAY_MS, isExpired, resolveExpiry, type ExpiryChoice } from './expiry';
import { deserializeAllowList, isNarrowing, serializeAllowList } from './ip-allow-list';
import { getKeyPolicy } from './key-policy';
import { MAX_KEY_DESCRIPTION_LENGTH, MAX_KEY_NAME_LENGTH, UNUSED_AFTER_DAYS } from './limits';
import { generateSecret, secretHash } from './secret-format';

export const MAX_ACCESS_KEYS_PER_ACCOUNT = 5;
export const SECRET_MASK = '••••••••••••••••';

const UPPER_ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const ACCESS_KEY_ID_LENGTH = 24;

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

/** A new Secret in the scanner-ready format (lib/access-keys/secret-format.ts). */
export function generateAccessKeySecret() {
  return generateSecret();
}

const noControlCharacters = (value: string) => !/\p{Cc}/u.test(value);

/** An optional name: trimmed, empty means none. */
export const keyNameSchema = z
  .string({ error: invalid('keyNameText') })
  .trim()
  .max(MAX_KEY_NAME_LENGTH, invalid('keyNameTooLong'))
  .refine(noControlCharacters, invalid('keyNameText'))
  .transform((value) => value || null);

/** An optional description: plain text, line breaks allowed; empty means none. */
export const keyDescriptionSchema = z
  .string({ error: invalid('keyDescriptionText') })
  .trim()
  .max(MAX_KEY_DESCRIPTION_LENGTH, invalid('keyDescriptionTooLong'))
  .refine(
    (value) => noControlCharacters(value.replace(/\r?\n/g, ' ')),
    invalid('keyDescriptionText'),
  )
  .transform((value) => value || null);

/** What lists may carry: never the ciphertext, only a fixed mask in place of the Secret. */
export type AccessKeyListItem = {
  id: number;
  accessKeyId: string;
  maskedSecret: string;
  name: string | null;
  description: string | null;
  status: AccessKeyStatus;
  createdAt: Date;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
  expiresAt: Date | null;
  /** Addresses and CIDR ranges; empty means any address. */
  allowedIps: string[];
  leakedAt: Date | null;
  products: ProductScope;
};

export async function listAccessKeys(userId: number): Promise<AccessKeyListItem[]> {
  const rows = await getDb()
    .select({
      id: accessKeys.id,
      accessKeyId: accessKeys.accessKeyId,
      name: accessKeys.name,
      description: accessKeys.description,
      status: accessKeys.status,
      createdAt: accessKeys.createdAt,
      lastUsedAt: accessKeys.lastUsedAt,
      lastUsedIp: accessKeys.lastUsedIp,
      expiresAt: accessKeys.expiresAt,
      allowedIps: accessKeys.allowedIps,
      leakedAt: accessKeys.leakedAt,
      allProducts: accessKeys.allProducts,
    })
    .from(accessKeys)
    .where(eq(accessKeys.userId, userId))
    .orderBy(desc(accessKeys.createdAt), desc(accessKeys.id));
  const scopes = await scopesOf(rows);
  return rows.map(({ allProducts: _, ...row }) => ({
    ...row,
    allowedIps: deserializeAllowList(row.allowedIps),
    maskedSecret: SECRET_MASK,
    products: scopes.get(row.id)!,
  }));
}

/** Never used, or not used, for UNUSED_AFTER_DAYS: a candidate for clean-up. */
export function isUnused(key: { lastUsedAt: Date | null; createdAt: Date }, now = Date.now()) {
  return now - (key.lastUsedAt ?? key.createdAt).getTime() >= UNUSED_AFTER_DAYS * DAY_MS;
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

export type CreatedAccessKey = {
  id: number;
  accessKeyId: string;
  secret: string;
  name: string | null;
  description: string | null;
  expiresAt: Date | null;
};

export type NewKeySettings = {
  name?: string | null;
  description?: string | null;
  /** Never, when left out. */
  expiry?: ExpiryChoice;
  /** Parsed with parseAllowList; empty or left out: any address. */
  allowedIps?: string[];
  /** All products, when left out. */
  products?: ProductScope;
};

/** An allow-list as one audit value. */
function allowListDetail(entries: readonly string[]) {
  return entries.length === 0 ? 'any' : entries.join(', ');
}

/**
 * Counts and inserts inside one write transaction: the write lock is taken before the count, so
 * concurrent creates, in this process, another or another instance, cannot both see room for a fifth key.
 * The expiry is checked there too, against the key policy in force.
 */
export async function createAccessKey(
  userId: number,
  context: AuditContext,
  settings: NewKeySettings = {},
  now = Date.now(),
): Promise<CreatedAccessKey> {
  const accessKeyId = generateAccessKeyId();
  const secret = generateAccessKeySecret();
  const secretCiphertext = sealSecret(secret, accessKeyId);
  const name = settings.name ?? null;
  const description = settings.description ?? null;
  const allowedIps = settings.allowedIps ?? [];
  const scope = settings.products ?? 'all';
  return transaction(async (tx) => {
    await requireProgrammaticAccess(tx, userId);
    if ((await countKeys(tx, userId)) >= MAX_ACCESS_KEYS_PER_ACCOUNT) {
      throw new AccessKeyError('accessKeyLimitReached', { max: MAX_ACCESS_KEYS_PER_ACCOUNT });
    }
    const expiresAt = resolveExpiry(
      settings.expiry ?? { kind: 'never' },
      await getKeyPolicy(tx),
      now,
    );
    const productIds = scope === 'all' ? [] : await resolveScope(tx, scope);
    const [{ id }] = await tx
      .insert(accessKeys)
      .values({
        userId,
        accessKeyId,
        secretCiphertext,
        secretHash: secretHash(secret),
        name,
        description,
        expiresAt,
        allowedIps: serializeAllowList(allowedIps),
        createdAt: new Date(now),
        allProducts: scope === 'all',
      })
      .returning({ id: accessKeys.id });
    await writeScopeRows(tx, id, productIds);
    await recordAudit(tx, {
      action: 'access_key.created',
      actor: context.actor,
      target: { type: 'access_key', id: accessKeyId },
      detail: {
        ownerId: userId,
        name,
        expiresAt: expiresAt?.toISOString() ?? 'never',
        allowedIps: allowListDetail(allowedIps),
        products: describeScope(scope),
      },
      request: context.request,
    });
    return { id, accessKeyId, secret, name, description, expiresAt };
  });
}

/** What an edit changes; a field left out keeps its value. */
export type KeyChanges = {
  name?: string | null;
  description?: string | null;
  allowedIps?: string[];
};

export type UpdateResult =
  | { status: 'updated'; accessKeyId: string; changed: string[] }
  /** The allow-list would let in more addresses; the caller must verify the owner's email first. */
  | { status: 'verification_required' };

/**
 * Changes a key's name, description and IP allow-list. Narrowing the list (or leaving it) needs
 * nothing more; widening or clearing it needs `mayWiden`, the owner's live email verification. The
 * comparison is made inside the transaction, against the list as stored now.
 */
export async function updateAccessKey(
  userId: number,
  id: number,
  changes: KeyChanges,
  context: AuditContext & { mayWiden: boolean },
): Promise<UpdateResult> {
  return transaction(async (tx) => {
    const key = await findOwnedKey(tx, userId, id);
    const currentIps = deserializeAllowList(key.allowedIps);
    const next = {
      name: changes.name === undefined ? key.name : changes.name,
      description: changes.description === undefined ? key.description : changes.description,
      allowedIps: changes.allowedIps ?? currentIps,
    };
    const ipsChanged = allowListDetail(currentIps) !== allowListDetail(next.allowedIps);
    if (ipsChanged && !context.mayWiden && !isNarrowing(currentIps, next.allowedIps)) {
      return { status: 'verification_required' };
    }
    const changed = [
      ...(key.name !== next.name ? ['name'] : []),
      ...(key.description !== next.description ? ['description'] : []),
      ...(ipsChanged ? ['IP allow-list'] : []),
    ];
    if (changed.length === 0) return { status: 'updated', accessKeyId: key.accessKeyId, changed };
    await tx
      .update(accessKeys)
      .set({
        name: next.name,
        description: next.description,
        allowedIps: serializeAllowList(next.allowedIps),
      })
      .where(and(eq(accessKeys.id, id), eq(accessKeys.userId, userId)));
    await recordAudit(tx, {
      action: 'access_key.updated',
      actor: context.actor,
      target: { type: 'access_key', id: key.accessKeyId },
      detail: {
        ownerId: userId,
        changed: changed.join(', '),
        ...(key.name !== next.name && { name: next.name }),
        ...(key.description !== next.description && { description: next.description }),
        ...(ipsChanged && {
          allowedIps: allowListDetail(next.allowedIps),
          previousAllowedIps: allowListDetail(currentIps),
        }),
      },
      request: context.request,
    });
    return { status: 'updated', accessKeyId: key.accessKeyId, changed };
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
    if (status === 'enabled' && key.leakedAt !== null) {
      throw new AccessKeyError('leakedKeyStaysDisabled');
    }
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

/** Deletes a disabled or expired key of the account, which frees one of its slots. */
export async function deleteAccessKey(
  userId: number,
  id: number,
  context: AuditContext,
  now = Date.now(),
): Promise<{ accessKeyId: string }> {
  return transaction(async (tx) => {
    const key = await findOwnedKey(tx, userId, id);
    if (key.status !== 'disabled' && !isExpired(key.expiresAt, now)) {
      throw new AccessKeyError('deleteRequiresDisabled');
    }
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

/**
 * Fills the lookup hash of keys created before it existed, by opening their Secrets; run at start.
 * A key whose Secret cannot be opened is left without one (named in the log, never its Secret):
 * a leak report or scan cannot find it until the master key that sealed it is configured.
 */
export async function backfillSecretHashes(): Promise<{ filled: number; unreadable: string[] }> {
  const rows = await getDb()
    .select({
      id: accessKeys.id,
      accessKeyId: accessKeys.accessKeyId,
      secretCiphertext: accessKeys.secretCiphertext,
    })
    .from(accessKeys)
    .where(isNull(accessKeys.secretHash));
  const unreadable: string[] = [];
  let filled = 0;
  for (const row of rows) {
    let secret: string;
    try {
      secret = openSecret(row.secretCiphertext, row.accessKeyId);
    } catch (error) {
      if (!(error instanceof SealError)) throw error;
      unreadable.push(row.accessKeyId);
      continue;
    }
    // Idempotent: instances starting together write the same value.
    await getDb()
      .update(accessKeys)
      .set({ secretHash: secretHash(secret) })
      .where(and(eq(accessKeys.id, row.id), isNull(accessKeys.secretHash)));
    filled++;
  }
  return { filled, unreadable };
}
