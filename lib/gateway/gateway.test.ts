import { createHash } from 'node:crypto';
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb, migrateDatabase } from '@/db';
import { accessKeys } from '@/db/schema';
import {
  auditRowsFor,
  insertAccessKey,
  setKeyExpiry,
  setKeyStatus,
  type TestKey,
} from '@/e2e/api-fixtures';
import { setAccessKeyScope } from '@/lib/access-keys/keys';
import { signRequest } from '@/lib/open-api/signing';
import { handleFastPath, type RequestOutcome } from '@/lib/open-api/server';
import { createProduct, rotateSigningSecret, updateProduct } from '@/lib/products/products';
import { newProductSchema } from '@/lib/products/validation';
import { pendingUsage, UNKNOWN_PRODUCT } from '@/lib/usage/counter';
import { createUser, setProgrammaticAccess } from '@/lib/users/accounts';
import { eq } from 'drizzle-orm';
import { closeUpstreamPools } from './forward';
import { reconstructOriginalRequest } from './forward-auth';
import { verifyGatewaySignature } from './identity';
import { parseGatewayPath, upstreamTarget } from './path';

vi.hoisted(() => {
  process.env.ACCESSKEY_MASTER_KEY = Buffer.alloc(32, 6).toString('base64');
  // The usage tests read the counts in memory: no flush empties them meanwhile.
  process.env.USAGE_FLUSH_SECONDS = '300';
});

const context = { actor: null, request: { ip: null, userAgent: 'vitest' } };

type Seen = { method: string; url: string; headers: IncomingHttpHeaders; body: Buffer };

/** A real upstream that records what reached it and answers as each test says. */
let upstream: Server;
let upstreamBase: string;
let lastSeen: Seen | undefined;
let upstreamClosed: Promise<void> | undefined;
const behaviours = new Map<string, (req: IncomingMessage, res: ServerResponse) => void>();

let gateway: Server;
let base: string;
const outcomes: RequestOutcome[] = [];
let counter = 0;

async function keyFor(options: { programmaticAccess?: boolean } = {}) {
  counter++;
  const user = await createUser(
    {
      email: `gateway-${counter}@example.test`,
      name: `Gateway ${counter}`,
      role: 'member',
      programmaticAccess: options.programmaticAccess ?? true,
      password: null,
    },
    context,
  );
  return insertAccessKey(user.id);
}

async function product(slug: string, overrides: Record<string, unknown> = {}) {
  return createProduct(
    newProductSchema.parse({
      slug,
      name: slug,
      upstreamUrl: `${upstreamBase}/prefix/`,
      ...overrides,
    }),
    context,
  );
}

type Answer = { status: number; headers: IncomingHttpHeaders; body: Buffer };

