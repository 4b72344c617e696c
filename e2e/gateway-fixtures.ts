import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import {
  createServer as createHttpServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createProduct } from '@/lib/products/products';
import { newProductSchema } from '@/lib/products/validation';

const SEED = { actor: null, request: { ip: '127.0.0.1', userAgent: 'e2e' } };

export type Seen = { method: string; url: string; headers: IncomingHttpHeaders; body: Buffer };

/** A real node:http upstream: records every request, answers by the first matching route. */
export async function startUpstream(
  routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {},
) {
  const seen: Seen[] = [];
  const server: Server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      seen.push({
        method: req.method!,
        url: req.url!,
        headers: req.headers,
        body: Buffer.concat(chunks),
      });
      const route = Object.entries(routes).find(([prefix]) => req.url!.startsWith(prefix))?.[1];
      if (route) return route(req, res);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ upstream: true, url: req.url }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    last: () => seen.at(-1),
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A product written straight into the test server's database; its signing secret comes back once. */
export async function createTestProduct(
  prefix: string,
  upstreamUrl: string,
  options: { timeoutMs?: number; maxBodyBytes?: number; enabled?: boolean } = {},
) {
  const slug = `${prefix}-${Math.random().toString(36).slice(2, 8)}`;
  const { product, signingSecret } = await createProduct(
    newProductSchema.parse({ slug, name: `Product ${slug}`, upstreamUrl, ...options }),
    SEED,
  );
  return { ...product, signingSecret };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function sha256(data: Buffer) {
  return createHash('sha256').update(data).digest('hex');
}

export const NGINX = '/usr/sbin/nginx';
export const NGINX_CONFIG = 'docs/forward-auth/nginx.conf';

/**
 * Debian's nginx, started by the test itself on a free port with docs/forward-auth/nginx.conf
 * (the config README shows), its ports and product filled in: a temp prefix, pid and logs inside
 * it, in the foreground, never as a service. `stop()` ends it and everything it started.
 */
export async function startNginx(options: { console: string; upstream: string; product: string }) {
  const port = await freePort();
  const prefix = mkdtempSync(path.join(tmpdir(), 'accesskey-nginx-'));
  for (const dir of ['logs', 'temp']) mkdirSync(path.join(prefix, dir));
  const site = readFileSync(NGINX_CONFIG, 'utf8')
    .replace('listen 8080;', `listen 127.0.0.1:${port};`)
    .replace('http://127.0.0.1:3000/', `${options.console}/`)
    .replace('http://127.0.0.1:9000;', `${options.upstream};`)
    .replace('X-Gateway-Product orders;', `X-Gateway-Product ${options.product};`);
  const temp = (name: string) => `${name}_temp_path ${path.join(prefix, 'temp', name)};`;
  const config = `
daemon off;
master_process off;
worker_processes 1;
pid ${path.join(prefix, 'nginx.pid')};
error_log ${path.join(prefix, 'logs', 'error.log')} info;
events { worker_connections 64; }
http {
    access_log ${path.join(prefix, 'logs', 'access.log')};
    ${temp('client_body')}
    ${temp('proxy')}
    ${temp('fastcgi')}
    ${temp('uwsgi')}
    ${temp('scgi')}
${site}
}
`;
  const file = path.join(prefix, 'nginx.conf');
  writeFileSync(file, config);
  const test = spawnSync(NGINX, ['-t', '-p', prefix, '-c', file], { encoding: 'utf8' });
  if (test.status !== 0) throw new Error(`nginx refused the config:\n${test.stderr}`);
  const child = spawn(NGINX, ['-p', prefix, '-c', file], { detached: true, stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    try {
      await fetch(`${url}/`);
      break;
    } catch {
      if (attempt > 100 || child.exitCode !== null) {
        throw new Error(`nginx did not start; see ${path.join(prefix, 'logs', 'error.log')}.`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return {
    url,
    prefix,
    config,
    async stop() {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
      await exited;
    },
  };
}
