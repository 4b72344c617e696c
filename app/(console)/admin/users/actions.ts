'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { ROLES } from '@/db/schema';
import type { ActionState } from '@/lib/actions/action-state';
import { validatedActionWithAdmin } from '@/lib/actions/validated-action';
import { resetMfa } from '@/lib/auth/mfa/methods';
import { inviteUser, PASSWORD_LINK_HOURS, sendPasswordLink } from '@/lib/auth/password-links';
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
  .number({ error: 'The account is not valid. Reload the page.' })
  .int('The account is not valid. Reload the page.')
  .positive('The account is not valid. Reload the page.');

const programmaticAccessSchema = z.object({
  userId: userIdSchema,
  enabled: z.enum(['true', 'false'], { error: 'Choose to grant or revoke.' }),
});

export const setProgrammaticAccessAction = validatedActionWithAdmin(
  programmaticAccessSchema,
  async ({ userId, enabled }, { actor, request }): Promise<ActionState> => {
    const grant = enabled === 'true';
    const user = await setProgrammaticAccess(userId, grant, { actor, request });
    revalidatePath('/admin/users');
    return {
      success: grant
        ? `Programmatic Access granted to ${user.email}.`
        : `Programmatic Access revoked for ${user.email}. Their AccessKeys stopped working.`,
    };
  },
);

const roleSchema = z.object({
  userId: userIdSchema,
  role: z.enum(ROLES, { error: 'Choose administrator or member.' }),
});

export const setUserRoleAction = validatedActionWithAdmin(
  roleSchema,
  async ({ userId, role }, { actor, request }): Promise<ActionState> => {
    const user = await setRole(userId, role, { actor, request });
    revalidatePath('/admin/users');
    // Administrators who step down cannot see this page any more.
    if (user.id === actor.id && role === 'member') redirect('/account/basic-information');
    return {
      success:
        role === 'admin'
          ? `${user.email} is now an administrator.`
          : `${user.email} is now a member.`,
    };
  },
);

const accountStatusSchema = z.object({
  userId: userIdSchema,
  disabled: z.enum(['true', 'false'], { error: 'Choose to disable or enable.' }),
});

export const setAccountStatusAction = validatedActionWithAdmin(
  accountStatusSchema,
  async ({ userId, disabled }, { actor, request }): Promise<ActionState> => {
    const disable = disabled === 'true';
    const user = await setAccountDisabled(userId, disable, { actor, request });
    revalidatePath('/admin/users');
    return {
      success: disable
        ? `${user.email} is disabled. Their sessions have ended and their AccessKeys are refused.`
        : `${user.email} is enabled again and can sign in.`,
    };
  },
);

const createAccountSchema = z.object({
  email: emailSchema,
  name: nameSchema,
  role: z.enum(ROLES, { error: 'Choose administrator or member.' }),
  programmaticAccess: z
    .literal('on', { error: 'Choose whether the account gets Programmatic Access.' })
    .optional(),
  // Left empty, the account holder chooses the password through the welcome link.
  password: z.preprocess((value) => (value === '' ? undefined : value), passwordSchema.optional()),
});

export const createAccountAction = validatedActionWithAdmin(
  createAccountSchema,
  async (data, { actor, request }): Promise<ActionState> => {
    const input = {
      email: data.email,
      name: data.name,
      role: data.role,
      programmaticAccess: data.programmaticAccess === 'on',
    };
    if (data.password) {
      const user = await createUser({ ...input, password: data.password }, { actor, request });
      revalidatePath('/admin/users');
      return {
        success: `Account ${user.email} created with the password you set. Tell its holder through a safe channel.`,
      };
    }
    const user = await inviteUser(input, { actor, request });
    revalidatePath('/admin/users');
    return {
      success: `Account ${user.email} created. We emailed a link to set the password; it works once within ${PASSWORD_LINK_HOURS} hours.`,
    };
  },
);

export const sendSetPasswordLinkAction = validatedActionWithAdmin(
  z.object({ userId: userIdSchema }),
  async ({ userId }, { actor, request }): Promise<ActionState> => {
    const user = await sendPasswordLink(userId, { actor, request });
    return {
      success: `We emailed ${user.email} a new link to set the password; earlier links no longer work.`,
    };
  },
);

export const resetMfaAction = validatedActionWithAdmin(
  z.object({ userId: userIdSchema }),
  async ({ userId }, { actor, request }): Promise<ActionState> => {
    const { user, mailed } = await resetMfa(userId, { actor, request });
    revalidatePath('/admin/users');
    return {
      success: mailed
        ? `Two-step verification of ${user.email} reset; their sessions ended and we emailed them.`
        : `Two-step verification of ${user.email} reset and their sessions ended, but we could not email them: tell them yourself.`,
    };
  },
);
