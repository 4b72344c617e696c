import { expect, test, type APIResponse } from '@playwright/test';
import { spawn } from 'node:child_process';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db';
import { users } from '@/db/schema';
import {
  canonicalRequest,
  hashPayload,
  signRequest,
  signature,
  stringToSign,
} from '@/lib/open-api/signing';
import { findUserById } from '@/lib/users/accounts';
import {
  auditRowsFor,
  clientFor,
  insertAccessKey,
  readKey,
  setKeyStatus,
  type TestKey,
  withinOneRateWindow,
} from './api-fixtures';
import { createAccount } from './fixtures';

const BASE = process.env.E2E_BASE_URL ?? `http://127.0.0.1:${process.env.E2E_PORT ?? 3210}`;

async function keyFor(options: Parameters<typeof createAccount>[0] = {}) {
  const account = await createAccount({ prefix: 'api', ...options });
  return insertAccessKey(account.id);
}

function signed(key: TestKey, method: string, path: string, body?: string, timestamp?: number) {
  return signRequest({
    accessKeyId: key.accessKeyId,
    secret: key.secret,
    method,
    url: `${BASE}${path}`,
    body,
    timestamp,
  });
}

async function expectError(response: APIResponse, status: number, code: string) {
  expect(response.status()).toBe(status);
  const requestId = response.headers()['x-cnc-request-id'];
  expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
  const body = await response.json();
  expect(body).toEqual({ code, message: expect.any(String), requestId });
  expect(body.message).not.toMatch(/\n\s+at /);
}

test('a request signed with the SDK header set reads the account', async ({ request }) => {
  const key = await keyFor({ role: 'admin' });
  const response = await request.get('/api/v1/account', {
    headers: signed(key, 'GET', '/api/v1/account'),
  });
  expect(response.status()).toBe(200);
  expect(response.headers()['x-cnc-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  expect(await response.json()).toEqual({
    id: key.userId,
    email: expect.stringMatching(/^api-.*@example\.test$/),
    name: 'Test Admin',
    role: 'admin',
    programmaticAccess: true,
    accessKeyId: key.accessKeyId,
  });
});

test('other signed header sets with host, and mixed-case header values, are accepted', async ({
  request,
}) => {
  const key = await keyFor();
  const timestamp = String(Math.floor(Date.now() / 1000));
  const host = new URL(BASE).host;
  const headers = {
    'content-type': 'Application/JSON; Charset=UTF-8',
    host,
    'x-cnc-accesskey': key.accessKeyId,
    'x-cnc-timestamp': timestamp,
  };
  for (const names of [
    ['content-type', 'host'],
    ['host'],
    ['x-cnc-timestamp', 'host', 'x-cnc-accesskey'],
  ]) {
    const canonical = canonicalRequest({
      method: 'GET',
      path: '/api/v1/access-keys',
      query: 'view=all%20keys',
      headers,
      signedHeaders: names,
      payloadHash: hashPayload(undefined, 'GET'),
    });
    const hex = signature(key.secret, stringToSign(timestamp, canonical));
    const response = await request.get('/api/v1/access-keys?view=all%20keys', {
      headers: {
        'Content-Type': headers['content-type'],
        'x-cnc-accessKey': key.accessKeyId,
        'x-cnc-timestamp': timestamp,
        'x-cnc-auth-method': 'AKSK',
        Authorization: `CNC-HMAC-SHA256 Credential=${key.accessKeyId}, SignedHeaders=${names.join(';')}, Signature=${hex}`,
      },
    });
    expect(response.status(), names.join(';')).toBe(200);
  }
});

test('unsigned and malformed requests get MissingAuthorization', async ({ request }) => {
  const key = await keyFor();
  await expectError(await request.get('/api/v1/account'), 401, 'MissingAuthorization');
  const headers = signed(key, 'GET', '/api/v1/account');
  await expectError(
    await request.get('/api/v1/account', {
      headers: { ...headers, Authorization: headers.Authorization.replace('Signature=', 'Sig=') },
    }),
    401,
    'MissingAuthorization',
  );
  await expectError(
    await request.get('/api/v1/account', {
      headers: { ...headers, 'x-cnc-accessKey': 'AKSOMEONEELSE0000000' },
    }),
    401,
    'MissingAuthorization',
  );
});

test('unknown key, wrong secret and an old timestamp are told apart', async ({ request }) => {
  const key = await keyFor();
  const unknown = { ...key, accessKeyId: 'AKTESTNOSUCHKEY00000' };
  await expectError(
    await request.get('/api/v1/account', { headers: signed(unknown, 'GET', '/api/v1/account') }),
    401,
    'InvalidAccessKeyId',
  );
  const wrongSecret = { ...key, secret: `${key.secret}-not` };
  await expectError(
    await request.get('/api/v1/account', {
      headers: signed(wrongSecret, 'GET', '/api/v1/account'),
    }),
    401,
    'SignatureDoesNotMatch',
  );
  const tenMinutesAgo = Math.floor(Date.now() / 1000) - 600;
  await expectError(
    await request.get('/api/v1/account', {
      headers: signed(key, 'GET', '/api/v1/account', undefined, tenMinutesAgo),
    }),
    401,
    'RequestExpired',
  );
  expect((await readKey(key))?.lastUsedAt).toBeNull();
});

