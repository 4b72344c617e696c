import { and, eq, gt, lt, sql } from 'drizzle-orm';
import { getDb, type DbExecutor } from '@/db';
import { pendingSignIns, users } from '@/db/schema';
import { appUrl } from '@/lib/config/env';
import { randomToken, sha256Hex } from '@/lib/crypto';

export const PENDING_SIGN_IN_COOKIE = 'accesskey.pending-sign-in';
export const PENDING_SIGN_IN_TTL_MS = 5 * 60 * 1000;
/** Wrong second-step answers one pending sign-in takes before it is void and the password is asked again. */
export const MAX_SECOND_STEP_ATTEMPTS = 5;

/** httpOnly, SameSite=Lax, and Secure when the console is served over HTTPS. */
export function pendingCookieOptions() {
  return {
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: new URL(appUrl()).protocol === 'https:',
    path: '/',
    maxAge: PENDING_SIGN_IN_TTL_MS / 1000,
  };
}

/** The cookie's value in a Cookie header, for code that sees only the request's headers. */
export function pendingTokenFrom(cookieHeader: string | null) {
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === PENDING_SIGN_IN_COOKIE) return value.join('=') || null;
  }
  return null;
}

/**
 * Starts a sign-in that waits for its second step (a known account) or for a passkey (userId
 * null). Only the token's hash is stored; the token goes to the browser in the cookie.
 */
export async function createPendingSignIn(
  executor: DbExecutor,
  userId: number | null,
  options: { challenge?: string; now?: number } = {},
) {
  const now = options.now ?? Date.now();
  const token = randomToken();
  await executor.delete(pendingSignIns).where(lt(pendingSignIns.expiresAt, new Date(now)));
  await executor.insert(pendingSignIns).values({
    id: sha256Hex(token),
    userId,
    challenge: options.challenge ?? null,
    expiresAt: new Date(now + PENDING_SIGN_IN_TTL_MS),
  });
  return token;
}

/** The live pending sign-in the token names, with its account (none for a passkey sign-in). */
export async function findPendingSignIn(token: string | null | undefined, now = Date.now()) {
  if (!token || token.length > 100) return null;
  const [row] = await getDb()
    .select({ pending: pendingSignIns, user: users })
    .from(pendingSignIns)
    .leftJoin(users, eq(users.id, pendingSignIns.userId))
    .where(
      and(eq(pendingSignIns.id, sha256Hex(token)), gt(pendingSignIns.expiresAt, new Date(now))),
    );
  if (!row || (row.pending.userId !== null && (!row.user || row.user.disabledAt))) return null;
  return row;
}

export async function setPendingChallenge(id: string, challenge: string) {
  await getDb().update(pendingSignIns).set({ challenge }).where(eq(pendingSignIns.id, id));
}

/** Counts a wrong answer; true when that was the last one allowed and the pending sign-in is gone. */
export async function recordSecondStepFailure(id: string) {
  const [row] = await getDb()
    .update(pendingSignIns)
    .set({ failedAttempts: sql`${pendingSignIns.failedAttempts} + 1` })
    .where(eq(pendingSignIns.id, id))
    .returning({ failedAttempts: pendingSignIns.failedAttempts });
  if (!row || row.failedAttempts >= MAX_SECOND_STEP_ATTEMPTS) {
    await endPendingSignIn(getDb(), id);
    return true;
  }
  return false;
}

/** Removes it; true only for the one caller that removed it, so it completes a sign-in once. */
export async function endPendingSignIn(executor: DbExecutor, id: string) {
  const [removed] = await executor
    .delete(pendingSignIns)
    .where(eq(pendingSignIns.id, id))
    .returning({ id: pendingSignIns.id });
  return removed !== undefined;
}
