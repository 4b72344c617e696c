'use server';

import { AuthError, CredentialsSignin } from 'next-auth';
import { z } from 'zod';
import type { ActionState } from '@/lib/actions/action-state';
import { SIGN_IN_THROTTLED, signIn } from '@/lib/auth/next-auth';
import { requestContext } from '@/lib/http/request-context';
import { retryMessage, signInLockedUntil } from '@/lib/auth/sign-in-throttle';
import { normalizeEmail } from '@/lib/users/accounts';

const signInSchema = z.object({
  email: z
    .string({ error: 'Enter your email address.' })
    .trim()
    .min(1, 'Enter your email address.')
    .max(320, 'Invalid email or password.'),
  password: z
    .string({ error: 'Enter your password.' })
    .min(1, 'Enter your password.')
    .max(1024, 'Invalid email or password.'),
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
  const parsed = signInSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success)
    return {
      error: parsed.error.issues[0].message,
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
      return { error: until ? retryMessage(until) : 'Invalid email or password.', email };
    }
    if (error instanceof AuthError) return { error: 'Invalid email or password.', email };
    throw error;
  }
}
