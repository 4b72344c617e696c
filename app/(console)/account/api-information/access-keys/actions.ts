'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { ACCESS_KEY_STATUSES } from '@/db/schema';
import {
  ACCESS_KEY_LIMIT_REACHED,
  countAccessKeys,
  createAccessKey,
  deleteAccessKey,
  MAX_ACCESS_KEYS_PER_ACCOUNT,
  PROGRAMMATIC_ACCESS_REQUIRED,
  revealAccessKeySecret,
  ScopeVerificationRequired,
  setAccessKeyScope,
  setAccessKeyStatus,
} from '@/lib/access-keys/keys';
import { describeScope, type ProductScope } from '@/lib/products/scopes';
import { validatedActionWithUser } from '@/lib/actions/validated-action';
import { isVerified } from '@/lib/auth/sessions';
import {
  CODE_LENGTH,
  CODE_TTL_MS,
  sendVerificationCode,
  verifyCode,
} from '@/lib/access-keys/verification';

const PAGE = '/account/api-information/access-keys';
export type SecretPair = { accessKeyId: string; secret: string };

export type AccessKeyActionState = {
  error?: string;
  success?: string;
  /** The session has no valid email verification: ask for a code, then try again. */
  verificationRequired?: boolean;
  key?: SecretPair;
};

export type VerificationState = { error?: string; success?: string; verified?: boolean };

const keySchema = z.object({
  id: z.coerce.number({ error: 'Choose an AccessKey.' }).int().positive('Choose an AccessKey.'),
});

/** "all", or product slugs joined by commas: one field, since a form's repeated names collapse. */
const productsField = z
  .string({ error: 'Choose the products the AccessKey opens.' })
  .max(4100, 'Choose fewer products.')
  .transform((value, ctx): ProductScope => {
    if (value.trim() === 'all') return 'all';
    const slugs = value
      .split(',')
      .map((slug) => slug.trim())
      .filter(Boolean);
    if (slugs.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'Choose at least one product, or all products.' });
      return z.NEVER;
    }
    return slugs;
  });

export const createAccessKeyAction = validatedActionWithUser(
  // Without the field (no product registered yet) a key opens all products.
  z.object({ products: productsField.optional() }),
  async (
    { products = 'all' },
    { user, session, actor, request },
  ): Promise<AccessKeyActionState> => {
    if (!user.programmaticAccess) return { error: PROGRAMMATIC_ACCESS_REQUIRED };
    // Said before asking for a code, so nobody verifies only to be told there is no room.
    if ((await countAccessKeys(user.id)) >= MAX_ACCESS_KEYS_PER_ACCOUNT) {
      return { error: ACCESS_KEY_LIMIT_REACHED };
    }
    if (!isVerified(session)) return { verificationRequired: true };
    const { accessKeyId, secret } = await createAccessKey(user.id, { actor, request }, products);
    revalidatePath(PAGE);
    return { success: `AccessKey ${accessKeyId} created.`, key: { accessKeyId, secret } };
  },
);

export const revealAccessKeySecretAction = validatedActionWithUser(
  keySchema,
  async ({ id }, { user, session, actor, request }): Promise<AccessKeyActionState> => {
    if (!user.programmaticAccess) return { error: PROGRAMMATIC_ACCESS_REQUIRED };
    if (!isVerified(session)) return { verificationRequired: true };
    return { key: await revealAccessKeySecret(user.id, id, { actor, request }) };
  },
);

export const setAccessKeyStatusAction = validatedActionWithUser(
  keySchema.extend({ status: z.enum(ACCESS_KEY_STATUSES, { error: 'Choose a status.' }) }),
  async ({ id, status }, { user, actor, request }): Promise<AccessKeyActionState> => {
    const { accessKeyId } = await setAccessKeyStatus(user.id, id, status, { actor, request });
    revalidatePath(PAGE);
    return { success: `AccessKey ${accessKeyId} ${status}.` };
  },
);

export const setAccessKeyScopeAction = validatedActionWithUser(
  keySchema.extend({ products: productsField }),
  async ({ id, products }, { user, session, actor, request }): Promise<AccessKeyActionState> => {
    try {
      const changed = await setAccessKeyScope(
        user.id,
        id,
        products,
        { verified: isVerified(session) },
        { actor, request },
      );
      revalidatePath(PAGE);
      return {
        success: `AccessKey ${changed.accessKeyId} now opens ${describeScope(changed.products)}.`,
      };
    } catch (error) {
      // Opening more products asks for the email verification, as Create and Show do.
      if (error instanceof ScopeVerificationRequired) return { verificationRequired: true };
      throw error;
    }
  },
);

export const deleteAccessKeyAction = validatedActionWithUser(
  keySchema,
  async ({ id }, { user, actor, request }): Promise<AccessKeyActionState> => {
    const { accessKeyId } = await deleteAccessKey(user.id, id, { actor, request });
    revalidatePath(PAGE);
    return { success: `AccessKey ${accessKeyId} deleted.` };
  },
);

export const sendVerificationCodeAction = validatedActionWithUser(
  z.object({}),
  async (_, { user, actor, request }): Promise<VerificationState> => {
    await sendVerificationCode({ id: user.id, email: user.email }, { actor, request });
    return {
      success: `We sent a ${CODE_LENGTH}-digit code to ${user.email}. It is valid for ${CODE_TTL_MS / 60_000} minutes.`,
    };
  },
);

export const verifyEmailCodeAction = validatedActionWithUser(
  z.object({
    code: z
      .string({ error: 'Enter the 6-digit code from the email.' })
      .trim()
      .regex(/^\d{6}$/, 'Enter the 6-digit code from the email.'),
  }),
  async ({ code }, { user, session, actor, request }): Promise<VerificationState> => {
    await verifyCode({ id: user.id, email: user.email }, session.id, code, { actor, request });
    return { success: 'Your email is verified.', verified: true };
  },
);
