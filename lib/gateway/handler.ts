import type { IncomingMessage, ServerResponse } from 'node:http';
import { getEnv } from '@/lib/config/env';
import type { RequestContext } from '@/lib/audit/record';
import { authenticateApiRequest, type ApiPrincipal } from '@/lib/open-api/authenticate';
import { ApiError, onBehalfOf } from '@/lib/open-api/errors';
import { MAX_BODY_BYTES, readBody } from '@/lib/open-api/http';
import { loadProduct, signingKeysOf } from '@/lib/products/product-store';
import { SLUG_PATTERN } from '@/lib/products/validation';
import { forwardToUpstream, type ForwardOutcome } from './forward';
import { forwardableRequestHeaders } from './headers';
import { identityHeaders } from './identity';
import { parseGatewayPath, upstreamTarget } from './path';

export type GatewayCall = {
  method: string;
  /** Path as received, without the query. */
  path: string;
  query: string;
  context: RequestContext;
  requestId: string;
  /**
   * Set here once the product the call names is found, enabled or not: the call's outcome then
   * names it, and usage counts the call against it. Left unset for a slug no product has.
   */
  product?: string;
};

/** Where the answer came from, for the caller's outcome record. */
export type GatewayResult = { principal: ApiPrincipal; slug: string; forwarded: ForwardOutcome };

/** `X-Forwarded-For/Proto/Host` as the upstream should see them, from this hop's point of view. */
function forwardingHeaders(req: IncomingMessage): Record<string, string> {
  const trustProxy = getEnv().TRUST_PROXY;
  const peer = req.socket.remoteAddress ?? '';
  const chain = req.headers['x-forwarded-for'];
  const proto = trustProxy ? req.headers['x-forwarded-proto'] : undefined;
  const forwardedHost = trustProxy ? req.headers['x-forwarded-host'] : undefined;
  const host = typeof forwardedHost === 'string' ? forwardedHost : req.headers.host;
  return {
    // Without a trusted proxy the server has already replaced the client's chain by the peer.
    'x-forwarded-for': trustProxy && chain ? `${chain}, ${peer}` : peer,
    'x-forwarded-proto': typeof proto === 'string' ? proto : 'http',
    ...(host !== undefined && { 'x-forwarded-host': host }),
  };
}

/**
 * `/gateway/{slug}/{path…}`: the request is checked exactly as an Open API call (signature over
 * the full path as sent, one rate-limit budget per key), then the product and the key's scope,
 * then forwarded to the product's upstream with the caller's identity and a gateway signature.
 * Throws ApiError for every refusal; answers the client itself once the upstream answered.
 */
export async function handleGateway(
  req: IncomingMessage,
  res: ServerResponse,
  call: GatewayCall,
): Promise<GatewayResult> {
  const parsed = parseGatewayPath(call.path);
  if (parsed === null) {
    throw new ApiError(
      'InvalidParameter',
      'A gateway path is /gateway/{product slug}/{path}, without "." or ".." segments.',
    );
  }
  const product = SLUG_PATTERN.test(parsed.slug) ? await loadProduct(parsed.slug) : undefined;
  if (product !== undefined) call.product = product.slug;
  // The body limit is the product's; an unknown product is refused after the signature check,
  // so its body is read under the Open API's limit meanwhile.
  const body = await readBody(req, product?.maxBodyBytes ?? MAX_BODY_BYTES);
  const principal = await authenticateApiRequest({
    method: call.method,
    path: call.path,
    query: call.query,
    headers: req.headers,
    body,
    context: call.context,
    target: { slug: parsed.slug, product },
  });
  // checkTarget refused anything else.
  const target = product!;
  const upstream = new URL(target.upstreamUrl);
  const pathAndQuery = upstreamTarget(upstream.pathname, parsed.rest, call.query);
  const now = Date.now();
  const forwarded = await onBehalfOf(principal, () =>
    forwardToUpstream(
      {
        origin: upstream.origin,
        target: pathAndQuery,
        method: call.method,
        headers: {
          ...forwardableRequestHeaders(req.headers),
          ...forwardingHeaders(req),
          ...identityHeaders({
            principal,
            requestId: call.requestId,
            method: call.method,
            target: pathAndQuery,
            secrets: signingKeysOf(target, now),
            now,
          }),
        },
        body,
        timeoutMs: target.timeoutMs,
        requestId: call.requestId,
      },
      res,
    ),
  );
  return { principal, slug: parsed.slug, forwarded };
}
