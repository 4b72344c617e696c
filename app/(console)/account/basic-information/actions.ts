'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { validatedActionWithUser } from '@/lib/actions/validated-action';
import type { ActionState } from '@/lib/actions/action-state';
import { signOut } from '@/lib/auth/next-auth';
import { verifyPassword } from '@/lib/auth/password';
import { FOLLOW_BROWSER, LOCALES } from '@/lib/i18n/locales';
import { browserLocale } from '@/lib/i18n/server';
import { translator } from '@/lib/i18n/translator';
import { invalid } from '@/lib/i18n/validation';
import {
  newPasswordFields,
  PASSWORDS_DIFFER,
  passwordsMatch,
  setAccountLocale,
  setPassword,
} from '@/lib/users/accounts';

const changePasswordSchema = z
  .object({
    currentPassword: z
      .string({ error: invalid('currentPasswordRequired') })
      .min(1, invalid('currentPasswordRequired'))
      .max(1024, invalid('currentPasswordWrong')),
    ...newPasswordFields,
  })
  .refine(passwordsMatch, { message: PASSWORDS_DIFFER });

export const changePasswordAction = validatedActionWithUser(
  changePasswordSchema,
  async (data, { user, actor, request, t }): Promise<ActionState> => {
    if (!(await verifyPassword(data.currentPassword, user.passwordHash))) {
      return { error: t('errors.currentPasswordWrong') };
    }
    // Ends every session of the account, this one included: a changed password signs everyone out.
    await setPassword(user.id, data.newPassword, { actor, request });
    await signOut({ redirectTo: '/login?passwordSet=1' });
    return {};
  },
);

export const setAccountLocaleAction = validatedActionWithUser(
  z.object({
    locale: z.enum([FOLLOW_BROWSER, ...LOCALES], { error: invalid('chooseLanguage') }),
  }),
  async ({ locale }, { user, actor, request }): Promise<ActionState> => {
    const chosen = locale === FOLLOW_BROWSER ? null : locale;
    await setAccountLocale(user.id, chosen, { actor, request });
    // Every page, the navigation of the layout included, renders in the new language at once.
    revalidatePath('/', 'layout');
    // Answered in the language just chosen, since that is what the page turns into.
    const t = translator(chosen ?? (await browserLocale()));
    return { success: chosen ? t('language.saved') : t('language.savedBrowser') };
  },
);
