import { randomBytes } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import { getDb } from '@/db';
import { accessKeys, auditLogs, type AccessKeyStatus } from '@/db/schema';
import { createApiClient, type ApiClient } from '@/lib/api-client';
import { sealSecret } from '@/lib/crypto';

export type TestKey = { id: number; userId: number; accessKeyId: string; secret: string };

/** An AccessKey written straight into the database, as the console would store it. */
export function insertAccessKey(
  userId: number,
  options: { status?: AccessKeyStatus } = {},
): TestKey {
  const accessKeyId = `AKTEST${randomBytes(10).toString('hex').toUpperCase()}`;
  const secret = randomBytes(24).toString('base64url');
  const row = getDb()
    .insert(accessKeys)
    .values({
      userId,
      accessKeyId,
      secretCiphertext: sealSecret(secret, accessKeyId),
      status: options.status ?? 'enabled',
    })
    .returning({ id: accessKeys.id })
    .get();
  return { id: row.id, userId, accessKeyId, secret };
}

export function setKeyStatus(key: TestKey, status: AccessKeyStatus) {
  getDb()
    .update(accessKeys)
    .set({ status })
    .where(and(eq(accessKeys.id, key.id), eq(accessKeys.userId, key.userId)))
    .run();
}

export function readKey(key: TestKey) {
  return getDb().select().from(accessKeys).where(eq(accessKeys.id, key.id)).get();
}

export function auditRowsFor(action: string, targetId: number | string) {
  return getDb()
    .select()
    .from(auditLogs)
    .where(and(eq(auditLogs.action, action), eq(auditLogs.targetId, String(targetId))))
    .orderBy(desc(auditLogs.id))
    .all();
}

export function clientFor(key: TestKey, baseUrl: string): ApiClient {
  return createApiClient({ baseUrl, accessKeyId: key.accessKeyId, secret: key.secret });
}
