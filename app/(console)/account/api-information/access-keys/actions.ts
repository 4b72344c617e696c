'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { ACCESS_KEY_STATUSES } from '@/db/schema';
import {
  ACCESS_KEY_LIMIT_REACHED,
  AccessKeyError,
  countAccessKeys,
  createAccessKey as createKey,
  deleteAccessKey as deleteKey,
  MAX_ACCESS_KEYS_PER_ACCOUNT,
  PROGRAMMATIC_ACCESS_REQUIRED,
  revealAccessKeySecret as revealSecret,
  setAccessKeyStatus as setKeyStatus,
} from '@/lib/access-keys/keys';
import { validatedActionWithUser } from '@/lib/actions/validated-action';
import { isVerified } from '@/lib/auth/sessions';
import {
  CODE_LENGTH,
  CODE_TTL_MS,
  sendVerificationCode as sendCode,
  VerificationError,
  verifyCode,
} from '@/lib/access-keys/verification';

const PAGE = '/account/api-information/access-keys';
const UNEXPECTED =
  'Something went wrong on our side and nothing was changed. Try again in a moment.';

export type SecretPair = { accessKeyId: string; secret: string };

export type AccessKeyActionState = {
  error?: string;
  success?: string;
  /** The session has no valid email verification: ask for a code, then try again. */
  verificationRequired?: boolean;
  key?: SecretPair;
};

export type VerificationState = { error?: string; success?: string; verified?: boolean };

/** Refusals written for the user pass through; anything else is logged and replaced by a fixed sentence. */
function failure(error: unknown, operation: string) {
  if (error instanceof AccessKeyError || error instanceof VerificationError) {
    return { error: error.message };
  }
  console.error(
    `[access-keys] ${operation} failed: ${error instanceof Error ? error.message : 'unknown error'}`,
  );
  return { error: UNEXPECTED };
}

const keySchema = z.object({
  id: z.coerce.number({ error: 'Choose an AccessKey.' }).int().positive('Choose an AccessKey.'),
});

export const createAccessKey = validatedActionWithUser(
  z.object({}),
  async (_, { user, session, actor, request }): Promise<AccessKeyActionState> => {
    if (!user.programmaticAccess) return { error: PROGRAMMATIC_ACCESS_REQUIRED };
    // Said before asking for a code, so nobody verifies only to be told there is no room.
    if ((await countAccessKeys(user.id)) >= MAX_ACCESS_KEYS_PER_ACCOUNT) {
      return { error: ACCESS_KEY_LIMIT_REACHED };
    }
    if (!isVerified(session)) return { verificationRequired: true };
    try {
      const { accessKeyId, secret } = await createKey(user.id, { actor, request });
      revalidatePath(PAGE);
      return { success: `AccessKey ${accessKeyId} created.`, key: { accessKeyId, secret } };
    } catch (error) {
      return failure(error, 'create');
    }
  },
);

export const revealAccessKeySecret = validatedActionWithUser(
  keySchema,
  async ({ id }, { user, session, actor, request }): Promise<AccessKeyActionState> => {
    if (!user.programmaticAccess) return { error: PROGRAMMATIC_ACCESS_REQUIRED };
    if (!isVerified(session)) return { verificationRequired: true };
    try {
      return { key: await revealSecret(user.id, id, { actor, request }) };
    } catch (error) {
      return failure(error, 'show');
    }
  },
);

export const setAccessKeyStatus = validatedActionWithUser(
  keySchema.extend({ status: z.enum(ACCESS_KEY_STATUSES, { error: 'Choose a status.' }) }),
  async ({ id, status }, { user, actor, request }): Promise<AccessKeyActionState> => {
    try {
      const { accessKeyId } = await setKeyStatus(user.id, id, status, { actor, request });
      revalidatePath(PAGE);
      return { success: `AccessKey ${accessKeyId} ${status}.` };
    } catch (error) {
      return failure(error, 'status change');
    }
  },
);

export const deleteAccessKey = validatedActionWithUser(
  keySchema,
  async ({ id }, { user, actor, request }): Promise<AccessKeyActionState> => {
    try {
      const { accessKeyId } = await deleteKey(user.id, id, { actor, request });
      revalidatePath(PAGE);
      return { success: `AccessKey ${accessKeyId} deleted.` };
    } catch (error) {
      return failure(error, 'delete');
    }
  },
);

export const sendVerificationCode = validatedActionWithUser(
  z.object({}),
  async (_, { user, actor, request }): Promise<VerificationState> => {
    try {
      await sendCode({ id: user.id, email: user.email }, { actor, request });
      return {
        success: `We sent a ${CODE_LENGTH}-digit code to ${user.email}. It is valid for ${CODE_TTL_MS / 60_000} minutes.`,
      };
    } catch (error) {
      return failure(error, 'sending a code');
    }
  },
);

export const verifyEmailCode = validatedActionWithUser(
  z.object({
    code: z
      .string({ error: 'Enter the 6-digit code from the email.' })
      .trim()
      .regex(/^\d{6}$/, 'Enter the 6-digit code from the email.'),
  }),
  async ({ code }, { user, session, actor, request }): Promise<VerificationState> => {
    try {
      await verifyCode({ id: user.id, email: user.email }, session.id, code, { actor, request });
      return { success: 'Your email is verified.', verified: true };
    } catch (error) {
      return failure(error, 'verifying a code');
    }
  },
);
