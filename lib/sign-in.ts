import { eq } from 'drizzle-orm';
import { getDb } from '@/db';
import { users, type User } from '@/db/schema';
import { recordAudit, type RequestContext } from '@/lib/audit';
import { verifyPassword } from '@/lib/password';
import { createSession } from '@/lib/sessions';
import {
  clearSignInFailures,
  recordSignInFailure,
  signInLockedUntil,
} from '@/lib/sign-in-throttle';
import { normalizeEmail } from '@/lib/users';

export type SignInResult =
  | { status: 'ok'; user: User; sessionId: string }
  | { status: 'invalid' }
  | { status: 'throttled'; until: Date };

export async function authenticate(
  input: { email: string; password: string },
  request: RequestContext,
): Promise<SignInResult> {
  const email = normalizeEmail(input.email);
  const ip = request.ip ?? 'unknown';
  const until = await signInLockedUntil(email, ip);
  if (until) return { status: 'throttled', until };

  const db = getDb();
  const user = db.select().from(users).where(eq(users.email, email)).get();
  const passwordOk = await verifyPassword(input.password, user?.passwordHash ?? null);
  if (!user || !passwordOk || user.disabledAt) {
    await recordSignInFailure(email, ip);
    recordAudit(db, {
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
  const sessionId = db.transaction((tx) => {
    tx.update(users).set({ lastSignInAt: new Date() }).where(eq(users.id, user.id)).run();
    recordAudit(tx, {
      action: 'auth.signed_in',
      actor: { id: user.id, email: user.email },
      target: { type: 'user', id: user.id },
      request,
    });
    return createSession(tx, user.id, request);
  });
  return { status: 'ok', user, sessionId };
}