function send(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: Buffer | string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(base);
    // Options rather than a URL, so a path with ".." goes out as written.
    const options = { hostname, port, path, method, headers, agent: false };
    const req = httpRequest(options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

function signed(key: TestKey, method: string, path: string, body?: string, secret = key.secret) {
  return signRequest({
    accessKeyId: key.accessKeyId,
    secret,
    method,
    url: `${base}${path}`,
    body,
  });
}

function call(
  key: TestKey,
  method: string,
  path: string,
  options: { body?: string; headers?: Record<string, string> } = {},
) {
  return send(
    method,
    path,
    { ...signed(key, method, path, options.body), ...options.headers },
    options.body,
  );
}

function codeOf(answer: Answer) {
  return {
    status: answer.status,
    code: (JSON.parse(answer.body.toString()) as { code: string }).code,
  };
}

beforeAll(async () => {
  await migrateDatabase();
  upstream = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      lastSeen = {
        method: req.method!,
        url: req.url!,
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      const behaviour = [...behaviours].find(([prefix]) => req.url!.startsWith(prefix))?.[1];
      if (behaviour) return behaviour(req, res);
      res.writeHead(201, {
        'content-type': 'text/plain',
        'x-upstream': 'yes',
        connection: 'keep-alive',
      });
      res.end('upstream answer');
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamBase = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  gateway = createServer((req, res) => {
    req.headers['x-forwarded-for'] = req.socket.remoteAddress;
    void handleFastPath(req, res).then((outcome) => outcome && outcomes.push(outcome));
  });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await closeUpstreamPools();
  upstream.closeAllConnections();
  gateway.closeAllConnections();
  await new Promise((resolve) => upstream.close(resolve));
  await new Promise((resolve) => gateway.close(resolve));
});

describe('gateway paths', () => {
  it('split into slug and rest, refusing dot segments in any spelling', () => {
    expect(parseGatewayPath('/gateway/orders/a/b')).toEqual({ slug: 'orders', rest: '/a/b' });
    expect(parseGatewayPath('/gateway/orders')).toEqual({ slug: 'orders', rest: '' });
    expect(parseGatewayPath('/gateway/orders/')).toEqual({ slug: 'orders', rest: '/' });
    expect(parseGatewayPath('/gateway//x')).toBeNull();
    for (const evil of ['/../admin', '/a/./b', '/%2e%2E/admin', '/a%2f..%2fadmin', '/..\\x']) {
      expect(parseGatewayPath(`/gateway/orders${evil}`), evil).toBeNull();
    }
    expect(parseGatewayPath('/gateway/orders/file.tar.gz/..x')).not.toBeNull();
  });

  it('join the upstream prefix, the rest and the unchanged query', () => {
    expect(upstreamTarget('/', '', '')).toBe('/');
    expect(upstreamTarget('/v1', '', 'a=1')).toBe('/v1?a=1');
    expect(upstreamTarget('/v1/', '/items/7', 'q=a%20b&x')).toBe('/v1/items/7?q=a%20b&x');
  });
});

describe('the built-in gateway', () => {
  it('forwards a signed call with identity headers and nothing derived from the Secret', async () => {
    const created = await product('identity');
    const key = await keyFor();
    const path = '/gateway/identity/items/7?q=a%20b&x=1';
    const answer = await call(key, 'GET', path, {
      headers: {
        'x-account-id': '1',
        'X-AccessKey-Id': 'AKSPOOFED',
        'x-gateway-signature': 'spoofed',
        'x-forwarded-for': '10.9.9.9',
        forwarded: 'for=10.9.9.9',
        connection: 'keep-alive, x-drop-me',
        'x-drop-me': 'hop',
        'x-kept': 'kept',
      },
    });
    expect(answer.status).toBe(201);
    expect(answer.body.toString()).toBe('upstream answer');
    expect(answer.headers['x-upstream']).toBe('yes');
    expect(answer.headers['x-cnc-request-id']).toMatch(/^[0-9a-f-]{36}$/);

    const seen = lastSeen!;
    expect(seen.url).toBe('/prefix/items/7?q=a%20b&x=1');
    expect(seen.headers).toMatchObject({
      'x-accesskey-id': key.accessKeyId,
      'x-account-id': String(key.userId),
      'x-account-email': `gateway-${counter}@example.test`,
      'x-account-role': 'member',
      'x-request-id': answer.headers['x-cnc-request-id'],
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-proto': 'http',
      'x-forwarded-host': new URL(base).host,
      'x-kept': 'kept',
    });
    for (const name of Object.keys(seen.headers)) {
      expect(name).not.toMatch(/^(authorization|x-cnc-|forwarded$|x-drop-me$)/);
    }
    expect(JSON.stringify(seen.headers)).not.toContain(key.secret);
    const fields = {
      timestamp: seen.headers['x-gateway-timestamp'] as string,
      method: 'GET',
      target: seen.url,
      accountId: String(key.userId),
      accessKeyId: key.accessKeyId,
      requestId: seen.headers['x-request-id'] as string,
    };
    const signature = seen.headers['x-gateway-signature'] as string;
    expect(signature).toMatch(/^[0-9a-f]{64}$/);
    expect(verifyGatewaySignature(created.signingSecret, signature, fields)).toBe(true);
    expect(verifyGatewaySignature(`${created.signingSecret}x`, signature, fields)).toBe(false);
    expect(
      verifyGatewaySignature(created.signingSecret, signature, {
        ...fields,
        target: '/prefix/other',
      }),
    ).toBe(false);
    expect(outcomes.at(-1)).toEqual({
      status: 201,
      product: 'identity',
      accessKeyId: key.accessKeyId,
      keyId: key.id,
    });
  });

  it('signs with both secrets for 24 hours after a rotation', async () => {
    const created = await product('rotation');
    const rotated = await rotateSigningSecret('rotation', context);
    const key = await keyFor();
    expect((await call(key, 'GET', '/gateway/rotation/')).status).toBe(201);
    const seen = lastSeen!;
    const signatures = (seen.headers['x-gateway-signature'] as string).split(',');
    expect(signatures).toHaveLength(2);
    const fields = {
      timestamp: seen.headers['x-gateway-timestamp'] as string,
      method: 'GET',
      target: '/prefix/',
      accountId: String(key.userId),
      accessKeyId: key.accessKeyId,
      requestId: seen.headers['x-request-id'] as string,
    };
    const header = seen.headers['x-gateway-signature'] as string;
    expect(verifyGatewaySignature(rotated.signingSecret, header, fields)).toBe(true);
    expect(verifyGatewaySignature(created.signingSecret, header, fields)).toBe(true);
    expect(verifyGatewaySignature(rotated.signingSecret, signatures[0], fields)).toBe(true);
  });

  it('forwards a signed POST body intact; refuses one over the product limit, stating it', async () => {
    await product('posting', { maxBodyBytes: 2048 });
    const key = await keyFor();
    const body = JSON.stringify({ pad: 'x'.repeat(1500) });
    const answer = await call(key, 'POST', '/gateway/posting/orders', { body });
    expect(answer.status).toBe(201);
    expect(lastSeen!.body.toString()).toBe(body);
    expect(lastSeen!.method).toBe('POST');

    const big = JSON.stringify({ pad: 'x'.repeat(3000) });
    const refused = await call(key, 'POST', '/gateway/posting/orders', { body: big });
    expect(codeOf(refused)).toEqual({ status: 413, code: 'PayloadTooLarge' });
    expect(JSON.parse(refused.body.toString()).message).toBe(
      'The request body is larger than 2 KiB, the limit of this product.',
    );
    // A changed body no longer matches the signature.
    const headers = signed(key, 'POST', '/gateway/posting/orders', body);
    const tampered = await send('POST', '/gateway/posting/orders', headers, body.replace('x', 'y'));
    expect(codeOf(tampered)).toEqual({ status: 401, code: 'SignatureDoesNotMatch' });
  });

  it('streams a large answer through unchanged', async () => {
    await product('download');
    const payload = Buffer.alloc(5 * 1024 * 1024);
    for (let i = 0; i < payload.length; i += 4096) payload.writeUInt32BE(i, i);
    behaviours.set('/prefix/big', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      let sent = 0;
      const next = () => {
        while (sent < payload.length) {
          const chunk = payload.subarray(sent, sent + 65536);
          sent += chunk.length;
          if (!res.write(chunk)) return res.once('drain', next);
        }
        res.end();
      };
      next();
    });
    const key = await keyFor();
    const answer = await call(key, 'GET', '/gateway/download/big');
    expect(answer.status).toBe(200);
    expect(createHash('sha256').update(answer.body).digest('hex')).toBe(
      createHash('sha256').update(payload).digest('hex'),
    );
  });

  it('answers 502 when a small answer is cut short before anything reached the client', async () => {
    await product('short');
    behaviours.set('/prefix/cut', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 100 });
      res.write('{"partial":');
      setTimeout(() => res.destroy(), 50).unref();
    });
    const key = await keyFor();
    const cut = await call(key, 'GET', '/gateway/short/cut');
    expect(codeOf(cut)).toEqual({ status: 502, code: 'UpstreamUnavailable' });
    expect(cut.body.toString()).not.toContain('partial');
  });

  it('answers 502 when the upstream refuses the connection, 504 when it is too slow', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await product('down', { upstreamUrl: `http://127.0.0.1:${port}/` });
    await product('slow', { timeoutMs: 1000 });
    behaviours.set('/prefix/sleep', (_req, res) => {
      setTimeout(() => res.end('too late'), 3000).unref();
    });
    const key = await keyFor();
    const down = await call(key, 'GET', '/gateway/down/x');
    expect(codeOf(down)).toEqual({ status: 502, code: 'UpstreamUnavailable' });
    expect(outcomes.at(-1)).toEqual({
      status: 502,
      product: 'down',
      accessKeyId: key.accessKeyId,
      keyId: key.id,
    });
    expect(down.headers['x-cnc-request-id']).toBeDefined();
    const started = Date.now();
    const slow = await call(key, 'GET', '/gateway/slow/sleep');
    expect(codeOf(slow)).toEqual({ status: 504, code: 'UpstreamTimeout' });
    expect(Date.now() - started).toBeLessThan(2900);
  });

  it('aborts the upstream request when the client disconnects', async () => {
    await product('abandoned');
    let upstreamSawClose: () => void;
    upstreamClosed = new Promise((resolve) => (upstreamSawClose = resolve));
    behaviours.set('/prefix/hang', (_req, res) => {
      res.on('close', () => upstreamSawClose());
    });
    const key = await keyFor();
    const req = httpRequest(`${base}/gateway/abandoned/hang`, {
      headers: signed(key, 'GET', '/gateway/abandoned/hang'),
      agent: false,
    });
    req.on('error', () => {});
    req.end();
    await new Promise((resolve) => setTimeout(resolve, 300));
    req.destroy();
    await upstreamClosed;
  });

  it('refuses unknown and disabled products, keys outside their scope, disabled keys and revoked permissions', async () => {
    await product('scoped');
    await product('other');
    await product('switched-off', { enabled: false });
    const key = await keyFor();
    expect(codeOf(await call(key, 'GET', '/gateway/nope/x'))).toEqual({
      status: 404,
      code: 'ProductNotFound',
    });
    expect(codeOf(await call(key, 'GET', '/gateway/switched-off/x'))).toEqual({
      status: 404,
      code: 'ProductNotFound',
    });
    expect(codeOf(await call(key, 'GET', '/gateway/Bad_Slug/x'))).toEqual({
      status: 404,
      code: 'ProductNotFound',
    });
    expect(codeOf(await send('GET', '/gateway/scoped/../x'))).toEqual({
      status: 400,
      code: 'InvalidParameter',
    });

    await setAccessKeyScope(key.userId, key.id, ['other'], { verified: false }, context);
    expect(codeOf(await call(key, 'GET', '/gateway/scoped/x'))).toEqual({
      status: 403,
      code: 'ProductAccessDenied',
    });
    expect((await call(key, 'GET', '/gateway/other/x')).status).toBe(201);

    await updateProduct('other', { enabled: false }, context);
    expect(codeOf(await call(key, 'GET', '/gateway/other/x'))).toEqual({
      status: 404,
      code: 'ProductNotFound',
    });

    const unsigned = await send('GET', '/gateway/scoped/x');
    expect(codeOf(unsigned)).toEqual({ status: 401, code: 'MissingAuthorization' });
    expect(outcomes.at(-1)).toEqual({
      status: 401,
      product: 'scoped',
      accessKeyId: null,
      keyId: null,
    });

    const second = await keyFor();
    await setKeyStatus(second, 'disabled');
    expect(codeOf(await call(second, 'GET', '/gateway/scoped/x'))).toEqual({
      status: 403,
      code: 'AccessKeyDisabled',
    });
    await setKeyStatus(second, 'enabled');
    await setProgrammaticAccess(second.userId, false, context);
    expect(codeOf(await call(second, 'GET', '/gateway/scoped/x'))).toEqual({
      status: 403,
      code: 'ProgrammaticAccessDenied',
    });
    const refusal = outcomes.at(-1)!;
    // A refused call of a verified key still names the key, for usage counting.
    expect(refusal).toEqual({
      status: 403,
      product: 'scoped',
      accessKeyId: second.accessKeyId,
      keyId: second.id,
    });
    // Nothing reached the upstream for any refusal.
    expect(lastSeen!.url).toBe('/prefix/x');
    await getDb().update(accessKeys).set({ allProducts: true }).where(eq(accessKeys.id, key.id));
  });
});

