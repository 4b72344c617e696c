'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import type { ActionState } from '@/lib/actions/action-state';
import { validatedAction } from '@/lib/actions/validated-action';
import { setPasswordWithLink } from '@/lib/auth/password-links';
import { requestContext } from '@/lib/http/request-context';
import { invalid } from '@/lib/i18n/validation';
import { newPasswordFields, PASSWORDS_DIFFER, passwordsMatch } from '@/lib/users/accounts';

const setPasswordSchema = z
  .object({
    token: z
      .string({ error: invalid('linkInvalid') })
      .min(1, invalid('linkInvalid'))
      .max(200, invalid('linkInvalid')),
    ...newPasswordFields,
  })
  .refine(passwordsMatch, { message: PASSWORDS_DIFFER });

/** The welcome link's form: signed-out by nature, so the link itself is the credential. */
export const setPasswordFromLinkAction = validatedAction(
  setPasswordSchema,
  async ({ token, newPassword }): Promise<ActionState> => {
    await setPasswordWithLink(token, newPassword, await requestContext());
    redirect('/login?passwordSet=1');
  },
);
