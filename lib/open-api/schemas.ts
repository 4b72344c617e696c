import { z } from 'zod';
import { ACCESS_KEY_STATUSES, ROLES } from '@/db/schema';
import { newProductSchema, productChangeSchema, SLUG_PATTERN } from '@/lib/products/validation';
import { API_ERROR_CODES } from './errors';

/** Named schemas, published as components of the OpenAPI document. */
export const apiSchemas = z.registry<{ id: string }>();

const timestamp = z.iso.datetime({ offset: true });

const accountFields = {
  id: z.number().int(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  programmaticAccess: z.boolean(),
};

export const accountSchema = z
  .object({
    ...accountFields,
    accessKeyId: z.string().describe('The AccessKey ID that signed this request.'),
  })
  .register(apiSchemas, { id: 'Account' });

export const accessKeyMetadataSchema = z
  .object({
    accessKeyId: z.string(),
    status: z.enum(ACCESS_KEY_STATUSES),
    createdAt: timestamp,
    lastUsedAt: timestamp.nullable(),
    lastUsedIp: z.string().nullable(),
    products: z
      .union([z.literal('all'), z.array(z.string())])
      .describe('"all", or the slugs of the products the key is limited to.'),
  })
  .register(apiSchemas, { id: 'AccessKeyMetadata' });

export const accessKeyListSchema = z
  .object({ items: z.array(accessKeyMetadataSchema) })
  .register(apiSchemas, { id: 'AccessKeyList' });

export const userSchema = z
  .object({
    ...accountFields,
    disabled: z.boolean(),
    accessKeyCount: z.number().int(),
    createdAt: timestamp,
    lastSignInAt: timestamp.nullable(),
  })
  .register(apiSchemas, { id: 'User' });

export const userPageSchema = z
  .object({
    items: z.array(userSchema),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
    pageCount: z.number().int(),
  })
  .register(apiSchemas, { id: 'UserPage' });

export const programmaticAccessResultSchema = z
  .object({
    id: z.number().int(),
    email: z.string(),
    programmaticAccess: z.boolean(),
  })
  .register(apiSchemas, { id: 'ProgrammaticAccessResult' });

const wholeNumber = (name: string, max: number) =>
  z.coerce
    .number({ error: `${name} must be a whole number.` })
    .int(`${name} must be a whole number.`)
    .min(1, `${name} must be at least 1.`)
    .max(max, `${name} must be at most ${max}.`);

export const usersQuerySchema = z.object({
  page: wholeNumber('page', 1_000_000).optional().describe('Page number, from 1.'),
  pageSize: wholeNumber('pageSize', 100).optional().describe('Accounts per page, 1 to 100.'),
  q: z
    .string()
    .max(100, 'q must be at most 100 characters.')
    .optional()
    .describe('Part of an email address or a name.'),
});

export const userIdSchema = z.coerce
  .number({ error: 'The account id must be a whole number.' })
  .int('The account id must be a whole number.')
  .positive('The account id must be a whole number.')
  .max(Number.MAX_SAFE_INTEGER, 'The account id must be a whole number.');

export const programmaticAccessBodySchema = z
  .object({
    enabled: z.boolean({ error: 'enabled must be true or false.' }),
  })
  .register(apiSchemas, { id: 'ProgrammaticAccessChange' });

export const productSchema = z
  .object({
    slug: z.string(),
    name: z.string(),
    description: z.string(),
    upstreamUrl: z.string(),
    timeoutMs: z.number().int(),
    maxBodyBytes: z.number().int(),
    enabled: z.boolean(),
  })
  .register(apiSchemas, { id: 'Product' });

export const productListSchema = z
  .object({ items: z.array(productSchema) })
  .register(apiSchemas, { id: 'ProductList' });

export const productWithSecretSchema = productSchema
  .extend({
    signingSecret: z
      .string()
      .describe(
        'The gateway signing secret, shown in this answer only. Upstreams key X-Gateway-Signature with it.',
      ),
  })
  .register(apiSchemas, { id: 'ProductWithSigningSecret' });

export const rotatedProductSchema = productWithSecretSchema
  .extend({
    previousSigningSecretValidUntil: timestamp.describe(
      'Until then the gateway also signs with the secret this one replaces.',
    ),
  })
  .register(apiSchemas, { id: 'RotatedSigningSecret' });

export const deletedProductSchema = z
  .object({ slug: z.string(), deleted: z.literal(true) })
  .register(apiSchemas, { id: 'DeletedProduct' });

// Inlined in the document rather than registered: they validate and normalise (a transform),
// which JSON Schema describes only on the input side.
export { newProductSchema, productChangeSchema };

export const slugSchema = z
  .string()
  .regex(SLUG_PATTERN, 'The product slug must be 2 to 40 lowercase letters, digits and hyphens.');

export const errorSchema = z
  .object({
    code: z.enum(API_ERROR_CODES),
    message: z.string().describe('A whole sentence; never a stack trace.'),
    requestId: z.string().describe('Also sent as the x-cnc-request-id header.'),
  })
  .register(apiSchemas, { id: 'Error' });

export type AccountBody = z.infer<typeof accountSchema>;
export type AccessKeyListBody = z.infer<typeof accessKeyListSchema>;
export type UserPageBody = z.infer<typeof userPageSchema>;
export type ProgrammaticAccessResultBody = z.infer<typeof programmaticAccessResultSchema>;
export type ProductBody = z.infer<typeof productSchema>;
