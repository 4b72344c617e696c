import type { IncomingHttpHeaders } from 'node:http';
import { allowListMatcher } from '@/lib/access-keys/ip-allow-list';
import type { AuditAction } from '@/lib/audit/record';
import type { ProductRow } from '@/lib/products/product-store';
import { SLUG_PATTERN } from '@/lib/products/validation';
import { ApiError, type ApiErrorCode } from './errors';
import type { KeyRow } from './key-store';
import { parseAuthorization } from './signing';

export const REQUEST_WINDOW_SECONDS = 300;
const UNIX_SECONDS = /^[0-9]{1,12}$/;

export type SignedHeaders = {
  accessKeyId: string;
  signedHeaders: string[];
  signature: string;
  /** As sent, for the string to sign. */
  timestamp: string;
  seconds: number;
};

/** The signing headers of a request, or the refusal of a request that is not signed or not fresh. */
export function readSignedHeaders(headers: IncomingHttpHeaders, now: number): SignedHeaders {
  const authorization = parseAuthorization(headers.authorization);
  if (authorization === null) throw new ApiError('MissingAuthorization');
  if (headers['x-cnc-accesskey'] !== authorization.accessKeyId) {
    throw new ApiError(
      'MissingAuthorization',
      'The x-cnc-accessKey header must name the AccessKey ID given as the Authorization Credential.',
    );
  }
  const timestamp = headers['x-cnc-timestamp'];
  if (typeof timestamp !== 'string' || !UNIX_SECONDS.test(timestamp)) {
    throw new ApiError(
      'MissingAuthorization',
      'The x-cnc-timestamp header must hold the signing time in Unix seconds.',
    );
  }
  const seconds = Number(timestamp);
  if (Math.abs(now / 1000 - seconds) > REQUEST_WINDOW_SECONDS) throw new ApiError('RequestExpired');
  return { ...authorization, timestamp, seconds };
}

/** Why a correctly signed request is refused, and the audit action that records it, if any. */
export type Refusal = { code: ApiErrorCode; message?: string; audit?: AuditAction };

/** The product a gateway or forward-auth call is for, as the path or proxy named it. */
export type ProductTarget = { slug: string; product: ProductRow | undefined };

export type CheckInput = {
  key: KeyRow;
  now: number;
  /** The client address TRUST_PROXY decides (lib/http/client-ip.ts), as the request context holds it. */
  ip: string | null;
  /** Absent for the Open API itself. */
  target?: ProductTarget;
};

type Rule = (input: CheckInput) => Refusal | null;

const LEAKED_MESSAGE =
  'The AccessKey was reported as leaked and is disabled for good. Create a new AccessKey in AccessKey Management and move your programs to it.';

/**
 * What a correctly signed request must also pass, in this order; the first refusal answers. Each
 * rule is a pure function of the loaded key and the request, so a new rule is one more line here.
 * KEY_RULES run before the rate limit is counted, TARGET_RULES after it. The Open API, the gateway
 * and forward-auth all run both lists, so a key policy answers the same on each.
 */
const KEY_RULES: readonly Rule[] = [
  // First: from an address the owner did not allow, nothing else about the key is told.
  ({ key, ip }) =>
    allowListMatcher(key.allowedIps)?.(ip) === false
      ? {
          code: 'SourceIpDenied',
          message: `This AccessKey may be used only from the addresses in its IP allow-list, and this request came from ${ip ?? 'an unknown address'}. Add the address to the key's allow-list in AccessKey Management, or call from an allowed address.`,
          audit: 'api.rejected_source_ip',
        }
      : null,
  ({ key }) => (key.disabledAt !== null ? { code: 'AccountDisabled' } : null),
  ({ key }) =>
    key.status !== 'enabled'
      ? {
          code: 'AccessKeyDisabled',
          ...(key.leakedAt !== null && { message: LEAKED_MESSAGE }),
          audit: 'api.rejected_key_disabled',
        }
      : null,
  ({ key, now }) =>
    key.expiresAt !== null && key.expiresAt.getTime() <= now
      ? { code: 'AccessKeyExpired', audit: 'api.rejected_key_expired' }
      : null,
  ({ key }) =>
    key.programmaticAccess
      ? null
      : { code: 'ProgrammaticAccessDenied', audit: 'api.rejected_programmatic_access' },
];

const TARGET_RULES: readonly Rule[] = [
  ({ target }) =>
    target !== undefined && !target.product?.enabled
      ? {
          code: 'ProductNotFound',
          message: SLUG_PATTERN.test(target.slug)
            ? `No enabled product has the slug ${target.slug}.`
            : undefined,
        }
      : null,
  ({ key, target }) =>
    target?.product !== undefined && !key.allProducts && !key.productIds.includes(target.product.id)
      ? {
          code: 'ProductAccessDenied',
          message: `This AccessKey is not allowed to call ${target.product.slug}. Add the product to the key in AccessKey Management.`,
          audit: 'api.rejected_product_scope',
        }
      : null,
];

function firstRefusal(rules: readonly Rule[], input: CheckInput): Refusal | null {
  for (const rule of rules) {
    const refusal = rule(input);
    if (refusal !== null) return refusal;
  }
  return null;
}

/** The key and its account: may they sign anything at all? */
export function checkKey(input: CheckInput): Refusal | null {
  return firstRefusal(KEY_RULES, input);
}

/** The product named, if any: does it exist, and does the key's scope include it? */
export function checkTarget(input: CheckInput): Refusal | null {
  return firstRefusal(TARGET_RULES, input);
}