describe('usage', () => {
  /** The key's counts held in memory, by product. */
  const countsOf = (key: TestKey) =>
    pendingUsage()
      .rows.filter((row) => row.keyId === key.id)
      .map(({ product, calls, clientErrors, serverErrors }) => ({
        product,
        calls,
        clientErrors,
        serverErrors,
      }))
      .sort((a, b) => a.product.localeCompare(b.product));

  it('counts gateway and forward-auth calls per key and registered product, by the status the client got', async () => {
    await product('metered');
    behaviours.set('/prefix/missing', (_req, res) => {
      res.writeHead(404);
      res.end();
    });
    behaviours.set('/prefix/failing', (_req, res) => {
      res.writeHead(503);
      res.end('down for maintenance');
    });
    const key = await keyFor();
    expect((await call(key, 'GET', '/gateway/metered/ok')).status).toBe(201);
    expect((await call(key, 'GET', '/gateway/metered/missing')).status).toBe(404);
    expect((await call(key, 'GET', '/gateway/metered/failing')).status).toBe(503);
    const original = '/v1/things';
    const authorized = await send('GET', '/api/v1/authorize', {
      ...signed(key, 'GET', original),
      'x-original-method': 'GET',
      'x-original-uri': original,
      'x-gateway-product': 'metered',
    });
    expect(authorized.status).toBe(200);
    // Slugs no product has count for the key under one name, never under names a caller makes up.
    expect((await call(key, 'GET', '/gateway/made-up/x')).status).toBe(404);
    expect((await call(key, 'GET', '/gateway/Not_A_Slug/x')).status).toBe(404);
    // Unsigned or signed with the wrong Secret: nothing proves the key, nothing is counted.
    expect((await send('GET', '/gateway/metered/ok')).status).toBe(401);
    const forged = signed(key, 'GET', '/gateway/metered/ok', undefined, 'not-the-secret');
    expect((await send('GET', '/gateway/metered/ok', forged)).status).toBe(401);

    expect(countsOf(key)).toEqual([
      { product: '(unknown)', calls: 2, clientErrors: 2, serverErrors: 0 },
      { product: 'metered', calls: 4, clientErrors: 1, serverErrors: 1 },
    ]);
  });

  it('counts a client that left before the upstream answered as 499', async () => {
    await product('impatient');
    let upstreamSawClose: () => void;
    const closed = new Promise<void>((resolve) => (upstreamSawClose = resolve));
    behaviours.set('/prefix/wait', (_req, res) => {
      res.on('close', () => upstreamSawClose());
    });
    const key = await keyFor();
    const req = httpRequest(`${base}/gateway/impatient/wait`, {
      headers: signed(key, 'GET', '/gateway/impatient/wait'),
      agent: false,
    });
    req.on('error', () => {});
    req.end();
    await new Promise((resolve) => setTimeout(resolve, 300));
    req.destroy();
    await closed;
    await expect
      .poll(() => countsOf(key))
      .toEqual([{ product: 'impatient', calls: 1, clientErrors: 1, serverErrors: 0 }]);
  });
});

