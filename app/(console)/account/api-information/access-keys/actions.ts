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
  setAccessKeyStatus,
} from '@/lib/access-keys/keys';
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

export const createAccessKeyAction = validatedActionWithUser(
  z.object({}),
  async (_, { user, session, actor, request, t }): Promise<AccessKeyActionState> => {
    if (!user.programmaticAccess) return { error: t('errors.programmaticAccessRequired') };
    // Said before asking for a code, so nobody verifies only to be told there is no room.
    if ((await countAccessKeys(user.id)) >= MAX_ACCESS_KEYS_PER_ACCOUNT) {
      return { error: t('errors.accessKeyLimitReached', { max: MAX_ACCESS_KEYS_PER_ACCOUNT }) };
    }
    if (!isVerified(session)) return { verificationRequired: true };
    const { accessKeyId, secret } = await createAccessKey(user.id, { actor, request });
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
