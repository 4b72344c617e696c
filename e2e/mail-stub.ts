import { createServer, type Server } from 'node:http';

export type StubMail = {
  id: string;
  from: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
};

/**
 * A stand-in for Resend's `POST /emails`, reached through the real SDK via RESEND_BASE_URL.
 * Tests read what was delivered from `GET /__mails` and switch failure modes with `POST /__mode`.
 */
export function startMailStub(port: number): Promise<Server> {
  const mails: StubMail[] = [];
  let mode: 'ok' | 'error' | 'timeout' = 'ok';
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://stub');
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    if (req.method === 'POST' && url.pathname === '/emails') {
      if (!req.headers.authorization?.startsWith('Bearer ')) {
        return json(401, { statusCode: 401, name: 'missing_api_key', message: 'Missing API key' });
      }
      if (mode === 'error') {
        return json(500, {
          statusCode: 500,
          name: 'internal_server_error',
          message: 'Stub outage',
        });
      }
      if (mode === 'timeout') return; // never answers
      const payload = JSON.parse(body) as {
        from: string;
        to: string | string[];
        subject: string;
        html: string;
        text: string;
      };
      const mail: StubMail = {
        id: `stub-${mails.length + 1}`,
        from: payload.from,
        to: Array.isArray(payload.to) ? payload.to : [payload.to],
        subject: payload.subject,
        html: payload.html,
        text: payload.text,
      };
      mails.push(mail);
      return json(200, { id: mail.id });
    }
    if (req.method === 'GET' && url.pathname === '/__mails') {
      const to = url.searchParams.get('to');
      return json(200, to ? mails.filter((mail) => mail.to.includes(to)) : mails);
    }
    if (req.method === 'POST' && url.pathname === '/__mode') {
      mode = (JSON.parse(body) as { mode: typeof mode }).mode;
      return json(200, { mode });
    }
    json(404, { statusCode: 404, name: 'not_found', message: 'Not found' });
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}