test('a disabled key is refused at once and audited; enabled again it works', async () => {
  const key = await keyFor();
  const client = clientFor(key, BASE);
  expect((await client.request('GET', '/api/v1/account')).status).toBe(200);

  await setKeyStatus(key, 'disabled');
  for (let i = 0; i < 3; i++) {
    const refused = await client.request('GET', '/api/v1/account');
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({ code: 'AccessKeyDisabled' });
  }
  const rows = await auditRowsFor('api.rejected_key_disabled', key.accessKeyId);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ actorId: key.userId, ip: '127.0.0.1' });

  await setKeyStatus(key, 'enabled');
  expect((await client.request('GET', '/api/v1/account')).status).toBe(200);
});

test('without Programmatic Access keys are refused; an administrator grants it through the API', async () => {
  const member = await keyFor({ programmaticAccess: false });
  const admin = await keyFor({ role: 'admin' });
  const memberClient = clientFor(member, BASE);

  const refused = await memberClient.request('GET', '/api/v1/account');
  expect(refused.status).toBe(403);
  expect(refused.json).toMatchObject({ code: 'ProgrammaticAccessDenied' });
  expect(await auditRowsFor('api.rejected_programmatic_access', member.accessKeyId)).toHaveLength(
    1,
  );

  const path = `/api/v1/users/${member.userId}/programmatic-access`;
  const granted = await clientFor(admin, BASE).request('PUT', path, { enabled: true });
  expect(granted.status).toBe(200);
  expect(granted.json).toMatchObject({ id: member.userId, programmaticAccess: true });
  const [audit] = await auditRowsFor('user.programmatic_access_granted', member.userId);
  expect(audit).toMatchObject({ actorId: admin.userId, ip: '127.0.0.1', userAgent: 'node' });
  expect((await memberClient.request('GET', '/api/v1/account')).status).toBe(200);

  const revoked = await clientFor(admin, BASE).request('PUT', path, { enabled: false });
  expect(revoked.json).toMatchObject({ programmaticAccess: false });
  expect(await auditRowsFor('user.programmatic_access_revoked', member.userId)).toHaveLength(1);
  expect((await memberClient.request('GET', '/api/v1/account')).status).toBe(403);
});

test('a disabled account cannot use its keys', async () => {
  const key = await keyFor();
  await getDb().update(users).set({ disabledAt: new Date() }).where(eq(users.id, key.userId));
  const refused = await clientFor(key, BASE).request('GET', '/api/v1/account');
  expect(refused.status).toBe(403);
  expect(refused.json).toMatchObject({ code: 'AccountDisabled' });
});

