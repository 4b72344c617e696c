import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticateApiRequest } from '@/lib/open-api/authenticate';
import { clientIp } from '@/lib/http/client-ip';
import { PRIVATE_ANSWER_HEADERS } from '@/lib/http/security-headers';
import { ApiError } from './errors';
import { checkHealth } from './health';
import { readBody, sendApiError, sendJson } from './http';
import { handleLeakReport, LEAK_REPORT_PATH } from './leaked-credentials';
import { openApiDocument } from './openapi';
import { matchRoute } from './routes';

const OPENAPI_PATH = '/api/v1/openapi.json';

/** Requests the fast path answers itself; everything else goes to Next. */
export function isFastPath(url: string | undefined) {
  return (
    url !== undefined &&
    (url.startsWith('/api/v1/') || url === '/api/health' || url.startsWith('/api/health?'))
  );
}

export async function handleFastPath(req: IncomingMessage, res: ServerResponse) {
  const url = req.url ?? '/';
  if (url === '/api/health' || url.startsWith('/api/health?')) {
    const health = await checkHealth();
    return sendJson(res, health.status === 'ok' ? 200 : 503, health);
  }

  const requestId = randomUUID();
  try {
    const mark = url.indexOf('?');
    const path = mark === -1 ? url : url.slice(0, mark);
    const query = mark === -1 ? '' : url.slice(mark + 1);
    const method = req.method ?? 'GET';

    if (path === OPENAPI_PATH) {
      if (method !== 'GET') throw new ApiError('MethodNotAllowed', undefined, { allow: 'GET' });
      return sendOpenApiDocument(res, requestId);
    }
    const context = {
      ip: clientIp(req.headers['x-forwarded-for'] as string | undefined),
      userAgent: req.headers['user-agent'] ?? null,
    };
    // Unsigned on purpose: the one route that needs no key.
    if (path === LEAK_REPORT_PATH) return await handleLeakReport(req, res, requestId, context);

    const { route, params } = matchRoute(method, path);
    const body = await readBody(req);
    const principal = await authenticateApiRequest({
      method,
      path,
      query,
      headers: req.headers,
      body,
      context,
    });
    const result = await route.handle({ principal, params, query, body, context });
    sendJson(res, 200, result, requestId);
  } catch (error) {
    if (res.headersSent || res.destroyed) return;
    if (error instanceof ApiError) return sendApiError(res, error, requestId);
    // A client that hung up mid-body is not a server fault and has nobody left to answer.
    if (req.destroyed && !req.complete) return;
    console.error(
      `[api] request ${requestId} failed`,
      error instanceof Error ? error.message : String(error),
    );
    sendApiError(res, new ApiError('InternalError'), requestId);
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
