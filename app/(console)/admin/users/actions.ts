'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { ROLES } from '@/db/schema';
import type { ActionState } from '@/lib/actions/action-state';
import { validatedActionWithAdmin } from '@/lib/actions/validated-action';
import { resetMfa } from '@/lib/auth/mfa/methods';
import { inviteUser, PASSWORD_LINK_HOURS, sendPasswordLink } from '@/lib/auth/password-links';
import { invalid } from '@/lib/i18n/validation';
import {
  createUser,
  emailSchema,
  nameSchema,
  passwordSchema,
  setAccountDisabled,
  setProgrammaticAccess,
  setRole,
} from '@/lib/users/accounts';

const userIdSchema = z.coerce
  .number({ error: invalid('accountInvalid') })
  .int(invalid('accountInvalid'))
  .positive(invalid('accountInvalid'));

const programmaticAccessSchema = z.object({
  userId: userIdSchema,
  enabled: z.enum(['true', 'false'], { error: invalid('chooseGrant') }),
});

export const setProgrammaticAccessAction = validatedActionWithAdmin(
  programmaticAccessSchema,
  async ({ userId, enabled }, { actor, request, t }): Promise<ActionState> => {
    const grant = enabled === 'true';
    const user = await setProgrammaticAccess(userId, grant, { actor, request });
    revalidatePath('/admin/users');
    return {
      success: grant
        ? t('users.granted', { email: user.email })
        : t('users.revoked', { email: user.email }),
    };
  },
);

const roleSchema = z.object({
  userId: userIdSchema,
  role: z.enum(ROLES, { error: invalid('chooseRole') }),
});

export const setUserRoleAction = validatedActionWithAdmin(
  roleSchema,
  async ({ userId, role }, { actor, request, t }): Promise<ActionState> => {
    const user = await setRole(userId, role, { actor, request });
    revalidatePath('/admin/users');
    // Administrators who step down cannot see this page any more.
    if (user.id === actor.id && role === 'member') redirect('/account/basic-information');
    return {
      success:
        role === 'admin'
          ? t('users.nowAdmin', { email: user.email })
          : t('users.nowMember', { email: user.email }),
    };
  },
);

const accountStatusSchema = z.object({
  userId: userIdSchema,
  disabled: z.enum(['true', 'false'], { error: invalid('chooseDisable') }),
});

export const setAccountStatusAction = validatedActionWithAdmin(
  accountStatusSchema,
  async ({ userId, disabled }, { actor, request, t }): Promise<ActionState> => {
    const disable = disabled === 'true';
    const user = await setAccountDisabled(userId, disable, { actor, request });
    revalidatePath('/admin/users');
    return {
      success: disable
        ? t('users.accountDisabled', { email: user.email })
        : t('users.accountEnabled', { email: user.email }),
    };
  },
);

const createAccountSchema = z.object({
  email: emailSchema,
  name: nameSchema,
  role: z.enum(ROLES, { error: invalid('chooseRole') }),
  programmaticAccess: z.literal('on', { error: invalid('chooseProgrammaticAccess') }).optional(),
  // Left empty, the account holder chooses the password through the welcome link.
  password: z.preprocess((value) => (value === '' ? undefined : value), passwordSchema.optional()),
});

export const createAccountAction = validatedActionWithAdmin(
  createAccountSchema,
  async (data, { actor, request, locale, t }): Promise<ActionState> => {
    const input = {
      email: data.email,
      name: data.name,
      role: data.role,
      programmaticAccess: data.programmaticAccess === 'on',
    };
    if (data.password) {
      const user = await createUser({ ...input, password: data.password }, { actor, request });
      revalidatePath('/admin/users');
      return { success: t('users.createdWithPassword', { email: user.email }) };
    }
    // The welcome mail is written in the administrator's language: the account has no choice yet.
    const user = await inviteUser(input, { actor, request, locale });
    revalidatePath('/admin/users');
    return {
      success: t('users.createdWithLink', { email: user.email, hours: PASSWORD_LINK_HOURS }),
    };
  },
);

export const sendSetPasswordLinkAction = validatedActionWithAdmin(
  z.object({ userId: userIdSchema }),
  async ({ userId }, { actor, request, locale, t }): Promise<ActionState> => {
    const user = await sendPasswordLink(userId, { actor, request, locale });
    return { success: t('users.linkSent', { email: user.email }) };
  },
);

export const resetMfaAction = validatedActionWithAdmin(
  z.object({ userId: userIdSchema }),
  async ({ userId }, { actor, request, locale, t }): Promise<ActionState> => {
    const { user, mailed } = await resetMfa(userId, { actor, request, locale });
    revalidatePath('/admin/users');
    return {
      success: mailed
        ? t('users.mfaReset', { email: user.email })
        : t('users.mfaResetNotMailed', { email: user.email }),
    };
  },
);