test('each AccessKey may send API_RATE_LIMIT requests per 5 minutes, then gets 429 with Retry-After', async () => {
  const limit = Number(process.env.API_RATE_LIMIT);
  const key = await keyFor();
  const other = await keyFor();
  const client = clientFor(key, BASE);
  await withinOneRateWindow();
  for (let i = 0; i < limit; i++) {
    expect((await client.request('GET', `/api/v1/account?n=${i}`)).status).toBe(200);
  }
  const limited = await client.request('GET', '/api/v1/account?n=over');
  expect(limited.status).toBe(429);
  expect(limited.json).toMatchObject({ code: 'TooManyRequests' });
  const retryAfter = Number(limited.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(300);
  // The budget belongs to the key: another key of the same server is unaffected.
  expect((await clientFor(other, BASE).request('GET', '/api/v1/account')).status).toBe(200);
});

test('a replayed PUT is refused while a repeated GET is fine', async ({ request }) => {
  const admin = await keyFor({ role: 'admin' });
  const member = await keyFor();
  const path = `/api/v1/users/${member.userId}/programmatic-access`;
  const body = '{\n  "enabled": false\n}';
  const headers = signed(admin, 'PUT', path, body);
  expect((await request.put(path, { headers, data: body })).status()).toBe(200);
  await expectError(await request.put(path, { headers, data: body }), 409, 'ReplayedRequest');

  const get = signed(admin, 'GET', '/api/v1/account');
  for (let i = 0; i < 3; i++) {
    expect((await request.get('/api/v1/account', { headers: get })).status()).toBe(200);
  }
});

test('a body over 1 MiB is refused with PayloadTooLarge', async ({ request }) => {
  const admin = await keyFor({ role: 'admin' });
  const path = `/api/v1/users/${admin.userId}/programmatic-access`;
  const body = JSON.stringify({ enabled: true, pad: 'x'.repeat(1024 * 1024) });
  await expectError(
    await request.put(path, { headers: signed(admin, 'PUT', path, body), data: body }),
    413,
    'PayloadTooLarge',
  );
  expect((await clientFor(admin, BASE).request('GET', '/api/v1/account')).status).toBe(200);
});

test('unknown APIs, wrong methods and bad input get their own codes', async ({ request }) => {
  await expectError(await request.get('/api/v1/no-such-api'), 404, 'NotFound');
  const wrongMethod = await request.post('/api/v1/account', { data: '{}' });
  await expectError(wrongMethod, 405, 'MethodNotAllowed');
  expect(wrongMethod.headers()['allow']).toBe('GET');

  const admin = clientFor(await keyFor({ role: 'admin' }), BASE);
  const bad = await admin.request('PUT', '/api/v1/users/1/programmatic-access', '{"enabled":1}');
  expect(bad.status).toBe(400);
  expect(bad.json).toMatchObject({
    code: 'InvalidParameter',
    message: 'enabled must be true or false.',
  });
  const badQuery = await admin.request('GET', '/api/v1/users?pageSize=500');
  expect(badQuery.status).toBe(400);
  expect(badQuery.json).toMatchObject({ code: 'InvalidParameter' });
  const missing = await admin.request('PUT', '/api/v1/users/99999999/programmatic-access', {
    enabled: true,
  });
  expect(missing.status).toBe(404);
  expect(missing.json).toMatchObject({ code: 'NotFound' });
});

test('administrator APIs refuse members', async () => {
  const member = await keyFor();
  const client = clientFor(member, BASE);
  const list = await client.request('GET', '/api/v1/users');
  expect(list.status).toBe(403);
  expect(list.json).toMatchObject({ code: 'Forbidden' });
  const change = await client.request('PUT', `/api/v1/users/${member.userId}/programmatic-access`, {
    enabled: false,
  });
  expect(change.status).toBe(403);
  expect((await findUserById(member.userId))?.programmaticAccess).toBe(true);
});

test('administrators page through accounts and find one by email', async () => {
  const admin = clientFor(await keyFor({ role: 'admin' }), BASE);
  const member = await createAccount({ prefix: 'findme' });
  const found = await admin.request('GET', `/api/v1/users?q=${encodeURIComponent(member.email)}`);
  expect(found.status).toBe(200);
  expect(found.json).toMatchObject({
    total: 1,
    page: 1,
    items: [{ id: member.id, email: member.email, programmaticAccess: true, disabled: false }],
  });
  const page = await admin.request('GET', '/api/v1/users?page=2&pageSize=1');
  expect(page.json).toMatchObject({ page: 2, pageSize: 1, items: [expect.any(Object)] });
});

test('a successful call records when and from where the key was last used', async () => {
  const key = await keyFor();
  const other = await insertAccessKey(key.userId);
  const before = Date.now();
  const answer = await clientFor(key, BASE).request('GET', '/api/v1/access-keys');
  expect(answer.status).toBe(200);
  const stored = await readKey(key);
  expect(stored?.lastUsedIp).toBe('127.0.0.1');
  expect(stored?.lastUsedAt?.getTime()).toBeGreaterThanOrEqual(before - 1000);

  const listed = await clientFor(other, BASE).request('GET', '/api/v1/access-keys');
  const items = (listed.json as { items: Record<string, unknown>[] }).items;
  // Newest first, as the console lists them.
  expect(items).toEqual([
    expect.objectContaining({ accessKeyId: other.accessKeyId, status: 'enabled' }),
    expect.objectContaining({ accessKeyId: key.accessKeyId, lastUsedIp: '127.0.0.1' }),
  ]);
  expect(JSON.stringify(listed.json)).not.toContain(key.secret);
});

test('the OpenAPI document is public and names every error code', async ({ request }) => {
  const response = await request.get('/api/v1/openapi.json');
  expect(response.status()).toBe(200);
  const doc = await response.json();
  expect(doc.openapi).toBe('3.1.0');
  expect(Object.keys(doc.paths)).toEqual(
    expect.arrayContaining([
      '/api/v1/account',
      '/api/v1/access-keys',
      '/api/v1/users',
      '/api/v1/users/{id}/programmatic-access',
    ]),
  );
  expect(Object.keys(doc['x-error-codes'])).toEqual(
    expect.arrayContaining([
      'MissingAuthorization',
      'InvalidAccessKeyId',
      'SignatureDoesNotMatch',
      'RequestExpired',
      'ReplayedRequest',
      'AccessKeyDisabled',
      'ProgrammaticAccessDenied',
      'PayloadTooLarge',
    ]),
  );
});

test('npm run api signs a call with the key from the environment', async () => {
  const key = await keyFor();
  const run = (env: Record<string, string>) =>
    new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'scripts/api.ts', 'GET', '/api/v1/account'],
        {
          env: { ...process.env, ...env },
        },
      );
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      child.on('close', (code) => resolve({ code, output }));
    });
  const ok = await run({
    ACCESSKEY_ID: key.accessKeyId,
    ACCESSKEY_SECRET: key.secret,
    API_BASE_URL: BASE,
  });
  expect(ok.output).toContain('HTTP 200');
  expect(ok.output).toContain(`"accessKeyId": "${key.accessKeyId}"`);
  expect(ok.code).toBe(0);

  const missing = await run({ ACCESSKEY_ID: '', ACCESSKEY_SECRET: '', API_BASE_URL: BASE });
  expect(missing.code).toBe(2);
  expect(missing.output).toContain('Set ACCESSKEY_ID and ACCESSKEY_SECRET');
});
