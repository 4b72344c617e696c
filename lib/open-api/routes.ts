import type { z } from 'zod';
import { isExpired } from '@/lib/access-keys/expiry';
import { listAccessKeys } from '@/lib/access-keys/keys';
import type { ApiPrincipal } from '@/lib/open-api/authenticate';
import type { RequestContext } from '@/lib/audit/record';
import { issueMessage } from '@/lib/i18n/validation';
import {
  createProduct,
  deleteProduct,
  findProduct,
  listProducts,
  ProductError,
  productNotFound,
  rotateSigningSecret,
  updateProduct,
  type ProductItem,
} from '@/lib/products/products';
import { listUsers, setProgrammaticAccess, UserError } from '@/lib/users/accounts';
import {
  alignRange,
  bucketCount,
  findUsageKey,
  lastBuckets,
  MAX_BUCKETS,
  readKeyUsage,
  type Granularity,
  type UsageRange,
} from '@/lib/usage/series';
import { API_ERRORS, ApiError, type ApiErrorCode } from './errors';
import {
  accessKeyIdSchema,
  accessKeyListSchema,
  accessKeyUsageSchema,
  accountSchema,
  deletedProductSchema,
  newProductSchema,
  productChangeSchema,
  productListSchema,
  productSchema,
  productWithSecretSchema,
  rotatedProductSchema,
  slugSchema,
  programmaticAccessBodySchema,
  programmaticAccessResultSchema,
  userIdSchema,
  userPageSchema,
  usageQuerySchema,
  usersQuerySchema,
  type AccessKeyListBody,
  type AccessKeyUsageBody,
  type AccountBody,
  type ProductBody,
  type ProgrammaticAccessResultBody,
  type UserPageBody,
} from './schemas';

export type RouteInput = {
  principal: ApiPrincipal;
  params: readonly string[];
  query: string;
  body: Buffer | undefined;
  context: RequestContext;
};

export type Route = {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** OpenAPI path template; `{name}` segments match one path segment each. */
  path: string;
  summary: string;
  adminOnly: boolean;
  query?: z.ZodObject;
  params?: Record<string, z.ZodType>;
  body?: z.ZodType;
  response: z.ZodType;
  /** Error codes specific to this route, beyond those every signed call can get. */
  errors: readonly ApiErrorCode[];
  handle(input: RouteInput): Promise<unknown>;
};

function requireAdmin(principal: ApiPrincipal) {
  if (principal.user.role !== 'admin') throw new ApiError('Forbidden');
}

function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    // Schemas shared with the console name a catalog key; the Open API answers in English.
    const message = issue?.message.startsWith('validation.')
      ? issueMessage('en', issue)
      : issue?.message;
    throw new ApiError('InvalidParameter', message ?? API_ERRORS.InvalidParameter.message);
  }
  return result.data;
}

function parseJsonBody(body: Buffer | undefined, example: string): unknown {
  const invalid = `The request body must be a JSON object such as ${example}.`;
  if (body === undefined || body.length === 0) throw new ApiError('InvalidParameter', invalid);
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new ApiError('InvalidParameter', invalid);
  }
}

function iso(date: Date | null): string | null {
  return date === null ? null : date.toISOString();
}

async function accessKeyMetadata(userId: number): Promise<AccessKeyListBody['items']> {
  const now = Date.now();
  return (await listAccessKeys(userId)).map((key) => ({
    accessKeyId: key.accessKeyId,
    name: key.name,
    description: key.description,
    status: key.status,
    createdAt: key.createdAt.toISOString(),
    lastUsedAt: iso(key.lastUsedAt),
    lastUsedIp: key.lastUsedIp,
    expiresAt: iso(key.expiresAt),
    expired: isExpired(key.expiresAt, now),
    allowedIps: key.allowedIps,
    leaked: key.leakedAt !== null,
    products: key.products,
  }));
}

/** Defaults: the last 24 hours or 30 days up to `to` (now); bounded to MAX_BUCKETS. */
function usageRange(
  input: { from?: Date; to?: Date; granularity?: Granularity },
  now: number,
): UsageRange {
  const granularity = input.granularity ?? 'hour';
  const to = input.to ?? new Date(now);
  if (input.from !== undefined && input.from >= to) {
    throw new ApiError('InvalidParameter', 'from must be earlier than to.');
  }
  const range =
    input.from === undefined
      ? lastBuckets(granularity, granularity === 'hour' ? 24 : 30, to.getTime() - 1)
      : alignRange(granularity, input.from, to);
  if (bucketCount(range) > MAX_BUCKETS[granularity]) {
    throw new ApiError(
      'InvalidParameter',
      granularity === 'hour'
        ? `At most ${MAX_BUCKETS.hour} hours can be read by the hour; ask for granularity=day for a longer range.`
        : `At most ${MAX_BUCKETS.day} days can be read by the day, as long as usage is kept.`,
    );
  }
  return range;
}

function productBody(product: ProductItem): ProductBody {
  return {
    slug: product.slug,
    name: product.name,
    description: product.description,
    upstreamUrl: product.upstreamUrl,
    timeoutMs: product.timeoutMs,
    maxBodyBytes: product.maxBodyBytes,
    enabled: product.enabled,
  };
}

