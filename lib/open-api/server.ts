import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkHealth } from './health';

/** Requests the fast path answers itself; everything else goes to Next. */
export function isFastPath(url: string | undefined) {
  return (
    url !== undefined &&
    (url.startsWith('/api/v1/') || url === '/api/health' || url.startsWith('/api/health?'))
  );
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(payload);
}

export async function handleFastPath(req: IncomingMessage, res: ServerResponse) {
  if (req.url === '/api/health' || req.url?.startsWith('/api/health?')) {
    const health = checkHealth();
    return sendJson(res, health.status === 'ok' ? 200 : 503, health);
  }
  sendJson(res, 404, { code: 'NotFound', message: 'No such API.' });
}
