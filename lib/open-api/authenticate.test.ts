import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { closeConnection, getDb, migrateDatabase, openDatabase } from '@/db';
import { accessKeys, apiNonces, users } from '@/db/schema';
import {
  auditRowsFor,
  insertAccessKey,
  readKey,
  setKeyStatus,
  type TestKey,
} from '@/e2e/api-fixtures';
import { sealSecret } from '@/lib/crypto';
import { ApiError } from '@/lib/open-api/errors';
import { signRequest } from '@/lib/open-api/signing';
import { createUser } from '@/lib/users/accounts';
import {
  authenticateApiRequest,
  LAST_USED_WRITE_INTERVAL_MS,
  REJECTION_AUDIT_INTERVAL_MS,
  type ApiRequest,
} from './authenticate';

vi.hoisted(() => {
  process.env.ACCESSKEY_MASTER_KEY = Buffer.alloc(32, 3).toString('base64');
  process.env.ACCESSKEY_MASTER_KEY_PREVIOUS = Buffer.alloc(32, 4).toString('base64');
});

const HOST = 'api.example.test';
const CONTEXT = { ip: '203.0.113.7', userAgent: 'vitest' };
let counter = 0;

async function account(options: { programmaticAccess?: boolean; role?: 'admin' | 'member' } = {}) {
  counter += 1;
  return createUser(
    {
      email: `auth-${counter}@example.test`,
      name: `Auth ${counter}`,
      role: options.role ?? 'member',
      programmaticAccess: options.programmaticAccess ?? true,
      password: null,
    },
    { actor: null, request: CONTEXT },
  );
}

async function keyFor(options: Parameters<typeof account>[0] = {}) {
  const user = await account(options);
  return insertAccessKey(user.id);
}

type SignOptions = {
  body?: string;
  timestamp?: number;
  secret?: string;
  headers?: Record<string, string | undefined>;
};

/** A request as the server receives it after a client signed it with signRequest. */
function signed(key: TestKey, method: string, pathWithQuery: string, options: SignOptions = {}) {
  const url = new URL(`http://${HOST}${pathWithQuery}`);
  const sent = signRequest({
    accessKeyId: key.accessKeyId,
    secret: options.secret ?? key.secret,
    method,
    url,
    body: options.body,
    timestamp: options.timestamp,
  });
  const headers: Record<string, string | undefined> = { host: HOST };
  for (const [name, value] of Object.entries(sent)) headers[name.toLowerCase()] = value;
  Object.assign(headers, options.headers);
  return {
    method,
    path: url.pathname,
    query: url.search.slice(1),
    headers,
    body: options.body === undefined ? undefined : Buffer.from(options.body),
    context: CONTEXT,
  } satisfies ApiRequest;
}

async function rejection(request: ApiRequest, now?: number) {
  try {
    await authenticateApiRequest(request, now);
  } catch (error) {
    if (error instanceof ApiError) return { status: error.status, code: error.code };
    throw error;
  }
  throw new Error('The request was accepted.');
}

beforeAll(async () => {
  await migrateDatabase();
});

