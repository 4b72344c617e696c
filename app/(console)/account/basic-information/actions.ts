'use server';

import { z } from 'zod';
import { validatedActionWithUser } from '@/lib/actions/validated-action';
import type { ActionState } from '@/lib/actions/action-state';
import { signOut } from '@/lib/auth/next-auth';
import { verifyPassword } from '@/lib/auth/password';
import {
  newPasswordFields,
  PASSWORDS_DIFFER,
  passwordsMatch,
  setPassword,
} from '@/lib/users/accounts';

const changePasswordSchema = z
  .object({
    currentPassword: z
      .string({ error: 'Enter your current password.' })
      .min(1, 'Enter your current password.')
      .max(1024, 'The current password is not correct.'),
    ...newPasswordFields,
  })
  .refine(passwordsMatch, { message: PASSWORDS_DIFFER });

export const changePasswordAction = validatedActionWithUser(
  changePasswordSchema,
  async (data, { user, actor, request }): Promise<ActionState> => {
    if (!(await verifyPassword(data.currentPassword, user.passwordHash))) {
      return { error: 'The current password is not correct.' };
    }
    // Ends every session of the account, this one included: a changed password signs everyone out.
    await setPassword(user.id, data.newPassword, { actor, request });
    await signOut({ redirectTo: '/login?passwordSet=1' });
    return {};
  },
);
