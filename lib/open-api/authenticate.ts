import { createSecretKey, type KeyObject } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { eq, lt, sql } from 'drizzle-orm';
import { changeToken, getDb, type Db } from '@/db';
import { accessKeys, apiNonces, users, type AccessKeyStatus, type Role } from '@/db/schema';
import { recordAudit, type AuditAction, type RequestContext } from '@/lib/audit/record';
import { openSecret } from '@/lib/crypto';
import { takeRateLimit } from '@/lib/open-api/rate-limit';
import { getEnv, masterKeys } from '@/lib/config/env';
import { ApiError } from '@/lib/open-api/errors';
import { hashPayload, parseAuthorization, verifySignature } from '@/lib/open-api/signing';

export const REQUEST_WINDOW_SECONDS = 300;
export const LAST_USED_WRITE_INTERVAL_MS = 30_000;
export const REJECTION_AUDIT_INTERVAL_MS = 60_000;
const NONCE_PRUNE_INTERVAL_MS = 60_000;
const MAX_TRACKED_ENTRIES = 10_000;
const STATE_CHANGING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const UNIX_SECONDS = /^[0-9]{1,12}$/;

export type ApiRequest = {
  method: string;
  path: string;
  /** Raw query string as received, without the '?'. */
  query: string;
  headers: IncomingHttpHeaders;
  body: Buffer | undefined;
  context: RequestContext;
};

export type ApiPrincipal = {
  keyId: number;
  accessKeyId: string;
  user: { id: number; email: string; name: string; role: Role; programmaticAccess: boolean };
};

type KeyRow = {
  keyId: number;
  userId: number;
  secretCiphertext: string;
  status: AccessKeyStatus;
  email: string;
  name: string;
  role: Role;
  programmaticAccess: boolean;
  disabledAt: Date | null;
};

// Key rows (status, permission, account state) are reused only while the database is unchanged:
// on SQLite the change token moves on any commit by any connection (the console's own, the CLI,
// another instance), so a disable or revoke applies to the very next request, wherever it was made.
// PostgreSQL offers no such token, so there every request reads the row.
const keyRows = new Map<string, KeyRow>();
let rowsToken: string | undefined;

/** Built once per connection; on PostgreSQL a named statement, so the hot path skips parse and plan. */
function prepareKeyQuery(db: Db) {
  return db
    .select({
      keyId: accessKeys.id,
      userId: accessKeys.userId,
      secretCiphertext: accessKeys.secretCiphertext,
      status: accessKeys.status,
      email: users.email,
      name: users.name,
      role: users.role,
      programmaticAccess: users.programmaticAccess,
      disabledAt: users.disabledAt,
    })
    .from(accessKeys)
    .innerJoin(users, eq(users.id, accessKeys.userId))
    .where(eq(accessKeys.accessKeyId, sql.placeholder('accessKeyId')))
    .prepare('api_find_key');
}

let keyQueryOf: { db: Db; query: ReturnType<typeof prepareKeyQuery> } | undefined;

function keyQuery() {
  const db = getDb();
  if (keyQueryOf?.db !== db) keyQueryOf = { db, query: prepareKeyQuery(db) };
  return keyQueryOf.query;
}

async function findKey(accessKeyId: string): Promise<KeyRow | undefined> {
  const token = changeToken();
  if (token === undefined || token !== rowsToken) {
    keyRows.clear();
    rowsToken = token;
  }
  let row = keyRows.get(accessKeyId);
  if (row === undefined) {
    [row] = await keyQuery().execute({ accessKeyId });
    if (row === undefined) return undefined;
    // Another call may have seen a newer token while this one waited for the row.
    if (token === undefined || token !== rowsToken) return row;
    if (keyRows.size >= MAX_TRACKED_ENTRIES) keyRows.clear();
    keyRows.set(accessKeyId, row);
  }
  return row;
}

let keys: Buffer[] | undefined;
// A ciphertext always opens to the same secret, so the opened HMAC key is reused while the row
// still holds that exact ciphertext; a re-sealed, deleted or replaced key misses the cache.
const openedSecrets = new Map<string, { sealed: string; key: KeyObject }>();

function secretOf(accessKeyId: string, sealed: string): KeyObject {
  const cached = openedSecrets.get(accessKeyId);
  if (cached !== undefined && cached.sealed === sealed) return cached.key;
  keys ??= masterKeys();
  const key = createSecretKey(Buffer.from(openSecret(sealed, accessKeyId, keys), 'utf8'));
  if (openedSecrets.size >= MAX_TRACKED_ENTRIES) openedSecrets.clear();
  openedSecrets.set(accessKeyId, { sealed, key });
  return key;
}

const lastUsedWrites = new Map<number, number>();
const rejectionAudits = new Map<string, number>();
let nextNoncePrune = 0;

/**
 * The one verification of every signed Open API call: CNC-HMAC-SHA256 signature, timestamp
 * window, key status, account permission and replay. Throws ApiError with the answer to give.
 */