describe('authenticateApiRequest accepts', () => {
  it('a request signed as the SDK signs it, and names the account', async () => {
    const key = await keyFor({ role: 'admin' });
    const principal = await authenticateApiRequest(signed(key, 'GET', '/api/v1/account'));
    expect(principal).toMatchObject({
      keyId: key.id,
      accessKeyId: key.accessKeyId,
      user: { id: key.userId, role: 'admin', programmaticAccess: true },
    });
  });

  it('a query, a PUT body and mixed-case signed header values', async () => {
    const key = await keyFor();
    await authenticateApiRequest(signed(key, 'GET', '/api/v1/users?q=a%20b&page=2'));
    const put = signed(key, 'PUT', '/api/v1/users/1/programmatic-access', {
      body: '{\n  "enabled": true\n}',
    });
    await authenticateApiRequest(put);
    const mixed = signed(key, 'GET', '/api/v1/account');
    mixed.headers['content-type'] = 'Application/JSON';
    mixed.headers.host = HOST.toUpperCase();
    await authenticateApiRequest(mixed);
  });

  it('any signed header set that includes host', async () => {
    const key = await keyFor();
    const request = signed(key, 'GET', '/api/v1/account');
    const { canonicalRequest, hashPayload, signature, stringToSign } = await import('./signing');
    const timestamp = request.headers['x-cnc-timestamp']!;
    for (const names of [['host'], ['host', 'x-cnc-timestamp', 'x-cnc-accesskey']]) {
      const canonical = canonicalRequest({
        method: 'GET',
        path: request.path,
        query: '',
        headers: request.headers,
        signedHeaders: names,
        payloadHash: hashPayload(undefined, 'GET'),
      });
      const hex = signature(key.secret, stringToSign(timestamp, canonical));
      request.headers.authorization = `CNC-HMAC-SHA256 Credential=${key.accessKeyId}, SignedHeaders=${names.join(';')}, Signature=${hex}`;
      await expect(authenticateApiRequest(request)).resolves.toMatchObject({ keyId: key.id });
    }
  });

  it('a timestamp just inside the 5-minute window on either side', async () => {
    const key = await keyFor();
    const now = Date.now();
    const seconds = Math.floor(now / 1000);
    for (const timestamp of [seconds - 299, seconds + 299]) {
      await authenticateApiRequest(signed(key, 'GET', '/api/v1/account', { timestamp }), now);
    }
  });

  it('a key sealed under the previous master key, and again when it is re-sealed', async () => {
    const key = await keyFor();
    await authenticateApiRequest(signed(key, 'GET', '/api/v1/account'));
    const previous = Buffer.alloc(32, 4);
    await getDb()
      .update(accessKeys)
      .set({ secretCiphertext: sealSecret(key.secret, key.accessKeyId, previous) })
      .where(eq(accessKeys.id, key.id));
    await authenticateApiRequest(signed(key, 'GET', '/api/v1/account'));
  });
});

