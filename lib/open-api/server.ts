import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AUTHORIZE_PATH, authorizeForwardedRequest } from '@/lib/gateway/forward-auth';
import { handleGateway } from '@/lib/gateway/handler';
import { GATEWAY_PREFIX } from '@/lib/gateway/path';
import { authenticateApiRequest } from '@/lib/open-api/authenticate';
import { clientIp } from '@/lib/http/client-ip';
import { PRIVATE_ANSWER_HEADERS } from '@/lib/http/security-headers';
import { ApiError, onBehalfOf } from './errors';
import { checkHealth } from './health';
import { readBody, sendApiError, sendJson } from './http';
import { openApiDocument } from './openapi';
import { matchRoute } from './routes';

const OPENAPI_PATH = '/api/v1/openapi.json';
/** The product an Open API call counts against, beside the operator's own products. */
export const OPEN_API_PRODUCT = 'open-api';

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
 * what it was for, and the key of a call that passed the check. Usage counting hooks in here.
 */
export type RequestOutcome = {
  status: number | null;
  product: string;
  accessKeyId: string | null;
};

type Call = { method: string; path: string; query: string; requestId: string };

function contextOf(req: IncomingMessage) {
  return {
    ip: clientIp(req.headers['x-forwarded-for'] as string | undefined),
    userAgent: req.headers['user-agent'] ?? null,
  };
}

/** The product a call is for, as far as can be told before it is checked. */
function productOf(req: IncomingMessage, path: string): string {
  if (path.startsWith(GATEWAY_PREFIX)) {
    const end = path.indexOf('/', GATEWAY_PREFIX.length);
    return path.slice(GATEWAY_PREFIX.length, end === -1 ? undefined : end);
  }
  if (path === AUTHORIZE_PATH || path.startsWith(`${AUTHORIZE_PATH}/`)) {
    const named = req.headers['x-gateway-product'];
    return typeof named === 'string' ? named : '';
  }
  return OPEN_API_PRODUCT;
}

async function answerOpenApi(req: IncomingMessage, res: ServerResponse, call: Call) {
  const { route, params } = matchRoute(call.method, call.path);
  const body = await readBody(req);
  const context = contextOf(req);
  const principal = await authenticateApiRequest({ ...call, headers: req.headers, body, context });
  const result = await onBehalfOf(principal.accessKeyId, () =>
    route.handle({ principal, params, query: call.query, body, context }),
  );
  sendJson(res, 200, result, call.requestId);
  return { status: 200, accessKeyId: principal.accessKeyId };
}

async function answerAuthorize(req: IncomingMessage, res: ServerResponse, call: Call) {
  const result = await authorizeForwardedRequest(req, { ...call, context: contextOf(req) });
  sendJson(res, 200, { allowed: true, requestId: call.requestId }, call.requestId, result.headers);
  return { status: 200, accessKeyId: result.principal.accessKeyId };
}

async function answerGateway(req: IncomingMessage, res: ServerResponse, call: Call) {
  const result = await handleGateway(req, res, { ...call, context: contextOf(req) });
  return { status: result.forwarded.status, accessKeyId: result.principal.accessKeyId };
}

export async function handleFastPath(
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
  const call = { method, path, query, requestId };
  const product = productOf(req, path);
  try {
    if (path === OPENAPI_PATH) {
      if (method !== 'GET') throw new ApiError('MethodNotAllowed', undefined, { allow: 'GET' });
      sendOpenApiDocument(res, requestId);
      return undefined;
    }
    const answered = path.startsWith(GATEWAY_PREFIX)
      ? await answerGateway(req, res, call)
      : path === AUTHORIZE_PATH || path.startsWith(`${AUTHORIZE_PATH}/`)
        ? await answerAuthorize(req, res, call)
        : await answerOpenApi(req, res, call);
    return { ...answered, product };
  } catch (error) {
    const outcome = {
      status: null,
      product,
      accessKeyId: error instanceof ApiError ? (error.accessKeyId ?? null) : null,
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
