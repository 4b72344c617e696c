import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { authenticateApiRequest, type ApiPrincipal } from '@/lib/open-api/authenticate';
import { ApiError } from '@/lib/open-api/errors';
import { MAX_BODY_BYTES, readBody } from '@/lib/open-api/http';
import { loadProduct, signingKeysOf } from '@/lib/products/product-store';
import { SLUG_PATTERN } from '@/lib/products/validation';
import type { GatewayCall } from './handler';
import { identityHeaders } from './identity';

export const AUTHORIZE_PATH = '/api/v1/authorize';
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const METHOD = /^[A-Z]{1,16}$/;

/** The request the client sent to the operator's proxy, as the proxy describes it to us. */
export type OriginalRequest = {
  method: string;
  path: string;
  query: string;
  /** Which convention described it, for the error messages. */
  via: 'x-original' | 'x-forwarded' | 'envoy';
};

function single(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' ? value : undefined;
}

function splitUri(uri: string): { path: string; query: string } {
  const mark = uri.indexOf('?');
  return mark === -1
    ? { path: uri, query: '' }
    : { path: uri.slice(0, mark), query: uri.slice(mark + 1) };
}

function invalid(message: string) {
  return new ApiError('InvalidParameter', message);
}

/**
 * Reads the original method and URI from whichever convention the proxy speaks: nginx
 * auth_request (X-Original-Method, X-Original-URI), Traefik forwardAuth and Caddy forward_auth
 * (X-Forwarded-Method, X-Forwarded-Uri), or Envoy ext_authz's HTTP service (the original method,
 * and the original path after /api/v1/authorize). When several are present they must agree: a
 * client must not pick which description of its request the signature is checked against.
 */
export function reconstructOriginalRequest(
  method: string,
  path: string,
  query: string,
  headers: IncomingHttpHeaders,
): OriginalRequest {
  const found: OriginalRequest[] = [];
  for (const [via, methodHeader, uriHeader] of [
    ['x-original', 'x-original-method', 'x-original-uri'],
    ['x-forwarded', 'x-forwarded-method', 'x-forwarded-uri'],
  ] as const) {
    const uri = single(headers, uriHeader);
    const originalMethod = single(headers, methodHeader);
    if (uri === undefined && originalMethod === undefined) continue;
    if (uri === undefined || originalMethod === undefined) {
      throw invalid(`The proxy must send both ${methodHeader} and ${uriHeader}.`);
    }
    if (!uri.startsWith('/')) throw invalid(`${uriHeader} must be a path starting with "/".`);
    found.push({ method: originalMethod.toUpperCase(), ...splitUri(uri), via });
  }
  if (path.startsWith(`${AUTHORIZE_PATH}/`)) {
    found.push({ method, path: path.slice(AUTHORIZE_PATH.length), query, via: 'envoy' });
  }
  if (found.length === 0) {
    throw invalid(
      'Tell the original request: X-Original-Method and X-Original-URI (nginx), X-Forwarded-Method and X-Forwarded-Uri (Traefik, Caddy), or the original path after /api/v1/authorize (Envoy).',
    );
  }
  const [first] = found;
  if (!METHOD.test(first.method)) throw invalid('The original method is not a valid HTTP method.');
  for (const other of found.slice(1)) {
    if (other.method !== first.method || other.path !== first.path || other.query !== first.query) {
      throw invalid(
        'The proxy described the original request in two ways that disagree. Send one description.',
      );
    }
  }
  return first;
}

export type AuthorizeResult = {
  principal: ApiPrincipal;
  slug: string;
  /** Identity headers for the proxy to copy upstream. */
  headers: Record<string, string>;
};

/**
 * `/api/v1/authorize`: the operator's proxy asks whether the request it holds may pass. The
 * original request is checked exactly as the gateway checks it (signature, window, replay, key,
 * account, permission, rate limit, product, scope); the product is the one the proxy names in
 * X-Gateway-Product. A body the signature covers but the proxy kept back cannot be checked, so
 * POST, PUT and PATCH need it passed along (Envoy: with_request_body).
 */
export async function authorizeForwardedRequest(
  req: IncomingMessage,
  call: GatewayCall,
): Promise<AuthorizeResult> {
  const original = reconstructOriginalRequest(call.method, call.path, call.query, req.headers);
  const slug = single(req.headers, 'x-gateway-product');
  if (slug === undefined || slug === '') {
    throw invalid('The proxy must name the product in the X-Gateway-Product header.');
  }
  const product = SLUG_PATTERN.test(slug) ? await loadProduct(slug) : undefined;
  if (product !== undefined) call.product = product.slug;
  if (req.headers['x-envoy-auth-partial-body'] === 'true') {
    throw new ApiError(
      'RequestBodyNotForwarded',
      'The proxy passed only part of the request body, and the signature covers all of it. Raise max_request_bytes in the ext_authz filter, or lower the product’s body limit to match.',
    );
  }
  const body = await readBody(req, product?.maxBodyBytes ?? MAX_BODY_BYTES);
  const delivered =
    (body !== undefined && body.length > 0) ||
    (original.via === 'envoy' && req.headers['content-length'] === '0');
  if (BODY_METHODS.has(original.method) && !delivered)
    throw new ApiError('RequestBodyNotForwarded');
  const host = single(req.headers, 'x-forwarded-host') ?? req.headers.host;
  const principal = await authenticateApiRequest({
    method: original.method,
    path: original.path,
    query: original.query,
    headers: host === undefined ? req.headers : { ...req.headers, host },
    body,
    context: call.context,
    target: { slug, product },
  });
  const now = Date.now();
  const target = original.query === '' ? original.path : `${original.path}?${original.query}`;
  return {
    principal,
    slug,
    headers: identityHeaders({
      principal,
      requestId: call.requestId,
      method: original.method,
      target,
      secrets: signingKeysOf(product!, now),
      now,
    }),
  };
}
