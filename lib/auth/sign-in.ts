import { eq } from 'drizzle-orm';
import { getDb, transaction, type DbExecutor } from '@/db';
import { users, type User } from '@/db/schema';
import { recordAudit, type RequestContext } from '@/lib/audit/record';
import { verifyPassword } from '@/lib/auth/password';
import { createPendingSignIn } from '@/lib/auth/mfa/pending-sign-in';
import { hasSecondFactor } from '@/lib/auth/mfa/policy';
import { createSession } from '@/lib/auth/sessions';
import {
  clearSignInFailures,
  recordSignInFailure,
  signInLockedUntil,
} from '@/lib/auth/sign-in-throttle';
import { MAX_EMAIL_LENGTH, normalizeEmail } from '@/lib/users/accounts';

export type SignInResult =
  | { status: 'ok'; user: User; sessionId: string }
  /** The password was right; the sign-in waits for its second step, named by `token`. */
  | { status: 'second_step'; token: string }
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

  if (await hasSecondFactor(user.id)) {
    // No session yet, and the failures stay counted: only a passed second step clears them, so
    // the right password cannot buy fresh guesses at the code.
    return { status: 'second_step', token: await createPendingSignIn(db, user.id) };
  }
  await clearSignInFailures(email, ip);
  const sessionId = await transaction((tx) => startSession(tx, user, request, 'password'));
  return { status: 'ok', user, sessionId };
}

export type SignInMethod = 'password' | 'totp' | 'recovery_code' | 'passkey' | 'passkey_only';

/** The end of every successful sign-in: the session row, the last sign-in time and the audit row. */
export async function startSession(
  tx: DbExecutor,
  user: User,
  request: RequestContext,
  method: SignInMethod,
) {
  await tx.update(users).set({ lastSignInAt: new Date() }).where(eq(users.id, user.id));
  await recordAudit(tx, {
    action: 'auth.signed_in',
    actor: { id: user.id, email: user.email },
    target: { type: 'user', id: user.id },
    ...(method === 'password' ? {} : { detail: { method } }),
    request,
  });
  return createSession(tx, user.id, request);
}
