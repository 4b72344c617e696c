import { and, eq, gt } from 'drizzle-orm';
import { getDb, type DbExecutor } from '@/db';
import { sessions, users } from '@/db/schema';
import type { RequestContext } from '@/lib/audit/record';
import { randomToken } from '@/lib/crypto';
import { VERIFICATION_WINDOW_MS } from '@/lib/access-keys/verification-policy';

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;
export { VERIFICATION_WINDOW_MS };

export async function createSession(executor: DbExecutor, userId: number, request: RequestContext) {
  const id = randomToken();
  await executor.insert(sessions).values({
    id,
    userId,
    expiresAt: new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000),
    ip: request.ip,
    userAgent: request.userAgent?.slice(0, 512) ?? null,
  });
  return id;
}

/** The live session and its account, or null when it was ended, expired or the account disabled. */
export async function findActiveSession(sessionId: string) {
  const [row] = await getDb()
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sessionId), gt(sessions.expiresAt, new Date())));
  if (!row || row.user.disabledAt) return null;
  return row;
}

export async function endSession(sessionId: string) {
  await getDb().delete(sessions).where(eq(sessions.id, sessionId));
}

export async function endAllSessions(executor: DbExecutor, userId: number) {
  await executor.delete(sessions).where(eq(sessions.userId, userId));
}

export async function endVerificationWindows(executor: DbExecutor, userId: number) {
  await executor.update(sessions).set({ verifiedUntil: null }).where(eq(sessions.userId, userId));
}

export async function markSessionVerified(sessionId: string, now = Date.now()) {
  const verifiedUntil = new Date(now + VERIFICATION_WINDOW_MS);
  await getDb().update(sessions).set({ verifiedUntil }).where(eq(sessions.id, sessionId));
  return verifiedUntil;
}

export function isVerified(session: { verifiedUntil: Date | null }, now = Date.now()) {
  return session.verifiedUntil !== null && session.verifiedUntil.getTime() > now;
}
