import { z } from 'zod';
import { ACCESS_KEY_STATUSES, ROLES } from '@/db/schema';
import { GRANULARITIES } from '@/lib/usage/series';
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
    name: z.string().nullable().describe('Up to 64 characters, or null.'),
    description: z.string().nullable().describe('Up to 256 characters, or null.'),
    status: z.enum(ACCESS_KEY_STATUSES),
    createdAt: timestamp,
    lastUsedAt: timestamp.nullable(),
    lastUsedIp: z.string().nullable(),
    expiresAt: timestamp.nullable().describe('When the key stops working; null: never.'),
    expired: z.boolean(),
    allowedIps: z
      .array(z.string())
      .describe('IPv4/IPv6 addresses and CIDR ranges the key may be used from; empty: any.'),
    leaked: z
      .boolean()
      .describe('The Secret was reported or found leaked; the key is disabled for good.'),

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

const usageCounts = {
  calls: z.number().int().describe('Signed calls whose signature was valid, whatever the answer.'),
  clientErrors: z.number().int().describe('Of those, the calls answered with a 4xx status.'),
  serverErrors: z.number().int().describe('Of those, the calls answered with a 5xx status.'),
};

export const productUsageSchema = z
  .object({
    product: z.string().describe("A product's slug, or open-api for this Open API."),
    ...usageCounts,
  })
  .register(apiSchemas, { id: 'ProductUsage' });

export const usageBucketSchema = z
  .object({
    start: timestamp.describe('The UTC hour or day this bucket covers, from its start.'),
    ...usageCounts,
    byProduct: z.array(productUsageSchema).describe('Products called in this bucket.'),
  })
  .register(apiSchemas, { id: 'UsageBucket' });

export const accessKeyUsageSchema = z
  .object({
    accessKeyId: z.string(),
    granularity: z.enum(GRANULARITIES),
    from: timestamp.describe('Start of the first bucket.'),
    to: timestamp.describe('End of the last bucket (exclusive).'),
    totals: z.object(usageCounts),
    byProduct: z
      .array(productUsageSchema)
      .describe('Every product called in the range, most calls first.'),
    buckets: z
      .array(usageBucketSchema)
      .describe('One per hour or day of the range, oldest first, zero where nothing was called.'),
  })
  .register(apiSchemas, { id: 'AccessKeyUsage' });

// A day (UTC midnight) or an RFC 3339 time with its offset.
const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})(T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** The instant `value` names, or undefined for a malformed or impossible one (2026-02-30). */
function parseInstant(value: string): Date | undefined {
  const match = INSTANT.exec(value);
  if (match === null) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Date would roll 2026-02-30 over into March.
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day || month > 12) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

const instant = (name: string) => {
  const message = `${name} must be a day such as 2026-11-28 or a time such as 2026-11-28T09:00:00Z.`;
  return z
    .string()
    .refine((value) => parseInstant(value) !== undefined, message)
    .transform((value) => parseInstant(value)!);
};

export const usageQuerySchema = z.object({
  from: instant('from')
    .optional()
    .describe(
      'Start of the range, rounded down to the hour or day. Default: 24 hours or 30 days before to.',
    ),
  to: instant('to')
    .optional()
    .describe('End of the range (exclusive), rounded up to the hour or day. Default: now.'),
  granularity: z
    .enum(GRANULARITIES, { error: 'granularity must be hour or day.' })
    .optional()
    .describe('hour (default; at most 168 buckets) or day (at most 90). Hours and days are UTC.'),
});

export const accessKeyIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9]{1,128}$/, 'The AccessKey ID must be letters and digits.');

export const MAX_LEAK_REPORTS = 100;

export const leakReportSchema = z
  .array(
    z.object({
      secret: z
        .string({ error: 'Each report needs the leaked secret as a string.' })
        .min(1, 'Each report needs the leaked secret as a string.')
        .max(1024, 'A secret is at most 1024 characters long.')
        .describe('The AccessKey Secret that was found.'),
      url: z
        .string({ error: 'url must be a string.' })
        .max(2048, 'url is at most 2048 characters long.')
        .nullish()
        .describe('Where it was found: a commit, a paste, a log line.'),
    }),
    { error: 'The body must be a JSON list of {"secret", "url"} objects.' },
  )
  .min(1, 'The list must hold at least one report.')
  .max(MAX_LEAK_REPORTS, `The list holds at most ${MAX_LEAK_REPORTS} reports.`)
  .register(apiSchemas, { id: 'LeakReport' });

export const leakReceiptSchema = z
  .object({
    received: z
      .number()
      .int()
      .describe('How many reports the request held; never whether any matched a key.'),
  })
  .register(apiSchemas, { id: 'LeakReceipt' });

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
export type AccessKeyUsageBody = z.infer<typeof accessKeyUsageSchema>;
export type LeakReceiptBody = z.infer<typeof leakReceiptSchema>;
export type ProductBody = z.infer<typeof productSchema>;
