'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import type { ActionState } from '@/lib/actions/action-state';
import { PasswordLinkError, setPasswordWithLink } from '@/lib/auth/password-links';
import { requestContext } from '@/lib/http/request-context';
import {
  newPasswordFields,
  PASSWORDS_DIFFER,
  passwordsMatch,
  UserError,
} from '@/lib/users/accounts';

const setPasswordSchema = z
  .object({
    token: z
      .string({ error: 'This link is not valid.' })
      .min(1, 'This link is not valid.')
      .max(200, 'This link is not valid.'),
    ...newPasswordFields,
  })
  .refine(passwordsMatch, { message: PASSWORDS_DIFFER });

/** The welcome link's form: signed-out by nature, so the link itself is the credential. */
export async function setPasswordFromLink(
  _: ActionState,
  formData: FormData,
): Promise<ActionState> {
  const parsed = setPasswordSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success)
    return { error: parsed.error.issues[0]?.message ?? 'The form is not valid.' };
  try {
    await setPasswordWithLink(parsed.data.token, parsed.data.newPassword, await requestContext());
  } catch (error) {
    if (error instanceof PasswordLinkError || error instanceof UserError) {
      return { error: error.message };
    }
    console.error(
      `[set-password] failed: ${error instanceof Error ? error.name : 'unknown error'}`,
    );
    return { error: 'Something went wrong on our side. Your password was not changed; try again.' };
  }
  redirect('/login?passwordSet=1');
}