describe('forward-auth', () => {
  it('reads the original request from nginx, Traefik/Caddy and Envoy conventions', () => {
    expect(
      reconstructOriginalRequest('GET', '/api/v1/authorize', '', {
        'x-original-method': 'post',
        'x-original-uri': '/v1/orders?id=7',
      }),
    ).toEqual({ method: 'POST', path: '/v1/orders', query: 'id=7', via: 'x-original' });
    expect(
      reconstructOriginalRequest('GET', '/api/v1/authorize', '', {
        'x-forwarded-method': 'DELETE',
        'x-forwarded-uri': '/v1/orders/7',
      }),
    ).toEqual({ method: 'DELETE', path: '/v1/orders/7', query: '', via: 'x-forwarded' });
    expect(reconstructOriginalRequest('PUT', '/api/v1/authorize/v1/orders/7', 'a=1', {})).toEqual({
      method: 'PUT',
      path: '/v1/orders/7',
      query: 'a=1',
      via: 'envoy',
    });
    const refused = (headers: IncomingHttpHeaders, path = '/api/v1/authorize') => {
      try {
        reconstructOriginalRequest('GET', path, '', headers);
        return 'accepted';
      } catch (error) {
        return (error as { code: string }).code;
      }
    };
    expect(refused({})).toBe('InvalidParameter');
    expect(refused({ 'x-original-uri': '/a' })).toBe('InvalidParameter');
    expect(
      refused({
        'x-original-method': 'GET',
        'x-original-uri': '/public',
        'x-forwarded-method': 'GET',
        'x-forwarded-uri': '/admin',
      }),
    ).toBe('InvalidParameter');
    expect(
      refused({ 'x-original-method': 'GET', 'x-original-uri': '/a' }, '/api/v1/authorize/b'),
    ).toBe('InvalidParameter');
  });

  it('answers 200 with identity headers for a request signed for the original URI', async () => {
    const created = await product('behind-proxy');
    const key = await keyFor();
    const original = '/v1/things?x=1';
    const headers = signed(key, 'GET', original);
    const answer = await send('GET', '/api/v1/authorize', {
      ...headers,
      'x-original-method': 'GET',
      'x-original-uri': original,
      'x-gateway-product': 'behind-proxy',
    });
    expect(answer.status).toBe(200);
    expect(answer.headers).toMatchObject({
      'x-accesskey-id': key.accessKeyId,
      'x-account-id': String(key.userId),
      'x-account-role': 'member',
    });
    expect(
      verifyGatewaySignature(
        created.signingSecret,
        answer.headers['x-gateway-signature'] as string,
        {
          timestamp: answer.headers['x-gateway-timestamp'] as string,
          method: 'GET',
          target: original,
          accountId: String(key.userId),
          accessKeyId: key.accessKeyId,
          requestId: answer.headers['x-request-id'] as string,
        },
      ),
    ).toBe(true);

    // Envoy: the original path after /api/v1/authorize, the body passed along.
    const body = '{"qty":2}';
    const envoy = await send(
      'POST',
      '/api/v1/authorize/v1/things',
      { ...signed(key, 'POST', '/v1/things', body), 'x-gateway-product': 'behind-proxy' },
      body,
    );
    expect(envoy.status).toBe(200);
  });

  it('refuses a body the proxy kept back, a wrong product and a bad signature', async () => {
    await product('strict-proxy');
    const key = await keyFor();
    const body = '{"qty":2}';
    const withheld = await send('GET', '/api/v1/authorize', {
      ...signed(key, 'POST', '/v1/things', body),
      'x-original-method': 'POST',
      'x-original-uri': '/v1/things',
      'x-gateway-product': 'strict-proxy',
    });
    expect(codeOf(withheld)).toEqual({ status: 400, code: 'RequestBodyNotForwarded' });
    const noProduct = await send('GET', '/api/v1/authorize', {
      ...signed(key, 'GET', '/v1/things'),
      'x-original-method': 'GET',
      'x-original-uri': '/v1/things',
    });
    expect(codeOf(noProduct)).toEqual({ status: 400, code: 'InvalidParameter' });
    const bad = await send('GET', '/api/v1/authorize', {
      ...signed(key, 'GET', '/v1/things', undefined, 'wrong-secret'),
      'x-forwarded-method': 'GET',
      'x-forwarded-uri': '/v1/things',
      'x-gateway-product': 'strict-proxy',
    });
    expect(codeOf(bad)).toEqual({ status: 401, code: 'SignatureDoesNotMatch' });
    // Signed for one path, presented for another.
    const moved = await send('GET', '/api/v1/authorize', {
      ...signed(key, 'GET', '/v1/public'),
      'x-original-method': 'GET',
      'x-original-uri': '/v1/admin',
      'x-gateway-product': 'strict-proxy',
    });
    expect(codeOf(moved)).toEqual({ status: 401, code: 'SignatureDoesNotMatch' });
  });
});

