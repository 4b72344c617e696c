import http from 'node:http';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCaptureProxy, type Capture } from './capture-proxy';

const SECRET = 'a-secret-that-must-be-found-0123456789';
let upstream: http.Server;
let proxy: http.Server;
let file: string;

function listen(server: http.Server) {
  return new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
}

beforeAll(async () => {
  upstream = http.createServer((req, res) => {
    const body = `<p>${SECRET}</p>`;
    const encoding = req.url === '/br' ? 'br' : req.url === '/gzip' ? 'gzip' : null;
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      ...(encoding ? { 'content-encoding': encoding } : {}),
    });
    res.end(
      encoding === 'br' ? brotliCompressSync(body) : encoding === 'gzip' ? gzipSync(body) : body,
    );
  });
  const upstreamPort = await listen(upstream);
  file = path.join(mkdtempSync(path.join(tmpdir(), 'capture-test-')), 'responses.jsonl');
  proxy = await startCaptureProxy(0, upstreamPort, file);
});

afterAll(async () => {
  await new Promise((resolve) => proxy.close(resolve));
  await new Promise((resolve) => upstream.close(resolve));
});

describe('the capture proxy', () => {
  it('records what the browser reads, compressed or not', async () => {
    const port = (proxy.address() as { port: number }).port;
    for (const route of ['/plain', '/gzip', '/br']) {
      const response = await fetch(`http://127.0.0.1:${port}${route}`);
      expect(await response.text()).toContain(SECRET);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    const captures = readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Capture);
    expect(captures.map((capture) => capture.url).sort()).toEqual(['/br', '/gzip', '/plain']);
    for (const capture of captures) expect(capture.body).toContain(SECRET);
  });
});
