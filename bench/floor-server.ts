// The benchmark's floor: the Open API's own verification function behind a bare node:http server,
// with no framework and no routing, answering the same account document.
import { createServer } from 'node:http';
import { authenticateApiRequest } from '@/lib/open-api/authenticate';
import { ApiError } from '@/lib/open-api/errors';
import { readBody, sendApiError, sendJson } from '@/lib/open-api/http';

const port = Number(process.env.PORT);

createServer(async (req, res) => {
  const url = req.url ?? '/';
  const mark = url.indexOf('?');
  try {
    const principal = await authenticateApiRequest({
      method: req.method ?? 'GET',
      path: mark === -1 ? url : url.slice(0, mark),
      query: mark === -1 ? '' : url.slice(mark + 1),
      headers: req.headers,
      body: await readBody(req),
      context: {
        ip: req.socket.remoteAddress ?? null,
        userAgent: req.headers['user-agent'] ?? null,
      },
    });
    sendJson(res, 200, { ...principal.user, accessKeyId: principal.accessKeyId });
  } catch (error) {
    sendApiError(res, error instanceof ApiError ? error : new ApiError('InternalError'), 'floor');
  }
}).listen(port, '127.0.0.1');