describe('authenticateApiRequest rejects', () => {
  it.each([
    ['no Authorization header', { authorization: undefined }],
    ['a malformed Authorization header', { authorization: 'CNC-HMAC-SHA256 Credential=x' }],
    ['another scheme', { authorization: 'Bearer abc' }],
    ['a missing x-cnc-accessKey', { 'x-cnc-accesskey': undefined }],
    ['an x-cnc-accessKey naming another key', { 'x-cnc-accesskey': 'AKOTHER0000000000' }],
    ['a missing x-cnc-timestamp', { 'x-cnc-timestamp': undefined }],
    ['a timestamp that is not Unix seconds', { 'x-cnc-timestamp': '2024-01-01T00:00:00Z' }],
  ])('%s as MissingAuthorization (401)', async (_, headers) => {
    const key = await keyFor();
    expect(await rejection(signed(key, 'GET', '/api/v1/account', { headers }))).toEqual({
      status: 401,
      code: 'MissingAuthorization',
    });
  });

  it('a timestamp more than 5 minutes away as RequestExpired (401)', async () => {
    const key = await keyFor();
    const now = Date.now();
    const seconds = Math.floor(now / 1000);
    for (const timestamp of [seconds - 301, seconds + 301, 0]) {
      const request = signed(key, 'GET', '/api/v1/account', { timestamp });
      expect(await rejection(request, now)).toEqual({ status: 401, code: 'RequestExpired' });
    }
  });

  it('an unknown AccessKey ID as InvalidAccessKeyId (401)', async () => {
    const key = await keyFor();
    const unknown = { ...key, accessKeyId: 'AKNOSUCHKEY000000000' };
    expect(await rejection(signed(unknown, 'GET', '/api/v1/account'))).toEqual({
      status: 401,
      code: 'InvalidAccessKeyId',
    });
  });

  it('a wrong secret or any change after signing as SignatureDoesNotMatch (401)', async () => {
    const key = await keyFor();
    const mismatch = { status: 401, code: 'SignatureDoesNotMatch' };
    const wrongSecret = signed(key, 'GET', '/api/v1/account', { secret: `${key.secret}x` });
    expect(await rejection(wrongSecret)).toEqual(mismatch);

    const body = '{"enabled":true}';
    const put = signed(key, 'PUT', '/api/v1/users/1/programmatic-access', { body });
    expect(await rejection({ ...put, body: Buffer.from('{"enabled":false}') })).toEqual(mismatch);
    expect(await rejection({ ...put, body: Buffer.from('{ "enabled": true }') })).toEqual(mismatch);
    expect(await rejection({ ...put, path: '/api/v1/users/2/programmatic-access' })).toEqual(
      mismatch,
    );

    const get = signed(key, 'GET', '/api/v1/users?page=1');
    expect(await rejection({ ...get, query: 'page=2' })).toEqual(mismatch);
    expect(await rejection({ ...get, query: 'page=%zz' })).toEqual(mismatch);
    expect(await rejection({ ...get, headers: { ...get.headers, host: 'evil.test' } })).toEqual(
      mismatch,
    );
  });

  it('a disabled key as AccessKeyDisabled (403), at once, audited once a minute', async () => {
    const key = await keyFor();
    await authenticateApiRequest(signed(key, 'GET', '/api/v1/account'));
    await setKeyStatus(key, 'disabled');
    const now = Date.now();
    for (let i = 0; i < 5; i++) {
      expect(await rejection(signed(key, 'GET', '/api/v1/account'), now + i)).toEqual({
        status: 403,
        code: 'AccessKeyDisabled',
      });
    }
    const rows = await auditRowsFor('api.rejected_key_disabled', key.accessKeyId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorId: key.userId, ip: CONTEXT.ip, userAgent: 'vitest' });
    expect(rows[0]).toMatchObject({ targetType: 'access_key', targetId: key.accessKeyId });
    expect(JSON.parse(rows[0].detail!)).toEqual({
      method: 'GET',
      path: '/api/v1/account',
    });
    expect(rows[0].detail).not.toContain(key.secret);

    const later = now + REJECTION_AUDIT_INTERVAL_MS + 1000;
    await rejection(
      signed(key, 'GET', '/api/v1/account', { timestamp: Math.floor(later / 1000) }),
      later,
    );
    expect(await auditRowsFor('api.rejected_key_disabled', key.accessKeyId)).toHaveLength(2);

    await setKeyStatus(key, 'enabled');
    await authenticateApiRequest(signed(key, 'GET', '/api/v1/account'));
  });

  it('an account without Programmatic Access as ProgrammaticAccessDenied (403), audited', async () => {
    const key = await keyFor();
    await authenticateApiRequest(signed(key, 'GET', '/api/v1/account'));
    await getDb().update(users).set({ programmaticAccess: false }).where(eq(users.id, key.userId));
    for (let i = 0; i < 3; i++) {
      expect(await rejection(signed(key, 'GET', '/api/v1/account'))).toEqual({
        status: 403,
        code: 'ProgrammaticAccessDenied',
      });
    }
    expect(await auditRowsFor('api.rejected_programmatic_access', key.accessKeyId)).toHaveLength(1);

    await getDb().update(users).set({ programmaticAccess: true }).where(eq(users.id, key.userId));
    await authenticateApiRequest(signed(key, 'GET', '/api/v1/account'));
  });

  it('a disabled account as AccountDisabled (403)', async () => {
    const key = await keyFor();
    await getDb().update(users).set({ disabledAt: new Date() }).where(eq(users.id, key.userId));
    expect(await rejection(signed(key, 'GET', '/api/v1/account'))).toEqual({
      status: 403,
      code: 'AccountDisabled',
    });
  });

  it('sees a change made through another connection on the very next request', async () => {
    const key = await keyFor();
    const request = () => signed(key, 'GET', '/api/v1/account');
    await authenticateApiRequest(request());
    await authenticateApiRequest(request());
    // A connection of its own to the same database, as another instance or the console has.
    const other = openDatabase();
    try {
      await other.db
        .update(accessKeys)
        .set({ status: 'disabled' })
        .where(eq(accessKeys.id, key.id));
      expect(await rejection(request())).toMatchObject({ code: 'AccessKeyDisabled' });
      await other.db.update(accessKeys).set({ status: 'enabled' }).where(eq(accessKeys.id, key.id));
      await authenticateApiRequest(request());
      await other.db
        .update(users)
        .set({ programmaticAccess: false })
        .where(eq(users.id, key.userId));
      expect(await rejection(request())).toMatchObject({ code: 'ProgrammaticAccessDenied' });
      await other.db.delete(accessKeys).where(eq(accessKeys.id, key.id));
      expect(await rejection(request())).toMatchObject({ code: 'InvalidAccessKeyId' });
    } finally {
      await closeConnection(other);
    }
  });

  it('does not reveal key status before the signature is checked', async () => {
    const key = await keyFor();
    await setKeyStatus(key, 'disabled');
    const forged = signed(key, 'GET', '/api/v1/account', { secret: 'guessed' });
    expect(await rejection(forged)).toEqual({ status: 401, code: 'SignatureDoesNotMatch' });
    expect(await auditRowsFor('api.rejected_key_disabled', key.accessKeyId)).toHaveLength(0);
  });
});

