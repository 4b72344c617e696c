'use server';

import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { AuthError, CredentialsSignin } from 'next-auth';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { getDb } from '@/db';
import type { ActionState } from '@/lib/actions/action-state';
import {
  SECOND_STEP_REQUIRED,
  SIGN_IN_EXPIRED,
  SIGN_IN_THROTTLED,
  signIn,
} from '@/lib/auth/next-auth';
import { authenticationOptions } from '@/lib/auth/mfa/passkeys';
import {
  createPendingSignIn,
  findPendingSignIn,
  PENDING_SIGN_IN_COOKIE,
  pendingCookieOptions,
  setPendingChallenge,
} from '@/lib/auth/mfa/pending-sign-in';
import { PASSKEY_SIGN_IN } from '@/lib/auth/mfa/second-step';
import { requestContext } from '@/lib/http/request-context';
import { retryMessage, signInLockedUntil } from '@/lib/auth/sign-in-throttle';
import { browserLocale, requestLocale } from '@/lib/i18n/server';
import { translator } from '@/lib/i18n/translator';
import { invalid, issueMessage } from '@/lib/i18n/validation';
import { normalizeEmail } from '@/lib/users/accounts';

const callbackUrl = z.string().optional();

// Over-long input is answered like a wrong password: it cannot belong to an account.
const signInSchema = z.object({
  email: z
    .string({ error: invalid('signInEmailRequired') })
    .trim()
    .min(1, invalid('signInEmailRequired'))
    .max(320, invalid('signInInvalid')),
  password: z
    .string({ error: invalid('signInPasswordRequired') })
    .min(1, invalid('signInPasswordRequired'))
    .max(1024, invalid('signInInvalid')),
  callbackUrl,
});

/** Only same-site paths, so a crafted link cannot send a fresh session elsewhere. */
function safeRedirect(target: string | undefined) {
  return target && target.startsWith('/') && !target.startsWith('//') && !target.startsWith('/\\')
    ? target
    : '/account/api-information/access-keys';
}

function withCallback(path: string, target: string | undefined) {
  const safe = safeRedirect(target);
  return safe === safeRedirect(undefined)
    ? path
    : `${path}?callbackUrl=${encodeURIComponent(safe)}`;
}

export type SignInState = ActionState & { email?: string };

export async function signInWithPasswordAction(
  _: SignInState,
  formData: FormData,
): Promise<SignInState> {
  const locale = await browserLocale();
  const t = translator(locale);
  const parsed = signInSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success)
    return {
      error: issueMessage(locale, parsed.error.issues[0]),
      email: String(formData.get('email') ?? '').slice(0, 320),
    };
  const { email, password, callbackUrl } = parsed.data;
  try {
    await signIn('credentials', { email, password, redirectTo: safeRedirect(callbackUrl) });
    return {};
  } catch (error) {
    if (error instanceof CredentialsSignin && error.code === SECOND_STEP_REQUIRED) {
      // Outside the catch below: redirect() throws, and Next must see it.
    } else if (error instanceof CredentialsSignin && error.code === SIGN_IN_THROTTLED) {
      const { ip } = await requestContext();
      const until = await signInLockedUntil(normalizeEmail(email), ip ?? 'unknown');
      return { error: until ? retryMessage(until, locale) : t('login.invalid'), email };
    } else if (error instanceof AuthError) {
      return { error: t('login.invalid'), email };
    } else {
      throw error;
    }
  }
  redirect(withCallback('/login/verify', callbackUrl));
}

async function pendingToken() {
  return (await cookies()).get(PENDING_SIGN_IN_COOKIE)?.value ?? null;
}

const secondStepSchema = z.object({
  code: z.string().trim().max(64).optional(),
  passkey: z.string().max(65_536).optional(),
  callbackUrl,
});

/**
 * The second step: a code of the authenticator app, a recovery code, or a passkey's answer. Its
 * answers are in the account's own language when it has chosen one (only someone who knows the
 * password gets here), and say no more than the password step's.
 */
export async function verifySecondStepAction(
  _: ActionState,
  formData: FormData,
): Promise<ActionState> {
  const locale = await requestLocale();
  const t = translator(locale);
  const parsed = secondStepSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return { error: t('secondStep.invalidCode') };
  const { code, passkey, callbackUrl } = parsed.data;
  if (!passkey && !code) return { error: t('secondStep.codeRequired') };
  const refusal = passkey ? t('secondStep.invalidPasskey') : t('secondStep.invalidCode');
  try {
    await signIn('second-factor', {
      ...(passkey ? { passkey } : { code }),
      redirectTo: safeRedirect(callbackUrl),
    });
    return {};
  } catch (error) {
    if (error instanceof CredentialsSignin && error.code === SIGN_IN_EXPIRED) {
      // Falls through to the redirect below.
    } else if (error instanceof CredentialsSignin && error.code === SIGN_IN_THROTTLED) {
      const found = await findPendingSignIn(await pendingToken());
      const { ip } = await requestContext();
      const until = found?.user ? await signInLockedUntil(found.user.email, ip ?? 'unknown') : null;
      return { error: until ? retryMessage(until, locale) : refusal };
    } else if (error instanceof AuthError) {
      return { error: refusal };
    } else {
      throw error;
    }
  }
  redirect('/login?expired=1');
}

export type PasskeyOptionsState = ActionState & { options?: PublicKeyCredentialRequestOptionsJSON };

/** The challenge for a passkey as the second step, kept with the pending sign-in. */
export async function secondStepPasskeyOptionsAction(): Promise<PasskeyOptionsState> {
  const found = await findPendingSignIn(await pendingToken());
  if (!found?.user) redirect('/login?expired=1');
  const options = await authenticationOptions(found.user.id);
  await setPendingChallenge(found.pending.id, options.challenge);
  return { options };
}

/** The challenge for a passkey sign-in: a pending sign-in of no account yet, bound to this browser. */
export async function passkeySignInOptionsAction(): Promise<PasskeyOptionsState> {
  const options = await authenticationOptions(null);
  const token = await createPendingSignIn(getDb(), null, { challenge: options.challenge });
  (await cookies()).set(PENDING_SIGN_IN_COOKIE, token, pendingCookieOptions());
  return { options };
}

export async function signInWithPasskeyAction(
  _: ActionState,
  formData: FormData,
): Promise<ActionState> {
  const locale = await browserLocale();
  const t = translator(locale);
  const parsed = z
    .object({ passkey: z.string().min(1).max(65_536), callbackUrl })
    .safeParse(Object.fromEntries(formData));
  if (!parsed.success) return { error: t('secondStep.invalidPasskey') };
  try {
    await signIn('passkey', {
      passkey: parsed.data.passkey,
      redirectTo: safeRedirect(parsed.data.callbackUrl),
    });
    return {};
  } catch (error) {
    if (error instanceof CredentialsSignin && error.code === SIGN_IN_THROTTLED) {
      const { ip } = await requestContext();
      const until = await signInLockedUntil(PASSKEY_SIGN_IN, ip ?? 'unknown');
      return { error: until ? retryMessage(until, locale) : t('secondStep.invalidPasskey') };
    }
    if (error instanceof AuthError) return { error: t('secondStep.invalidPasskey') };
    throw error;
  }
}
