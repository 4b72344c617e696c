import type { IncomingHttpHeaders } from 'node:http';
import { eq, lt } from 'drizzle-orm';
import { getDb } from '@/db';
import { accessKeys, apiNonces, type Role } from '@/db/schema';
import { recordAudit, type RequestContext } from '@/lib/audit/record';
import { getEnv } from '@/lib/config/env';
import { OncePerInterval } from '@/lib/once-per-interval';
import {
  checkKey,
  checkTarget,
  readSignedHeaders,
  REQUEST_WINDOW_SECONDS,
  type ProductTarget,
  type Refusal,
} from './check';
import { ApiError, onBehalfOf } from './errors';
import { loadKey, secretOf, type KeyRow } from './key-store';
import { takeRateLimit } from './rate-limit';
import { hashPayload, verifySignature } from './signing';

export { REQUEST_WINDOW_SECONDS };
export const LAST_USED_WRITE_INTERVAL_MS = 30_000;
export const REJECTION_AUDIT_INTERVAL_MS = 60_000;
const NONCE_PRUNE_INTERVAL_MS = 60_000;
const STATE_CHANGING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export type ApiRequest = {
  method: string;
  path: string;
  /** Raw query string as received, without the '?'. */
  query: string;
  headers: IncomingHttpHeaders;
  body: Buffer | undefined;
  context: RequestContext;
  /** The product a gateway or forward-auth call is for; absent for the Open API itself. */
  target?: ProductTarget;
  /**
   * Forward-auth only: the original request may have had a body the proxy kept back, so a
   * signature that does not match is answered RequestBodyNotForwarded, which says why.
   */
  bodyWithheld?: boolean;
};

export type ApiPrincipal = {
  keyId: number;
  accessKeyId: string;
  user: { id: number; email: string; name: string; role: Role; programmaticAccess: boolean };
};

const lastUseWrites = new OncePerInterval(LAST_USED_WRITE_INTERVAL_MS);
const rejectionAudits = new OncePerInterval(REJECTION_AUDIT_INTERVAL_MS);
let nextNoncePrune = 0;

/**
 * The one verification of every signed call, to the Open API, through the gateway or asked by a
 * proxy (forward-auth): the signing headers and time window, the key loaded (key-store.ts), its
 * signature, the pure checks on the key (check.ts), the rate limit (one budget per key), the pure
 * checks on the product named, and, for state-changing calls, replay. Throws ApiError with the
 * answer to give.
 */
export async function authenticateApiRequest(
  request: ApiRequest,
  now: number = Date.now(),
): Promise<ApiPrincipal> {
  const signed = readSignedHeaders(request.headers, now);
  const key = await loadKey(signed.accessKeyId);
  if (key === undefined) throw new ApiError('InvalidAccessKeyId');
  const valid = verifySignature({
    secret: secretOf(signed.accessKeyId, key.secretCiphertext),
    method: request.method,
    path: request.path,
    query: request.query,
    headers: request.headers,
    signedHeaders: signed.signedHeaders,
    timestamp: signed.timestamp,
    payloadHash: hashPayload(request.body, request.method),
    signature: signed.signature,
  });
  if (!valid) {
    throw new ApiError(request.bodyWithheld ? 'RequestBodyNotForwarded' : 'SignatureDoesNotMatch');
  }
  return onBehalfOf({ keyId: key.keyId, accessKeyId: signed.accessKeyId }, () =>
    admit(key, signed, request, now),
  );
}

/** The checks after the signature: whatever refuses from here on refuses a known key's call. */
async function admit(
  key: KeyRow,
  signed: ReturnType<typeof readSignedHeaders>,
  request: ApiRequest,
  now: number,
): Promise<ApiPrincipal> {
  const input = { key, now, ip: request.context.ip, target: request.target };
  await refuse(checkKey(input), key, signed.accessKeyId, request, now);
  const limit = await takeRateLimit(signed.accessKeyId, now);
  if (!limit.allowed) {
    throw new ApiError(
      'TooManyRequests',
      `This AccessKey sent more than ${getEnv().API_RATE_LIMIT} requests in 5 minutes. Try again in ${limit.retryAfterSeconds} seconds.`,
      { 'retry-after': String(limit.retryAfterSeconds) },
    );
  }
  await refuse(checkTarget(input), key, signed.accessKeyId, request, now);
  if (STATE_CHANGING_METHODS.has(request.method)) await refuseReplay(signed, now);
  await recordLastUse(key.keyId, request.context.ip, now);
  return {
    keyId: key.keyId,
    accessKeyId: signed.accessKeyId,
    user: {
      id: key.userId,
      email: key.email,
      name: key.name,
      role: key.role,
      programmaticAccess: true,
    },
  };
}

/** A state-changing request counts once: its signature is kept for the time window, across instances. */
async function refuseReplay(signed: { signature: string; seconds: number }, now: number) {
  if (now >= nextNoncePrune) {
    nextNoncePrune = now + NONCE_PRUNE_INTERVAL_MS;
    await getDb()
      .delete(apiNonces)
      .where(lt(apiNonces.expiresAt, new Date(now)));
  }
  const expiresAt = new Date((signed.seconds + REQUEST_WINDOW_SECONDS) * 1000);
  const inserted = await getDb()
    .insert(apiNonces)
    .values({ signature: signed.signature, expiresAt })
    .onConflictDoNothing()
    .returning({ signature: apiNonces.signature });
  if (inserted.length === 0) throw new ApiError('ReplayedRequest');
}

/** At most one write per key per interval, so a busy key does not turn every call into a write. */
async function recordLastUse(keyId: number, ip: string | null, now: number) {
  if (!lastUseWrites.take(keyId, now)) return;
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

async function refuse(
  refusal: Refusal | null,
  key: KeyRow,
  accessKeyId: string,
  request: ApiRequest,
  now: number,
) {
  if (refusal === null) return;
  await auditRefusal(refusal, key, accessKeyId, request, now);
  throw new ApiError(refusal.code, refusal.message);
}

/** One audit row per key and reason per interval, so a flood of refused calls cannot fill the disk. */
async function auditRefusal(
  refusal: Refusal,
  key: KeyRow,
  accessKeyId: string,
  request: ApiRequest,
  now: number,
) {
  if (refusal.audit === undefined || !rejectionAudits.take(`${key.keyId}:${refusal.code}`, now)) {
    return;
  }
  try {
    await recordAudit(getDb(), {
      action: refusal.audit,
      actor: { id: key.userId, email: key.email },
      target: { type: 'access_key', id: accessKeyId },
      detail: {
        method: request.method,
        path: request.path.slice(0, 200),
        ...(request.target && { product: request.target.slug }),
      },
      request: request.context,
    });
  } catch (error) {
    console.error(
      '[api] could not audit a rejection',
      error instanceof Error ? error.message : error,
    );
  }
}
