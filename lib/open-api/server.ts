import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AUTHORIZE_PATH, authorizeForwardedRequest } from '@/lib/gateway/forward-auth';
import { handleGateway, type GatewayCall } from '@/lib/gateway/handler';
import { GATEWAY_PREFIX } from '@/lib/gateway/path';
import { authenticateApiRequest } from '@/lib/open-api/authenticate';
import { clientIp } from '@/lib/http/client-ip';
import { PRIVATE_ANSWER_HEADERS } from '@/lib/http/security-headers';
import { countUsage, OPEN_API_PRODUCT, UNKNOWN_PRODUCT } from '@/lib/usage/counter';
import { ApiError, onBehalfOf } from './errors';
import { checkHealth } from './health';
import { readBody, sendApiError, sendJson } from './http';
import { handleLeakReport, LEAK_REPORT_PATH } from './leaked-credentials';
import { openApiDocument } from './openapi';
import { matchRoute } from './routes';

const OPENAPI_PATH = '/api/v1/openapi.json';
/** The status a call is counted with when the client left before any answer, as nginx logs it. */
const CLIENT_CLOSED_REQUEST = 499;

/** Requests the fast path answers itself; everything else goes to Next. */
export function isFastPath(url: string | undefined) {
  return (
    url !== undefined &&
    (url.startsWith('/api/v1/') ||
      url.startsWith(GATEWAY_PREFIX) ||
      url === '/api/health' ||
      url.startsWith('/api/health?'))
  );
}

/**
 * How one signed call ended: the status the client got (null when it left before the answer),
 * what it was for (open-api, a registered product's slug, or UNKNOWN_PRODUCT when the call named
 * none), and the key whose signature it carried (null when unsigned or badly signed). Usage counts
 * every outcome that names a key.
 */
export type RequestOutcome = {
  status: number | null;
  product: string;
  accessKeyId: string | null;
  /** access_keys.id of that key. */
  keyId: number | null;
};

function contextOf(req: IncomingMessage) {
  return {
    ip: clientIp(req.headers['x-forwarded-for'] as string | undefined),
    userAgent: req.headers['user-agent'] ?? null,
  };
}

/**
 * The product a call counts against: open-api for the Open API; for the gateway and forward-auth
 * the product it named once that was found (an unknown slug is UNKNOWN_PRODUCT, so a caller cannot
 * make up products to count under).
 */
function productOf(call: GatewayCall): string {
  if (call.path.startsWith(GATEWAY_PREFIX) || isAuthorizePath(call.path)) {
    return call.product ?? UNKNOWN_PRODUCT;
  }
  return OPEN_API_PRODUCT;
}

function isAuthorizePath(path: string) {
  return path === AUTHORIZE_PATH || path.startsWith(`${AUTHORIZE_PATH}/`);
}

async function answerOpenApi(req: IncomingMessage, res: ServerResponse, call: GatewayCall) {
  const { route, params } = matchRoute(call.method, call.path);
  const body = await readBody(req);
  const { context } = call;
  const principal = await authenticateApiRequest({ ...call, headers: req.headers, body });
  const result = await onBehalfOf(principal, () =>
    route.handle({ principal, params, query: call.query, body, context }),
  );
  sendJson(res, 200, result, call.requestId);
  return { status: 200, principal };
}

async function answerAuthorize(req: IncomingMessage, res: ServerResponse, call: GatewayCall) {
  const result = await authorizeForwardedRequest(req, call);
  sendJson(res, 200, { allowed: true, requestId: call.requestId }, call.requestId, result.headers);
  return { status: 200, principal: result.principal };
}

async function answerGateway(req: IncomingMessage, res: ServerResponse, call: GatewayCall) {
  const result = await handleGateway(req, res, call);
  return { status: result.forwarded.status, principal: result.principal };
}

/**
 * Answers a fast-path request (Open API, gateway, forward-auth, health) and counts a signed call's
 * outcome for usage: in memory, no I/O (lib/usage/counter.ts).
 */
export async function handleFastPath(
  req: IncomingMessage,
  res: ServerResponse,
): Promise<RequestOutcome | undefined> {
  const outcome = await answerFastPath(req, res);
  if (outcome?.keyId != null) {
    const status = outcome.status ?? (res.headersSent ? res.statusCode : CLIENT_CLOSED_REQUEST);
    countUsage(outcome.keyId, outcome.product, status);
  }
  return outcome;
}

async function answerFastPath(
  req: IncomingMessage,
  res: ServerResponse,
): Promise<RequestOutcome | undefined> {
  const url = req.url ?? '/';
  if (url === '/api/health' || url.startsWith('/api/health?')) {
    const health = await checkHealth();
    sendJson(res, health.status === 'ok' ? 200 : 503, health);
    return undefined;
  }

  const requestId = randomUUID();
  const mark = url.indexOf('?');
  const path = mark === -1 ? url : url.slice(0, mark);
  const query = mark === -1 ? '' : url.slice(mark + 1);
  const method = req.method ?? 'GET';
  const call: GatewayCall = { method, path, query, requestId, context: contextOf(req) };
  try {
    if (path === OPENAPI_PATH) {
      if (method !== 'GET') throw new ApiError('MethodNotAllowed', undefined, { allow: 'GET' });
      sendOpenApiDocument(res, requestId);
      return undefined;
    }
    // Unsigned on purpose: the one route that needs no key, and no product's call.
    if (path === LEAK_REPORT_PATH) {
      await handleLeakReport(req, res, requestId, call.context);
      return undefined;
    }
    const { status, principal } = path.startsWith(GATEWAY_PREFIX)
      ? await answerGateway(req, res, call)
      : isAuthorizePath(path)
        ? await answerAuthorize(req, res, call)
        : await answerOpenApi(req, res, call);
    return {
      status,
      product: productOf(call),
      accessKeyId: principal.accessKeyId,
      keyId: principal.keyId,
    };
  } catch (error) {
    const signer = error instanceof ApiError ? error : undefined;
    const outcome = {
      status: null,
      product: productOf(call),
      accessKeyId: signer?.accessKeyId ?? null,
      keyId: signer?.keyId ?? null,
    };
    if (res.headersSent || res.destroyed) return outcome;
    if (error instanceof ApiError) {
      sendApiError(res, error, requestId);
      return { ...outcome, status: error.status };
    }
    // A client that hung up mid-body is not a server fault and has nobody left to answer.
    if (req.destroyed && !req.complete) return outcome;
    console.error(
      `[api] request ${requestId} failed`,
      error instanceof Error ? error.message : String(error),
    );
    sendApiError(res, new ApiError('InternalError'), requestId);
    return { ...outcome, status: 500 };
  }
}

function sendOpenApiDocument(res: ServerResponse, requestId: string) {
  const document = openApiDocument();
  res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(document),
    ...PRIVATE_ANSWER_HEADERS,
    // The same for everyone and unsigned: the one answer a cache may keep.
    'cache-control': 'public, max-age=300',
    'x-cnc-request-id': requestId,
  });
  res.end(document);
}
