import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { eq } from 'drizzle-orm';
import { transaction } from '@/db';
import { users, type User } from '@/db/schema';
import { recordAudit, type RequestContext } from '@/lib/audit/record';
import { appUrl } from '@/lib/config/env';
import { sendMail } from '@/lib/mail/send';
import { recoveryCodeUsedMail } from '@/lib/mail/templates';
import { isLocale, type Locale } from '@/lib/i18n/locales';
import {
  endPendingSignIn,
  findPendingSignIn,
  recordSecondStepFailure,
} from '@/lib/auth/mfa/pending-sign-in';
import { verifyAssertion } from '@/lib/auth/mfa/passkeys';
import { recoveryCodesLeft, spendRecoveryCode } from '@/lib/auth/mfa/recovery-codes';
import { acceptTotpCode, looksLikeTotpCode } from '@/lib/auth/mfa/totp';
import {
  clearSignInFailures,
  recordSignInFailure,
  signInLockedUntil,
} from '@/lib/auth/sign-in-throttle';
import { startSession, type SignInMethod } from '@/lib/auth/sign-in';

export type SecondStepAnswer = { code: string } | { passkey: AuthenticationResponseJSON };

export type SecondStepResult =
  | { status: 'ok'; user: User; sessionId: string }
  | { status: 'invalid' }
  | { status: 'throttled'; until: Date }
  /** No live pending sign-in (expired, used, voided by too many wrong answers): start again. */
  | { status: 'expired' };

// What the throttle counts a passkey sign-in under before it knows the account.
export const PASSKEY_SIGN_IN = 'passkey sign-in';

/**
 * The second step of a sign-in whose password was right: a code of the authenticator app, a
 * recovery code or a passkey of that account. Wrong answers count against the same per-account
 * and per-address limits as wrong passwords, and against the pending sign-in's own few tries.
 * `locale` is the browser's language, for the notice mail of an account that has chosen none.
 */
export async function completeSecondStep(
  token: string | null,
  answer: SecondStepAnswer,
  request: RequestContext,
  locale: Locale,
): Promise<SecondStepResult> {
  const found = await findPendingSignIn(token);
  if (!found?.user) return { status: 'expired' };
  const { pending, user } = found;
  const ip = request.ip ?? 'unknown';
  const until = await signInLockedUntil(user.email, ip);
  if (until) return { status: 'throttled', until };

  let method: SignInMethod | null = null;
  const result = await transaction(async (tx) => {
    if ('passkey' in answer) {
      if (pending.challenge === null) return null;
      const passkey = await verifyAssertion(tx, answer.passkey, pending.challenge, {
        forUser: user.id,
      });
      method = 'passkey';
      if (!passkey) return null;
    } else if (looksLikeTotpCode(answer.code)) {
      method = 'totp';
      if (!(await acceptTotpCode(tx, user.id, answer.code, { confirmed: true }))) return null;
    } else {
      method = 'recovery_code';
      if (!(await spendRecoveryCode(tx, user.id, answer.code))) return null;
    }
    // Used once: a second request with the same cookie finds nothing left to complete.
    if (!(await endPendingSignIn(tx, pending.id))) return null;
    await recordAudit(tx, {
      action: 'auth.second_factor_passed',
      actor: { id: user.id, email: user.email },
      target: { type: 'user', id: user.id },
      detail: { method },
      request,
    });
    if (method === 'recovery_code') {
      await recordAudit(tx, {
        action: 'mfa.recovery_code_used',
        actor: { id: user.id, email: user.email },
        target: { type: 'user', id: user.id },
        detail: { left: await recoveryCodesLeft(user.id, tx) },
        request,
      });
    }
    return startSession(tx, user, request, method);
  });

  if (result === null) {
    await recordSignInFailure(user.email, ip);
    const voided = await recordSecondStepFailure(pending.id);
    await transaction((tx) =>
      recordAudit(tx, {
        action: 'auth.second_factor_failed',
        actor: { id: user.id, email: user.email },
        target: { type: 'user', id: user.id },
        detail: { method: method ?? 'unknown', ...(voided ? { voided: true } : {}) },
        request,
      }),
    );
    return voided ? { status: 'expired' } : { status: 'invalid' };
  }
  await clearSignInFailures(user.email, ip);
  if (method === 'recovery_code') await mailRecoveryCodeUsed(user, locale);
  return { status: 'ok', user, sessionId: result };
}

async function mailRecoveryCodeUsed(user: User, locale: Locale) {
  try {
    await sendMail({
      to: user.email,
      ...recoveryCodeUsedMail(isLocale(user.locale) ? user.locale : locale, {
        left: await recoveryCodesLeft(user.id),
        link: `${appUrl()}/account/basic-information/sign-in-security`,
      }),
    });
  } catch {
    // The sign-in stands; sendMail has logged why the notice could not go out.
  }
}

/**
 * A sign-in with a passkey alone: the discoverable credential names the account, and the
 * authenticator must have verified the user (PIN or biometrics), which makes it two factors in one.
 */
export async function completePasskeySignIn(
  token: string | null,
  response: AuthenticationResponseJSON,
  request: RequestContext,
): Promise<SecondStepResult> {
  const found = await findPendingSignIn(token);
  if (!found || found.pending.userId !== null || found.pending.challenge === null) {
    return { status: 'expired' };
  }
  const { pending } = found;
  const ip = request.ip ?? 'unknown';
  const until = await signInLockedUntil(PASSKEY_SIGN_IN, ip);
  if (until) return { status: 'throttled', until };

  const result = await transaction(async (tx) => {
    if (!(await endPendingSignIn(tx, pending.id))) return null;
    const passkey = await verifyAssertion(tx, response, pending.challenge!, { forUser: null });
    if (!passkey) return null;
    const [user] = await tx.select().from(users).where(eq(users.id, passkey.userId));
    if (!user || user.disabledAt) return null;
    return { user, sessionId: await startSession(tx, user, request, 'passkey_only') };
  });
  if (result === null) {
    await recordSignInFailure(PASSKEY_SIGN_IN, ip);
    await transaction((tx) =>
      recordAudit(tx, {
        action: 'auth.sign_in_failed',
        actor: null,
        detail: { reason: 'passkey_not_verified' },
        request,
      }),
    );
    return { status: 'invalid' };
  }
  return { status: 'ok', ...result };
}
