'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { validatedActionWithAdmin } from '@/lib/actions/validated-action';
import { invalid } from '@/lib/i18n/validation';
import {
  createProduct,
  deleteProduct,
  rotateSigningSecret,
  updateProduct,
} from '@/lib/products/products';
import { PREVIOUS_SECRET_TTL_HOURS } from '@/lib/products/secret-policy';
import {
  MAX_MAX_BODY_BYTES,
  MAX_TIMEOUT_MS,
  MIN_TIMEOUT_MS,
  productFields,
  SLUG_PATTERN,
} from '@/lib/products/validation';

const PAGE = '/admin/products';
const MEMBERS_PAGE = '/account/api-information/products';
const MIB = 1024 * 1024;

export type SigningSecret = { slug: string; signingSecret: string };

export type ProductActionState = {
  error?: string;
  success?: string;
  /** Shown once in a dialog; never kept in the action state React holds on to. */
  secret?: SigningSecret;
};

const slugField = z
  .string({ error: invalid('chooseProduct') })
  .trim()
  .regex(SLUG_PATTERN, invalid('chooseProduct'));

// The form speaks seconds and MiB; the product is stored in milliseconds and bytes.
const formFields = z.object({
  slug: productFields.slug,
  name: productFields.name,
  description: productFields.description.default(''),
  upstreamUrl: productFields.upstreamUrl,
  timeoutSeconds: z.coerce
    .number({ error: invalid('timeoutRequired') })
    .int(invalid('timeoutWhole'))
    .min(MIN_TIMEOUT_MS / 1000, invalid('timeoutTooShort'))
    .max(MAX_TIMEOUT_MS / 1000, invalid('timeoutTooLong')),
  maxBodyMiB: z.coerce
    .number({ error: invalid('bodyLimitRequired') })
    .min(0, invalid('bodyLimitNegative'))
    .max(MAX_MAX_BODY_BYTES / MIB, invalid('bodyLimitTooLarge')),
  enabled: z
    .string()
    .optional()
    .transform((value) => value === 'on'),
});

function stored(fields: z.infer<typeof formFields>) {
  const { timeoutSeconds, maxBodyMiB, ...rest } = fields;
  return { ...rest, timeoutMs: timeoutSeconds * 1000, maxBodyBytes: Math.round(maxBodyMiB * MIB) };
}

function revalidate() {
  revalidatePath(PAGE);
  revalidatePath(MEMBERS_PAGE);
}

export const createProductAction = validatedActionWithAdmin(
  formFields,
  async (fields, { actor, request, t }): Promise<ProductActionState> => {
    const { product, signingSecret } = await createProduct(stored(fields), { actor, request });
    revalidate();
    return {
      success: t('adminProducts.created', { slug: product.slug }),
      secret: { slug: product.slug, signingSecret },
    };
  },
);

export const updateProductAction = validatedActionWithAdmin(
  formFields.extend({ currentSlug: slugField }),
  async ({ currentSlug, ...fields }, { actor, request, t }): Promise<ProductActionState> => {
    const product = await updateProduct(currentSlug, stored(fields), { actor, request });
    revalidate();
    return { success: t('adminProducts.saved', { slug: product.slug }) };
  },
);

export const setProductEnabledAction = validatedActionWithAdmin(
  z.object({
    slug: slugField,
    enabled: z.enum(['true', 'false'], { error: invalid('chooseEnabled') }),
  }),
  async ({ slug, enabled }, { actor, request, t }): Promise<ProductActionState> => {
    const product = await updateProduct(slug, { enabled: enabled === 'true' }, { actor, request });
    revalidate();
    return {
      success: product.enabled
        ? t('adminProducts.enabledToast', { slug })
        : t('adminProducts.disabledToast', { slug }),
    };
  },
);

export const rotateProductSigningSecretAction = validatedActionWithAdmin(
  z.object({ slug: slugField }),
  async ({ slug }, { actor, request, t }): Promise<ProductActionState> => {
    const rotated = await rotateSigningSecret(slug, { actor, request });
    revalidate();
    return {
      success: t('adminProducts.rotated', { slug, hours: PREVIOUS_SECRET_TTL_HOURS }),
      secret: { slug, signingSecret: rotated.signingSecret },
    };
  },
);

export const deleteProductAction = validatedActionWithAdmin(
  z.object({ slug: slugField }),
  async ({ slug }, { actor, request, t }): Promise<ProductActionState> => {
    await deleteProduct(slug, { actor, request });
    revalidate();
    return { success: t('adminProducts.deleted', { slug }) };
  },
);
