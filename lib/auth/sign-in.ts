import { eq } from 'drizzle-orm';
import { getDb, transaction } from '@/db';
import { users, type User } from '@/db/schema';
import { recordAudit, type RequestContext } from '@/lib/audit/record';
import { verifyPassword } from '@/lib/auth/password';
import { createSession } from '@/lib/auth/sessions';
import {
  clearSignInFailures,
  recordSignInFailure,
  signInLockedUntil,
} from '@/lib/auth/sign-in-throttle';
import { MAX_EMAIL_LENGTH, normalizeEmail } from '@/lib/users/accounts';

export type SignInResult =
  | { status: 'ok'; user: User; sessionId: string }
  | { status: 'invalid' }
  | { status: 'throttled'; until: Date };

export async function authenticate(
  input: { email: string; password: string },
  request: RequestContext,
): Promise<SignInResult> {
  // No account has a longer address (emailSchema); cut before it is counted or indexed, since
  // PostgreSQL refuses an index entry of a few kilobytes.
  // U+0000 is refused by PostgreSQL in text and is in no address: replaced, it still counts.
  const email = normalizeEmail(input.email)
    .slice(0, MAX_EMAIL_LENGTH + 1)
    .replaceAll('\u0000', '\ufffd');
  const ip = request.ip ?? 'unknown';
  const until = await signInLockedUntil(email, ip);
  if (until) return { status: 'throttled', until };

  const db = getDb();
  const [user] = await db.select().from(users).where(eq(users.email, email));
  const passwordOk = await verifyPassword(input.password, user?.passwordHash ?? null);
  if (!user || !passwordOk || user.disabledAt) {
    await recordSignInFailure(email, ip);
    await recordAudit(db, {
      action: 'auth.sign_in_failed',
      actor: user ? { id: user.id, email: user.email } : null,
      target: user ? { type: 'user', id: user.id } : undefined,
      detail: {
        email,
        reason: !user ? 'unknown_account' : user.disabledAt ? 'account_disabled' : 'wrong_password',
      },
      request,
    });
    return { status: 'invalid' };
  }

  await clearSignInFailures(email, ip);
  const sessionId = await transaction(async (tx) => {
    await tx.update(users).set({ lastSignInAt: new Date() }).where(eq(users.id, user.id));
    await recordAudit(tx, {
      action: 'auth.signed_in',
      actor: { id: user.id, email: user.email },
      target: { type: 'user', id: user.id },
      request,
    });
    return createSession(tx, user.id, request);
  });
  return { status: 'ok', user, sessionId };
}
