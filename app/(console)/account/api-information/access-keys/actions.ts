'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { ACCESS_KEY_STATUSES } from '@/db/schema';
import {
  countAccessKeys,
  createAccessKey,
  deleteAccessKey,
  MAX_ACCESS_KEYS_PER_ACCOUNT,
  revealAccessKeySecret,
  ScopeVerificationRequired,
  setAccessKeyScope,
  setAccessKeyStatus,
} from '@/lib/access-keys/keys';
import type { ProductScope } from '@/lib/products/scopes';
import { validatedActionWithUser } from '@/lib/actions/validated-action';
import { isVerified } from '@/lib/auth/sessions';
import {
  CODE_LENGTH,
  CODE_TTL_MS,
  sendVerificationCode,
  verifyCode,
} from '@/lib/access-keys/verification';
import { invalid } from '@/lib/i18n/validation';

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
  id: z.coerce
    .number({ error: invalid('chooseAccessKey') })
    .int(invalid('chooseAccessKey'))
    .positive(invalid('chooseAccessKey')),
});

/** "all", or product slugs joined by commas: one field, since a form's repeated names collapse. */
const productsField = z
  .string({ error: invalid('chooseProducts') })
  .max(4100, invalid('tooManyProducts'))
  .transform((value, ctx): ProductScope => {
    if (value.trim() === 'all') return 'all';
    const slugs = value
      .split(',')
      .map((slug) => slug.trim())
      .filter(Boolean);
    if (slugs.length === 0) {
      ctx.addIssue({ code: 'custom', message: invalid('chooseAtLeastOneProduct') });
      return z.NEVER;
    }
    return slugs;
  });

export const createAccessKeyAction = validatedActionWithUser(
  // Without the field (no product registered yet) a key opens all products.
  z.object({ products: productsField.optional() }),
  async (
    { products = 'all' },
    { user, session, actor, request, t },
  ): Promise<AccessKeyActionState> => {
    if (!user.programmaticAccess) return { error: t('errors.programmaticAccessRequired') };
    // Said before asking for a code, so nobody verifies only to be told there is no room.
    if ((await countAccessKeys(user.id)) >= MAX_ACCESS_KEYS_PER_ACCOUNT) {
      return { error: t('errors.accessKeyLimitReached', { max: MAX_ACCESS_KEYS_PER_ACCOUNT }) };
    }
    if (!isVerified(session)) return { verificationRequired: true };
    const { accessKeyId, secret } = await createAccessKey(user.id, { actor, request }, products);
    revalidatePath(PAGE);
    return { success: t('accessKeys.created', { accessKeyId }), key: { accessKeyId, secret } };
  },
);

export const revealAccessKeySecretAction = validatedActionWithUser(
  keySchema,
  async ({ id }, { user, session, actor, request, t }): Promise<AccessKeyActionState> => {
    if (!user.programmaticAccess) return { error: t('errors.programmaticAccessRequired') };
    if (!isVerified(session)) return { verificationRequired: true };
    return { key: await revealAccessKeySecret(user.id, id, { actor, request }) };
  },
);

export const setAccessKeyStatusAction = validatedActionWithUser(
  keySchema.extend({ status: z.enum(ACCESS_KEY_STATUSES, { error: invalid('chooseStatus') }) }),
  async ({ id, status }, { user, actor, request, t }): Promise<AccessKeyActionState> => {
    const { accessKeyId } = await setAccessKeyStatus(user.id, id, status, { actor, request });
    revalidatePath(PAGE);
    return {
      success:
        status === 'enabled'
          ? t('accessKeys.enabledToast', { accessKeyId })
          : t('accessKeys.disabledToast', { accessKeyId }),
    };
  },
);

export const setAccessKeyScopeAction = validatedActionWithUser(
  keySchema.extend({ products: productsField }),
  async (
    { id, products },
    { user, session, actor, request, locale, t },
  ): Promise<AccessKeyActionState> => {
    try {
      const changed = await setAccessKeyScope(
        user.id,
        id,
        products,
        { verified: isVerified(session) },
        { actor, request },
      );
      revalidatePath(PAGE);
      const { accessKeyId } = changed;
      return {
        success:
          changed.products === 'all'
            ? t('accessKeys.scopeAll', { accessKeyId })
            : t('accessKeys.scopeChosen', {
                accessKeyId,
                products: new Intl.ListFormat(locale).format(changed.products),
              }),
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
  async ({ id }, { user, actor, request, t }): Promise<AccessKeyActionState> => {
    const { accessKeyId } = await deleteAccessKey(user.id, id, { actor, request });
    revalidatePath(PAGE);
    return { success: t('accessKeys.deleted', { accessKeyId }) };
  },
);

export const sendVerificationCodeAction = validatedActionWithUser(
  z.object({}),
  async (_, { user, actor, request, locale, t }): Promise<VerificationState> => {
    await sendVerificationCode({ id: user.id, email: user.email, locale }, { actor, request });
    return {
      success: t('verification.sent', {
        length: CODE_LENGTH,
        email: user.email,
        minutes: CODE_TTL_MS / 60_000,
      }),
    };
  },
);

export const verifyEmailCodeAction = validatedActionWithUser(
  z.object({
    code: z
      .string({ error: invalid('codeFormat') })
      .trim()
      .regex(/^\d{6}$/, invalid('codeFormat')),
  }),
  async ({ code }, { user, session, actor, request, t }): Promise<VerificationState> => {
    await verifyCode({ id: user.id, email: user.email }, session.id, code, { actor, request });
    return { success: t('verification.verified'), verified: true };
  },
);