describe('key policies at the gateway and forward-auth', () => {
  /** A key of a fresh account with these policies; the test server sees every call from 127.0.0.1. */
  async function policyKey(options: Parameters<typeof insertAccessKey>[1]) {
    const { userId } = await keyFor();
    return insertAccessKey(userId, options);
  }

  function authorize(key: TestKey, slug: string, original = '/v1/things') {
    return send('GET', '/api/v1/authorize', {
      ...signed(key, 'GET', original),
      'x-original-method': 'GET',
      'x-original-uri': original,
      'x-gateway-product': slug,
    });
  }

  it('refuses a key from outside its IP allow-list with SourceIpDenied on both, before the upstream', async () => {
    await product('ip-listed');
    const listed = await policyKey({ allowedIps: ['127.0.0.0/8', '::1'] });
    const elsewhere = await policyKey({ allowedIps: ['192.0.2.0/24', '2001:db8::/32'] });
    expect((await call(listed, 'GET', '/gateway/ip-listed/x')).status).toBe(201);
    expect((await authorize(listed, 'ip-listed')).status).toBe(200);

    lastSeen = undefined;
    for (const answer of [
      await call(elsewhere, 'GET', '/gateway/ip-listed/x'),
      await authorize(elsewhere, 'ip-listed'),
      // Checked before the product: an unknown product tells a caller from elsewhere nothing.
      await call(elsewhere, 'GET', '/gateway/no-such-product/x'),
    ]) {
      expect(codeOf(answer)).toEqual({ status: 403, code: 'SourceIpDenied' });
      expect(JSON.parse(answer.body.toString()).message).toContain(
        'this request came from 127.0.0.1.',
      );
    }
    expect(lastSeen).toBeUndefined();
    const [audit] = await auditRowsFor('api.rejected_source_ip', elsewhere.accessKeyId);
    expect(audit).toMatchObject({ ip: '127.0.0.1' });
    expect(JSON.parse(audit.detail!)).toMatchObject({ product: 'ip-listed' });
    // Counted for the key, under no made-up product.
    expect(outcomes.at(-1)).toEqual({
      status: 403,
      product: UNKNOWN_PRODUCT,
      accessKeyId: elsewhere.accessKeyId,
      keyId: elsewhere.id,
    });
  });

  it('refuses an expired key with AccessKeyExpired on both, and serves it again once extended', async () => {
    await product('expiring');
    const key = await policyKey({ expiresAt: new Date(Date.now() + 60_000) });
    expect((await call(key, 'GET', '/gateway/expiring/x')).status).toBe(201);
    await setKeyExpiry(key, new Date(Date.now() - 1000));
    lastSeen = undefined;
    expect(codeOf(await call(key, 'GET', '/gateway/expiring/x'))).toEqual({
      status: 401,
      code: 'AccessKeyExpired',
    });
    expect(codeOf(await authorize(key, 'expiring'))).toEqual({
      status: 401,
      code: 'AccessKeyExpired',
    });
    expect(lastSeen).toBeUndefined();
    expect(await auditRowsFor('api.rejected_key_expired', key.accessKeyId)).toHaveLength(1);
    await setKeyExpiry(key, new Date(Date.now() + 60_000));
    expect((await authorize(key, 'expiring')).status).toBe(200);
  });

  it('says a leaked key was leaked on both', async () => {
    await product('leaky');
    const key = await policyKey({ status: 'disabled' });
    await getDb().update(accessKeys).set({ leakedAt: new Date() }).where(eq(accessKeys.id, key.id));
    for (const answer of [
      await call(key, 'GET', '/gateway/leaky/x'),
      await authorize(key, 'leaky'),
    ]) {
      expect(codeOf(answer)).toEqual({ status: 403, code: 'AccessKeyDisabled' });
      expect(JSON.parse(answer.body.toString()).message).toContain('leaked');
    }
  });
});
