'use server';

import { AuthError, CredentialsSignin } from 'next-auth';
import { z } from 'zod';
import type { ActionState } from '@/lib/actions/action-state';
import { SIGN_IN_THROTTLED, signIn } from '@/lib/auth/next-auth';
import { requestContext } from '@/lib/http/request-context';
import { retryMessage, signInLockedUntil } from '@/lib/auth/sign-in-throttle';
import { browserLocale } from '@/lib/i18n/server';
import { translator } from '@/lib/i18n/translator';
import { invalid, issueMessage } from '@/lib/i18n/validation';
import { normalizeEmail } from '@/lib/users/accounts';

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
  callbackUrl: z.string().optional(),
});

/** Only same-site paths, so a crafted link cannot send a fresh session elsewhere. */
function safeRedirect(target: string | undefined) {
  return target && target.startsWith('/') && !target.startsWith('//') && !target.startsWith('/\\')
    ? target
    : '/account/api-information/access-keys';
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
    if (error instanceof CredentialsSignin && error.code === SIGN_IN_THROTTLED) {
      const { ip } = await requestContext();
      const until = await signInLockedUntil(normalizeEmail(email), ip ?? 'unknown');
      return { error: until ? retryMessage(until, locale) : t('login.invalid'), email };
    }
    if (error instanceof AuthError) return { error: t('login.invalid'), email };
    throw error;
  }
}
