'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { ROLES } from '@/db/schema';
import { validatedActionWithAdmin } from '@/lib/actions/validated-action';
import { MailError } from '@/lib/mail/send';
import { inviteUser, PASSWORD_LINK_HOURS, sendPasswordLink } from '@/lib/auth/password-links';
import {
  createUser,
  emailSchema,
  nameSchema,
  passwordSchema,
  setAccountDisabled,
  setProgrammaticAccess as updateProgrammaticAccess,
  setRole,
  UserError,
} from '@/lib/users/accounts';

export type AdminActionState = { error?: string; success?: string };

const UNEXPECTED = 'Something went wrong on our side. Nothing was changed; try again.';

/** Domain errors carry sentences meant for the administrator; anything else is logged and hidden. */
function failure(error: unknown, what: string): AdminActionState {
  if (error instanceof UserError || error instanceof MailError) return { error: error.message };
  console.error(`[admin] ${what} failed: ${error instanceof Error ? error.name : 'unknown error'}`);
  return { error: UNEXPECTED };
}

const userIdSchema = z.coerce
  .number({ error: 'The account is not valid. Reload the page.' })
  .int('The account is not valid. Reload the page.')
  .positive('The account is not valid. Reload the page.');

const programmaticAccessSchema = z.object({
  userId: userIdSchema,
  enabled: z.enum(['true', 'false'], { error: 'Choose to grant or revoke.' }),
});

export const setProgrammaticAccess = validatedActionWithAdmin(
  programmaticAccessSchema,
  async ({ userId, enabled }, { actor, request }): Promise<AdminActionState> => {
    const grant = enabled === 'true';
    try {
      const user = await updateProgrammaticAccess(userId, grant, { actor, request });
      revalidatePath('/admin/users');
      return {
        success: grant
          ? `Programmatic Access granted to ${user.email}.`
          : `Programmatic Access revoked for ${user.email}. Their AccessKeys stopped working.`,
      };
    } catch (error) {
      return failure(error, 'setProgrammaticAccess');
    }
  },
);

const roleSchema = z.object({
  userId: userIdSchema,
  role: z.enum(ROLES, { error: 'Choose administrator or member.' }),
});

export const setUserRole = validatedActionWithAdmin(
  roleSchema,
  async ({ userId, role }, { actor, request }): Promise<AdminActionState> => {
    let user;
    try {
      user = await setRole(userId, role, { actor, request });
    } catch (error) {
      return failure(error, 'setUserRole');
    }
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

export const setAccountStatus = validatedActionWithAdmin(
  accountStatusSchema,
  async ({ userId, disabled }, { actor, request }): Promise<AdminActionState> => {
    const disable = disabled === 'true';
    try {
      const user = await setAccountDisabled(userId, disable, { actor, request });
      revalidatePath('/admin/users');
      return {
        success: disable
          ? `${user.email} is disabled. Their sessions have ended and their AccessKeys are refused.`
          : `${user.email} is enabled again and can sign in.`,
      };
    } catch (error) {
      return failure(error, 'setAccountStatus');
    }
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

export const createAccount = validatedActionWithAdmin(
  createAccountSchema,
  async (data, { actor, request }): Promise<AdminActionState> => {
    const input = {
      email: data.email,
      name: data.name,
      role: data.role,
      programmaticAccess: data.programmaticAccess === 'on',
    };
    try {
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
    } catch (error) {
      return failure(error, 'createAccount');
    }
  },
);

export const sendSetPasswordLink = validatedActionWithAdmin(
  z.object({ userId: userIdSchema }),
  async ({ userId }, { actor, request }): Promise<AdminActionState> => {
    try {
      const user = await sendPasswordLink(userId, { actor, request });
      return {
        success: `We emailed ${user.email} a new link to set the password; earlier links no longer work.`,
      };
    } catch (error) {
      return failure(error, 'sendSetPasswordLink');
    }
  },
);
