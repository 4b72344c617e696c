import { createWriteStream } from 'node:fs';
import http, { type Server } from 'node:http';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

export type Capture = {
  method: string;
  url: string;
  status: number;
  action: string | null;
  body: string;
};

const TEXT_TYPES = /json|html|text\/|x-component|csv/;

/**
 * The body as the browser reads it: Next compresses for clients that accept it (every browser), and
 * a search through the compressed bytes would find nothing.
 */
export function decodedBody(body: Buffer, encoding: string | undefined) {
  try {
    switch (encoding?.trim().toLowerCase()) {
      case 'gzip':
      case 'x-gzip':
        return gunzipSync(body).toString('utf8');
      case 'br':
        return brotliDecompressSync(body).toString('utf8');
      case 'deflate':
        return inflateSync(body).toString('utf8');
      default:
        return body.toString('utf8');
    }
  } catch {
    // A body cut short (the client went away): keep what there is, so it is still searched.
    return body.toString('utf8');
  }
}

/**
 * Sits in front of the console for the whole e2e run and records every dynamic response (HTML, RSC,
 * JSON, CSV) as a line of JSON, so that the run can be searched afterwards for secrets that leaked.
 */
export function startCaptureProxy(port: number, targetPort: number, file: string): Promise<Server> {
  const out = createWriteStream(file);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const server = http.createServer((req, res) => {
    const upstream = http.request(
      {
        host: '127.0.0.1',
        port: targetPort,
        method: req.method,
        path: req.url,
        headers: req.headers,
        agent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
        const type = String(answer.headers['content-type'] ?? '');
        const capture = TEXT_TYPES.test(type) && !req.url?.startsWith('/_next/static/');
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => {
          if (capture) chunks.push(chunk);
          res.write(chunk);
        });
        answer.on('end', () => {
          res.end();
          if (!capture) return;
          const entry: Capture = {
            method: req.method ?? 'GET',
            url: req.url ?? '/',
            status: answer.statusCode ?? 0,
            action: (req.headers['next-action'] as string | undefined) ?? null,
            body: decodedBody(
              Buffer.concat(chunks),
              answer.headers['content-encoding'] as string | undefined,
            ),
          };
          out.write(`${JSON.stringify(entry)}\n`);
        });
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  // The console's answers, relayed as they are, promise keep-alive for 65 s (server.ts): keep the
  // promise, or a client that waited more than Node's default 5 s reuses a socket the proxy closed.
  server.keepAliveTimeout = 65_000;
  server.on('close', () => {
    agent.destroy();
    out.end();
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}