/** The product calls' refusals, as Open API answers; the audit context of the signing administrator. */
async function asAdministrator<T>(
  { principal, context }: RouteInput,
  work: (audit: {
    actor: { id: number; email: string };
    request: RouteInput['context'];
  }) => Promise<T>,
): Promise<T> {
  requireAdmin(principal);
  try {
    return await work({
      actor: { id: principal.user.id, email: principal.user.email },
      request: context,
    });
  } catch (error) {
    if (error instanceof ProductError) {
      throw new ApiError(
        error.problem === 'not_found' ? 'ProductNotFound' : 'Conflict',
        error.message,
      );
    }
    throw error;
  }
}

const PRODUCT_EXAMPLE =
  '{"slug": "orders", "name": "Orders", "upstreamUrl": "https://orders.internal/v1"}';
const ADMIN_PRODUCT_ERRORS = ['Forbidden', 'InvalidParameter', 'ProductNotFound'] as const;

export const ROUTES: readonly Route[] = [
  {
    method: 'GET',
    path: '/api/v1/account',
    summary: 'The account that owns the signing AccessKey.',
    adminOnly: false,
    response: accountSchema,
    errors: [],
    async handle({ principal }): Promise<AccountBody> {
      return { ...principal.user, accessKeyId: principal.accessKeyId };
    },
  },
  {
    method: 'GET',
    path: '/api/v1/access-keys',
    summary: "The account's AccessKeys, newest first: metadata only, never a secret.",
    adminOnly: false,
    response: accessKeyListSchema,
    errors: [],
    async handle({ principal }): Promise<AccessKeyListBody> {
      return { items: await accessKeyMetadata(principal.user.id) };
    },
  },
  {
    method: 'GET',
    path: '/api/v1/access-keys/{id}/usage',
    summary:
      "Calls of one AccessKey per UTC hour or day, split by product and outcome: the account's own keys, or any key for administrators. Counted in memory and written every few seconds, so the latest calls may show a moment later.",
    adminOnly: false,
    params: { id: accessKeyIdSchema },
    query: usageQuerySchema,
    response: accessKeyUsageSchema,
    errors: ['InvalidParameter', 'NotFound'],
    async handle({ principal, params, query }): Promise<AccessKeyUsageBody> {
      const accessKeyId = parseInput(accessKeyIdSchema, params[0]);
      const search = new URLSearchParams(query);
      const range = usageRange(
        parseInput(usageQuerySchema, {
          from: search.get('from') ?? undefined,
          to: search.get('to') ?? undefined,
          granularity: search.get('granularity') ?? undefined,
        }),
        Date.now(),
      );
      const key = await findUsageKey(
        accessKeyId,
        principal.user.role === 'admin' ? { anyOwner: true } : { ownerId: principal.user.id },
      );
      if (key === undefined) {
        throw new ApiError(
          'NotFound',
          principal.user.role === 'admin'
            ? 'No AccessKey has this ID.'
            : 'No AccessKey of this account has this ID.',
        );
      }
      const series = await readKeyUsage(key.id, range);
      return {
        accessKeyId: key.accessKeyId,
        granularity: series.granularity,
        from: series.from.toISOString(),
        to: series.to.toISOString(),
        totals: series.totals,
        byProduct: series.byProduct,
        buckets: series.buckets.map((bucket) => ({ ...bucket, start: bucket.start.toISOString() })),
      };
    },
  },
  {
    method: 'GET',
    path: '/api/v1/users',
    summary: 'Login accounts, newest first, one page at a time (administrators only).',
    adminOnly: true,
    query: usersQuerySchema,
    response: userPageSchema,
    errors: ['Forbidden', 'InvalidParameter'],
    async handle({ principal, query }): Promise<UserPageBody> {
      requireAdmin(principal);
      const search = new URLSearchParams(query);
      const options = parseInput(usersQuerySchema, {
        page: search.get('page') ?? undefined,
        pageSize: search.get('pageSize') ?? undefined,
        q: search.get('q') ?? undefined,
      });
      const page = await listUsers(options);
      return {
        ...page,
        items: page.items.map((user) => ({
          ...user,
          createdAt: user.createdAt.toISOString(),
          lastSignInAt: iso(user.lastSignInAt),
        })),
      };
    },
  },
  {
    method: 'PUT',
    path: '/api/v1/users/{id}/programmatic-access',
    summary: 'Grant or revoke Programmatic Access for an account (administrators only; audited).',
    adminOnly: true,
    params: { id: userIdSchema },
    body: programmaticAccessBodySchema,
    response: programmaticAccessResultSchema,
    errors: ['Forbidden', 'InvalidParameter', 'NotFound', 'ReplayedRequest'],
    async handle({ principal, params, body, context }): Promise<ProgrammaticAccessResultBody> {
      requireAdmin(principal);
      const userId = parseInput(userIdSchema, params[0]);
      const { enabled } = parseInput(
        programmaticAccessBodySchema,
        parseJsonBody(body, '{"enabled": true}'),
      );
      try {
        const user = await setProgrammaticAccess(userId, enabled, {
          actor: { id: principal.user.id, email: principal.user.email },
          request: context,
        });
        return { id: user.id, email: user.email, programmaticAccess: user.programmaticAccess };
      } catch (error) {
        if (error instanceof UserError) {
          throw new ApiError('NotFound', 'No account has this id.');
        }
        throw error;
      }
    },
  },
  {
    method: 'GET',
    path: '/api/v1/products',
    summary: 'The operator’s products that keys open through the gateway (administrators only).',
    adminOnly: true,
    response: productListSchema,
    errors: ['Forbidden'],
    async handle(input) {
      return asAdministrator(input, async () => ({
        items: (await listProducts()).map(productBody),
      }));
    },
  },
  {
    method: 'POST',
    path: '/api/v1/products',
    summary:
      'Register a product; the answer holds its gateway signing secret, shown this once (administrators only; audited).',
    adminOnly: true,
    body: newProductSchema,
    response: productWithSecretSchema,
    errors: ['Forbidden', 'InvalidParameter', 'Conflict', 'ReplayedRequest'],
    async handle(input) {
      return asAdministrator(input, async (audit) => {
        const fields = parseInput(newProductSchema, parseJsonBody(input.body, PRODUCT_EXAMPLE));
        const { product, signingSecret } = await createProduct(fields, audit);
        return { ...productBody(product), signingSecret };
      });
    },
  },
  {
    method: 'GET',
    path: '/api/v1/products/{slug}',
    summary: 'One product (administrators only).',
    adminOnly: true,
    params: { slug: slugSchema },
    response: productSchema,
    errors: [...ADMIN_PRODUCT_ERRORS],
    async handle(input) {
      return asAdministrator(input, async () => {
        const slug = parseInput(slugSchema, input.params[0]);
        const product = await findProduct(slug);
        if (product === undefined) throw productNotFound(slug);
        return productBody(product);
      });
    },
  },
  {
    method: 'PATCH',
    path: '/api/v1/products/{slug}',
    summary:
      'Change some fields of a product; the slug only while no key is scoped to it (administrators only; audited).',
    adminOnly: true,
    params: { slug: slugSchema },
    body: productChangeSchema,
    response: productSchema,
    errors: [...ADMIN_PRODUCT_ERRORS, 'Conflict', 'ReplayedRequest'],
    async handle(input) {
      return asAdministrator(input, async (audit) => {
        const slug = parseInput(slugSchema, input.params[0]);
        const change = parseInput(
          productChangeSchema,
          parseJsonBody(input.body, '{"enabled": false}'),
        );
        return productBody(await updateProduct(slug, change, audit));
      });
    },
  },
  {
    method: 'DELETE',
    path: '/api/v1/products/{slug}',
    summary:
      'Delete a product no key is scoped to; otherwise Conflict, and disable it instead (administrators only; audited).',
    adminOnly: true,
    params: { slug: slugSchema },
    response: deletedProductSchema,
    errors: [...ADMIN_PRODUCT_ERRORS, 'Conflict', 'ReplayedRequest'],
    async handle(input) {
      return asAdministrator(input, async (audit) => ({
        ...(await deleteProduct(parseInput(slugSchema, input.params[0]), audit)),
        deleted: true as const,
      }));
    },
  },
  {
    method: 'POST',
    path: '/api/v1/products/{slug}/rotate-signing-secret',
    summary:
      'A new gateway signing secret, shown this once; the previous one keeps signing for 24 hours (administrators only; audited).',
    adminOnly: true,
    params: { slug: slugSchema },
    response: rotatedProductSchema,
    errors: [...ADMIN_PRODUCT_ERRORS, 'ReplayedRequest'],
    async handle(input) {
      return asAdministrator(input, async (audit) => {
        const slug = parseInput(slugSchema, input.params[0]);
        const rotated = await rotateSigningSecret(slug, audit);
        return {
          ...productBody(rotated.product),
          signingSecret: rotated.signingSecret,
          previousSigningSecretValidUntil: rotated.previousValidUntil.toISOString(),
        };
      });
    },
  },
];

type Matcher = { route: Route; pattern: RegExp | null };

const matchers: Matcher[] = ROUTES.map((route) => ({
  route,
  pattern: route.path.includes('{')
    ? new RegExp(`^${route.path.replace(/\{[^}]+\}/g, '([^/]+)')}$`)
    : null,
}));

export type RouteMatch = { route: Route; params: string[] };

/** The route for a method and path; NotFound or MethodNotAllowed (with Allow) otherwise. */
export function matchRoute(method: string, path: string): RouteMatch {
  let allowed: string[] | undefined;
  for (const { route, pattern } of matchers) {
    let params: string[] | undefined;
    if (pattern === null) {
      if (route.path === path) params = [];
    } else {
      const found = pattern.exec(path);
      if (found !== null) params = found.slice(1);
    }
    if (params === undefined) continue;
    if (route.method === method) return { route, params };
    (allowed ??= []).push(route.method);
  }
  if (allowed === undefined) throw new ApiError('NotFound');
  throw new ApiError('MethodNotAllowed', undefined, { allow: allowed.join(', ') });
}
