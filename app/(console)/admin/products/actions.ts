'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { validatedActionWithAdmin } from '@/lib/actions/validated-action';
import {
  createProduct,
  deleteProduct,
  rotateSigningSecret,
  updateProduct,
} from '@/lib/products/products';
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
  .string({ error: 'Choose a product.' })
  .trim()
  .regex(SLUG_PATTERN, 'Choose a product.');

// The form speaks seconds and MiB; the product is stored in milliseconds and bytes.
const formFields = z.object({
  slug: productFields.slug,
  name: productFields.name,
  description: productFields.description.default(''),
  upstreamUrl: productFields.upstreamUrl,
  timeoutSeconds: z.coerce
    .number({ error: 'Enter the timeout in seconds.' })
    .int(`The timeout must be a whole number of seconds from 1 to ${MAX_TIMEOUT_MS / 1000}.`)
    .min(MIN_TIMEOUT_MS / 1000, `The timeout must be at least 1 second.`)
    .max(MAX_TIMEOUT_MS / 1000, `The timeout must be at most ${MAX_TIMEOUT_MS / 1000} seconds.`),
  maxBodyMiB: z.coerce
    .number({ error: 'Enter the body limit in MiB.' })
    .min(0, 'The body limit cannot be negative.')
    .max(
      MAX_MAX_BODY_BYTES / MIB,
      `The body limit must be at most ${MAX_MAX_BODY_BYTES / MIB} MiB.`,
    ),
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
  async (fields, { actor, request }): Promise<ProductActionState> => {
    const { product, signingSecret } = await createProduct(stored(fields), { actor, request });
    revalidate();
    return {
      success: `Product ${product.slug} created.`,
      secret: { slug: product.slug, signingSecret },
    };
  },
);

export const updateProductAction = validatedActionWithAdmin(
  formFields.extend({ currentSlug: slugField }),
  async ({ currentSlug, ...fields }, { actor, request }): Promise<ProductActionState> => {
    const product = await updateProduct(currentSlug, stored(fields), { actor, request });
    revalidate();
    return { success: `Product ${product.slug} saved.` };
  },
);

export const setProductEnabledAction = validatedActionWithAdmin(
  z.object({
    slug: slugField,
    enabled: z.enum(['true', 'false'], { error: 'Choose enabled or disabled.' }),
  }),
  async ({ slug, enabled }, { actor, request }): Promise<ProductActionState> => {
    const product = await updateProduct(slug, { enabled: enabled === 'true' }, { actor, request });
    revalidate();
    return {
      success: product.enabled
        ? `Product ${slug} enabled.`
        : `Product ${slug} disabled. Calls to it are refused from now on.`,
    };
  },
);

export const rotateProductSigningSecretAction = validatedActionWithAdmin(
  z.object({ slug: slugField }),
  async ({ slug }, { actor, request }): Promise<ProductActionState> => {
    const rotated = await rotateSigningSecret(slug, { actor, request });
    revalidate();
    return {
      success: `New signing secret for ${slug}. The previous one keeps working for 24 hours.`,
      secret: { slug, signingSecret: rotated.signingSecret },
    };
  },
);

export const deleteProductAction = validatedActionWithAdmin(
  z.object({ slug: slugField }),
  async ({ slug }, { actor, request }): Promise<ProductActionState> => {
    await deleteProduct(slug, { actor, request });
    revalidate();
    return { success: `Product ${slug} deleted.` };
  },
);
