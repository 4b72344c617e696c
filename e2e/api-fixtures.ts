import { randomBytes } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import { getDb } from '@/db';
import { accessKeys, auditLogs, type AccessKeyStatus } from '@/db/schema';
import { createApiClient, type ApiClient } from '@/lib/open-api/client';
import { RATE_LIMIT_WINDOW_MS } from '@/lib/open-api/rate-limit';
import { generateSecret, secretHash } from '@/lib/access-keys/secret-format';
import { sealSecret } from '@/lib/crypto';

export type TestKey = { id: number; userId: number; accessKeyId: string; secret: string };

/**
 * An AccessKey written straight into the database, as the console would store it. Its Secret has the
 * old shape (no prefix) unless `formatted`, so both kinds stay covered.
 */
export async function insertAccessKey(
  userId: number,
  options: {
    status?: AccessKeyStatus;
    formatted?: boolean;
    expiresAt?: Date | null;
    /** Stored entries (see parseAllowList); empty or left out: any address. */
    allowedIps?: string[];
  } = {},
): Promise<TestKey> {
  const accessKeyId = `AKTEST${randomBytes(10).toString('hex').toUpperCase()}`;
  const secret = options.formatted ? generateSecret() : randomBytes(24).toString('base64url');
  const [row] = await getDb()
    .insert(accessKeys)
    .values({
      userId,
      accessKeyId,
      secretCiphertext: sealSecret(secret, accessKeyId),
      secretHash: secretHash(secret),
      status: options.status ?? 'enabled',
      expiresAt: options.expiresAt ?? null,
      allowedIps: options.allowedIps?.length ? JSON.stringify(options.allowedIps) : null,
    })
    .returning({ id: accessKeys.id });
  return { id: row.id, userId, accessKeyId, secret };
}

/** Moves a key's expiry, e.g. into the past: the way tests expire a key, never by waiting. */
export async function setKeyExpiry(key: TestKey, expiresAt: Date | null) {
  await getDb()
    .update(accessKeys)
    .set({ expiresAt })
    .where(and(eq(accessKeys.id, key.id), eq(accessKeys.userId, key.userId)));
}

export async function setKeyStatus(key: TestKey, status: AccessKeyStatus) {
  await getDb()
    .update(accessKeys)
    .set({ status })
    .where(and(eq(accessKeys.id, key.id), eq(accessKeys.userId, key.userId)));
}

export async function readKey(key: TestKey) {
  const [row] = await getDb().select().from(accessKeys).where(eq(accessKeys.id, key.id)).limit(1);
  return row;
}

export async function auditRowsFor(action: string, targetId: number | string) {
  return getDb()
    .select()
    .from(auditLogs)
    .where(and(eq(auditLogs.action, action), eq(auditLogs.targetId, String(targetId))))
    .orderBy(desc(auditLogs.id));
}

export function clientFor(key: TestKey, baseUrl: string): ApiClient {
  return createApiClient({ baseUrl, accessKeyId: key.accessKeyId, secret: key.secret });
}

/**
 * Waits, when the five-minute rate-limit window is about to end, for the next one: the counts of a
 * test that straddled the boundary would start again half way.
 */
export async function withinOneRateWindow(needed = 20_000) {
  const left = RATE_LIMIT_WINDOW_MS - (Date.now() % RATE_LIMIT_WINDOW_MS);
  if (left < needed) await new Promise((resolve) => setTimeout(resolve, left + 100));
}