describe('replay protection', () => {
  it('accepts a state-changing request once, then answers ReplayedRequest (409)', async () => {
    const key = await keyFor();
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const request = signed(key, method, '/api/v1/users/1/programmatic-access', {
        body: `{"enabled":true,"method":"${method}"}`,
      });
      await authenticateApiRequest(request);
      expect(await rejection(request)).toEqual({ status: 409, code: 'ReplayedRequest' });
    }
  });

  it('lets the same GET through again and again', async () => {
    const key = await keyFor();
    const request = signed(key, 'GET', '/api/v1/account');
    for (let i = 0; i < 3; i++) await authenticateApiRequest(request);
  });

  it('remembers signatures in the database and prunes them after the window', async () => {
    const key = await keyFor();
    const db = getDb();
    await db.insert(apiNonces).values({ signature: 'stale', expiresAt: new Date(1000) });
    const future = Date.now() + 10 * 60_000;
    const request = signed(key, 'PUT', '/api/v1/users/1/programmatic-access', {
      body: '{"enabled":false}',
      timestamp: Math.floor(future / 1000),
    });
    await authenticateApiRequest(request, future);
    const signature = request.headers.authorization!.split('Signature=')[1];
    const rows = await db.select().from(apiNonces);
    expect(rows.map((row) => row.signature)).toContain(signature);
    expect(rows.map((row) => row.signature)).not.toContain('stale');
  });
});

describe('last use', () => {
  it('records time and IP, at most once per key per 30 seconds', async () => {
    const key = await keyFor();
    expect((await readKey(key))?.lastUsedAt).toBeNull();
    const now = Date.now();
    await authenticateApiRequest(signed(key, 'GET', '/api/v1/account'), now);
    expect(await readKey(key)).toMatchObject({ lastUsedAt: new Date(now), lastUsedIp: CONTEXT.ip });

    const soon = now + LAST_USED_WRITE_INTERVAL_MS - 1000;
    await authenticateApiRequest(signed(key, 'GET', '/api/v1/account'), soon);
    expect((await readKey(key))?.lastUsedAt).toEqual(new Date(now));

    const later = now + LAST_USED_WRITE_INTERVAL_MS;
    const fromElsewhere = {
      ...signed(key, 'GET', '/api/v1/account'),
      context: { ip: '198.51.100.1', userAgent: null },
    };
    await authenticateApiRequest(fromElsewhere, later);
    expect(await readKey(key)).toMatchObject({
      lastUsedAt: new Date(later),
      lastUsedIp: '198.51.100.1',
    });
  });

  it('is not recorded for a rejected call', async () => {
    const key = await keyFor();
    await rejection(signed(key, 'GET', '/api/v1/account', { secret: 'wrong' }));
    expect((await readKey(key))?.lastUsedAt).toBeNull();
  });
});

describe('a call for a product (gateway and forward-auth)', () => {
  const product = {
    id: 4242,
    slug: 'inventory',
    enabled: true,
    upstreamUrl: 'http://127.0.0.1:9/',
    timeoutMs: 30_000,
    maxBodyBytes: 1024,
    signingSecretCiphertext: 'unused',
    previousSigningSecretCiphertext: null,
    previousSigningSecretExpiresAt: null,
  };

  it('checks the product after the key, and counts the refusal against the rate limit', async () => {
    const key = await keyFor();
    await getDb().update(accessKeys).set({ allProducts: false }).where(eq(accessKeys.id, key.id));
    const call = (target: ApiRequest['target']) => ({
      ...signed(key, 'GET', '/gateway/inventory/items'),
      target,
    });
    expect(await rejection(call({ slug: 'inventory', product }))).toEqual({
      status: 403,
      code: 'ProductAccessDenied',
    });
    expect(await rejection(call({ slug: 'inventory', product: undefined }))).toEqual({
      status: 404,
      code: 'ProductNotFound',
    });
    expect(await auditRowsFor('api.rejected_product_scope', key.accessKeyId)).toHaveLength(1);
    // The key's own state is refused first, whatever the product.
    await setKeyStatus(key, 'disabled');
    expect(await rejection(call({ slug: 'inventory', product }))).toMatchObject({
      code: 'AccessKeyDisabled',
    });
  });

  it('names a withheld body when a forward-auth signature does not match', async () => {
    const key = await keyFor();
    const request = signed(key, 'POST', '/orders', { body: '{"a":1}' });
    expect(await rejection({ ...request, body: undefined, bodyWithheld: true })).toEqual({
      status: 400,
      code: 'RequestBodyNotForwarded',
    });
  });
});
