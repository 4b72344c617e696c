'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { ACCESS_KEY_STATUSES } from '@/db/schema';
import { EXPIRY_DAYS, resolveExpiry, type ExpiryChoice } from '@/lib/access-keys/expiry';
import { parseAllowList } from '@/lib/access-keys/ip-allow-list';
import { getKeyPolicy } from '@/lib/access-keys/key-policy';
import {
  countAccessKeys,
  createAccessKey,
  deleteAccessKey,
  keyDescriptionSchema,
  keyNameSchema,
  MAX_ACCESS_KEYS_PER_ACCOUNT,
  revealAccessKeySecret,
  ScopeVerificationRequired,
  setAccessKeyScope,
  setAccessKeyStatus,
  updateAccessKey,
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
/** What the Secret dialog shows and the CSV holds; only right after Create or a verified Show. */
export type SecretPair = {
  accessKeyId: string;
  secret: string;
  name?: string | null;
  description?: string | null;
  /** ISO time, or null for never. */
  expiresAt?: string | null;
};

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

const EXPIRES_IN = ['never', ...EXPIRY_DAYS.map(String), 'date'] as const;

const allowedIpsSchema = z
  .string({ error: invalid('allowedIpsText') })
  .max(4000, invalid('allowedIpsTooLong'));

/** Name, description and allow-list, as the Create form sends them; left out means none. */
const keyFields = {
  name: keyNameSchema.prefault(''),
  description: keyDescriptionSchema.prefault(''),
  allowedIps: allowedIpsSchema.default(''),
};

/** As the Edit form sends them; a field left out is left as it is (an empty one clears it). */
const editFields = {
  name: keyNameSchema.optional(),
  description: keyDescriptionSchema.optional(),
  allowedIps: allowedIpsSchema.optional(),
};

const createSchema = z.object({
  ...keyFields,
  // Without the field (no product registered yet) a key opens all products.
  products: productsField.optional(),
  // Left out by older forms and scripts: never, which a maximum lifetime then refuses.
  expiresIn: z.enum(EXPIRES_IN, { error: invalid('chooseExpiry') }).default('never'),
  expiresOn: z
    .string({ error: invalid('expiryDateFormat') })
    .max(20, invalid('expiryDateFormat'))
    .default(''),
});

function expiryChoice(expiresIn: (typeof EXPIRES_IN)[number], expiresOn: string): ExpiryChoice {
  if (expiresIn === 'never') return { kind: 'never' };
  if (expiresIn === 'date') return { kind: 'date', date: expiresOn.trim() };
  return { kind: 'days', days: Number(expiresIn) };
}

export const createAccessKeyAction = validatedActionWithUser(
  createSchema,
  async (fields, { user, session, actor, request, t }): Promise<AccessKeyActionState> => {
    if (!user.programmaticAccess) return { error: t('errors.programmaticAccessRequired') };
    // Said before asking for a code, so nobody verifies only to be told there is no room, or that
    // the form is wrong: the limit, the allow-list and the expiry against the policy.
    if ((await countAccessKeys(user.id)) >= MAX_ACCESS_KEYS_PER_ACCOUNT) {
      return { error: t('errors.accessKeyLimitReached', { max: MAX_ACCESS_KEYS_PER_ACCOUNT }) };
    }
    const allowedIps = parseAllowList(fields.allowedIps);
    const expiry = expiryChoice(fields.expiresIn, fields.expiresOn);
    resolveExpiry(expiry, await getKeyPolicy(), Date.now());
    if (!isVerified(session)) return { verificationRequired: true };
    // The policy is checked again inside the write transaction: the one in force then decides.
    const created = await createAccessKey(
      user.id,
      { actor, request },
      {
        name: fields.name,
        description: fields.description,
        expiry,
        allowedIps,
        products: fields.products ?? 'all',
      },
    );
    revalidatePath(PAGE);
    return {
      success: t('accessKeys.created', { accessKeyId: created.accessKeyId }),
      key: {
        accessKeyId: created.accessKeyId,
        secret: created.secret,
        name: created.name,
        description: created.description,
        expiresAt: created.expiresAt?.toISOString() ?? null,
      },
    };
  },
);

export const updateAccessKeyAction = validatedActionWithUser(
  keySchema.extend(editFields),
  async (fields, { user, session, actor, request, t }): Promise<AccessKeyActionState> => {
    const result = await updateAccessKey(
      user.id,
      fields.id,
      {
        name: fields.name,
        description: fields.description,
        allowedIps: fields.allowedIps === undefined ? undefined : parseAllowList(fields.allowedIps),
      },
      // Widening or clearing the allow-list needs the email verification that Show needs.
      { actor, request, mayWiden: isVerified(session) },
    );
    if (result.status === 'verification_required') return { verificationRequired: true };
    revalidatePath(PAGE);
    return {
      success:
        result.changed.length === 0
          ? t('accessKeys.unchanged', { accessKeyId: result.accessKeyId })
          : t('accessKeys.saved', { accessKeyId: result.accessKeyId }),
    };
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