export async function authenticateApiRequest(
  request: ApiRequest,
  now: number = Date.now(),
): Promise<ApiPrincipal> {
  const { headers } = request;
  const authorization = parseAuthorization(headers.authorization);
  if (authorization === null) throw new ApiError('MissingAuthorization');
  if (headers['x-cnc-accesskey'] !== authorization.accessKeyId) {
    throw new ApiError(
      'MissingAuthorization',
      'The x-cnc-accessKey header must name the AccessKey ID given as the Authorization Credential.',
    );
  }
  const timestamp = headers['x-cnc-timestamp'];
  if (typeof timestamp !== 'string' || !UNIX_SECONDS.test(timestamp)) {
    throw new ApiError(
      'MissingAuthorization',
      'The x-cnc-timestamp header must hold the signing time in Unix seconds.',
    );
  }
  const seconds = Number(timestamp);
  if (Math.abs(now / 1000 - seconds) > REQUEST_WINDOW_SECONDS) throw new ApiError('RequestExpired');

  const row = await findKey(authorization.accessKeyId);
  if (row === undefined) throw new ApiError('InvalidAccessKeyId');

  const signed = verifySignature({
    secret: secretOf(authorization.accessKeyId, row.secretCiphertext),
    method: request.method,
    path: request.path,
    query: request.query,
    headers,
    signedHeaders: authorization.signedHeaders,
    timestamp,
    payloadHash: hashPayload(request.body, request.method),
    signature: authorization.signature,
  });
  if (!signed) throw new ApiError('SignatureDoesNotMatch');

  if (row.disabledAt !== null) throw new ApiError('AccountDisabled');
  if (row.status !== 'enabled') {
    await auditRejection(row, authorization.accessKeyId, 'api.rejected_key_disabled', request, now);
    throw new ApiError('AccessKeyDisabled');
  }
  if (!row.programmaticAccess) {
    await auditRejection(
      row,
      authorization.accessKeyId,
      'api.rejected_programmatic_access',
      request,
      now,
    );
    throw new ApiError('ProgrammaticAccessDenied');
  }

  const limit = await takeRateLimit(authorization.accessKeyId, now);
  if (!limit.allowed) {
    throw new ApiError(
      'TooManyRequests',
      `This AccessKey sent more than ${getEnv().API_RATE_LIMIT} requests in 5 minutes. Try again in ${limit.retryAfterSeconds} seconds.`,
      { 'retry-after': String(limit.retryAfterSeconds) },
    );
  }

  if (STATE_CHANGING_METHODS.has(request.method)) {
    if (now >= nextNoncePrune) {
      nextNoncePrune = now + NONCE_PRUNE_INTERVAL_MS;
      await getDb()
        .delete(apiNonces)
        .where(lt(apiNonces.expiresAt, new Date(now)));
    }
    const expiresAt = new Date((seconds + REQUEST_WINDOW_SECONDS) * 1000);
    const inserted = await getDb()
      .insert(apiNonces)
      .values({ signature: authorization.signature, expiresAt })
      .onConflictDoNothing()
      .returning({ signature: apiNonces.signature });
    if (inserted.length === 0) throw new ApiError('ReplayedRequest');
  }

  await recordLastUse(row.keyId, request.context.ip, now);
  return {
    keyId: row.keyId,
    accessKeyId: authorization.accessKeyId,
    user: {
      id: row.userId,
      email: row.email,
      name: row.name,
      role: row.role,
      programmaticAccess: true,
    },
  };
}

/** At most one write per key per interval, so a busy key does not turn every call into a write. */
async function recordLastUse(keyId: number, ip: string | null, now: number) {
  const last = lastUsedWrites.get(keyId);
  if (last !== undefined && now - last < LAST_USED_WRITE_INTERVAL_MS) return;
  if (lastUsedWrites.size >= MAX_TRACKED_ENTRIES) lastUsedWrites.clear();
  lastUsedWrites.set(keyId, now);
  try {
    await getDb()
      .update(accessKeys)
      .set({ lastUsedAt: new Date(now), lastUsedIp: ip })
      .where(eq(accessKeys.id, keyId));
  } catch (error) {
    // The call itself is authenticated; a busy database must not fail it.
    console.error(
      '[api] could not record last use',
      error instanceof Error ? error.message : error,
    );
  }
}

/** One audit row per key and reason per interval, so a flood of rejected calls cannot fill the disk. */
async function auditRejection(
  row: KeyRow,
  accessKeyId: string,
  action: Extract<AuditAction, 'api.rejected_key_disabled' | 'api.rejected_programmatic_access'>,
  request: ApiRequest,
  now: number,
) {
  const slot = `${row.keyId}:${action}`;
  const last = rejectionAudits.get(slot);
  if (last !== undefined && now - last < REJECTION_AUDIT_INTERVAL_MS) return;
  if (rejectionAudits.size >= MAX_TRACKED_ENTRIES) {
    for (const [entry, at] of rejectionAudits) {
      if (now - at >= REJECTION_AUDIT_INTERVAL_MS) rejectionAudits.delete(entry);
    }
    if (rejectionAudits.size >= MAX_TRACKED_ENTRIES) return;
  }
  rejectionAudits.set(slot, now);
  try {
    await recordAudit(getDb(), {
      action,
      actor: { id: row.userId, email: row.email },
      target: { type: 'access_key', id: accessKeyId },
      detail: { method: request.method, path: request.path.slice(0, 200) },
      request: request.context,
    });
  } catch (error) {
    console.error(
      '[api] could not audit a rejection',
      error instanceof Error ? error.message : error,
    );
  }
}
