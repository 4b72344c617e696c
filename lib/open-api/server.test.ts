import fc from 'fast-check';
import { createServer, request as httpRequest, Agent, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { getDb, migrateDatabase } from '@/db';
import { accessKeys, mailboxMessages } from '@/db/schema';
import {
  auditRowsFor,
  clientFor,
  insertAccessKey,
  setKeyExpiry,
  setKeyStatus,
  withinOneRateWindow,
  type TestKey,
} from '@/e2e/api-fixtures';
import { flushUsage, pendingUsage } from '@/lib/usage/counter';
import { LEAK_REPORTS_PER_WINDOW, reportBucket } from './leaked-credentials';
import { ALGORITHM, signRequest } from '@/lib/open-api/signing';
import { createUser, findUserById } from '@/lib/users/accounts';
import { API_ERROR_CODES } from './errors';
import { MAX_BODY_BYTES } from './http';
import { ROUTES } from './routes';
import type { AccessKeyUsageBody } from './schemas';
import { handleFastPath } from './server';

vi.hoisted(() => {
  process.env.ACCESSKEY_MASTER_KEY = Buffer.alloc(32, 5).toString('base64');
  // The tests read the usage counts in memory, or flush them themselves.
  process.env.USAGE_FLUSH_SECONDS = '300';
});

let server: Server;
let base: string;
const agent = new Agent({ keepAlive: true, maxSockets: 4 });
let counter = 0;

async function keyFor(options: { role?: 'admin' | 'member'; programmaticAccess?: boolean } = {}) {
  counter += 1;
  const user = await createUser(
    {
      email: `server-${counter}@example.test`,
      name: `Server ${counter}`,
      role: options.role ?? 'member',
      programmaticAccess: options.programmaticAccess ?? true,
      password: null,
    },
    { actor: null, request: { ip: null, userAgent: 'vitest' } },
  );
  return insertAccessKey(user.id);
}

type Answer = { status: number; headers: Record<string, unknown>; json: unknown };

/** A raw HTTP exchange: whatever headers and body, nothing added but Host. */
function send(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: Buffer | string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, json: JSON.parse(text) });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

function signedHeaders(key: TestKey, method: string, path: string, body?: string) {
  return signRequest({
    accessKeyId: key.accessKeyId,
    secret: key.secret,
    method,
    url: `${base}${path}`,
    body,
  });
}

function expectError(answer: Answer, status: number, code: string) {
  expect(answer.status).toBe(status);
  const requestId = answer.headers['x-cnc-request-id'];
  expect(requestId).toEqual(expect.any(String));
  expect(answer.json).toEqual({ code, message: expect.stringMatching(/\.$/), requestId });
}

beforeAll(async () => {
  await migrateDatabase();
  server = createServer((req, res) => {
    // As server.ts sets it from the socket; a test names another client address with x-test-ip.
    req.headers['x-forwarded-for'] = (req.headers['x-test-ip'] as string) ?? '192.0.2.10';
    void handleFastPath(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  agent.destroy();
  await new Promise((resolve) => server.close(resolve));
});

describe('routing', () => {
  it('answers an unknown API with NotFound (404) before asking for a signature', async () => {
    expectError(await send('GET', '/api/v1/nothing-here'), 404, 'NotFound');
    expectError(await send('GET', '/api/v1/account/'), 404, 'NotFound');
  });

  it('answers a known API with the wrong method with MethodNotAllowed (405) and Allow', async () => {
    const answer = await send('DELETE', '/api/v1/account');
    expectError(answer, 405, 'MethodNotAllowed');
    expect(answer.headers.allow).toBe('GET');
    expect((await send('GET', '/api/v1/users/1/programmatic-access')).headers.allow).toBe('PUT');
  });

  it('asks for a signature on every API but the document', async () => {
    for (const route of ROUTES) {
      const path = route.path.replace('{id}', '1');
      expectError(await send(route.method, path), 401, 'MissingAuthorization');
    }
  });

  it('gives each answer its own request id, success included', async () => {
    const key = await keyFor();
    const client = clientFor(key, base);
    const first = await client.request('GET', '/api/v1/account');
    const second = await client.request('GET', '/api/v1/account');
    expect(first.status).toBe(200);
    expect(first.headers.get('x-cnc-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.headers.get('x-cnc-request-id')).not.toBe(first.headers.get('x-cnc-request-id'));
  });
});

describe('request bodies', () => {
  it('refuses a declared body over 1 MiB with PayloadTooLarge (413) and keeps serving', async () => {
    const key = await keyFor({ role: 'admin' });
    const body = `{"enabled":true,"pad":"${'x'.repeat(MAX_BODY_BYTES)}"}`;
    const path = `/api/v1/users/${key.userId}/programmatic-access`;
    const answer = await send('PUT', path, signedHeaders(key, 'PUT', path, body), body);
    expectError(answer, 413, 'PayloadTooLarge');
    expect((await clientFor(key, base).request('GET', '/api/v1/account')).status).toBe(200);
  });

  it('stops reading a chunked body once it passes 1 MiB', async () => {
    const answer = await new Promise<Answer>((resolve, reject) => {
      const req = httpRequest(`${base}/api/v1/users/1/programmatic-access`, {
        method: 'PUT',
        agent: false,
        headers: { 'transfer-encoding': 'chunked' },
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            json: JSON.parse(Buffer.concat(chunks).toString()),
          }),
        );
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(64 * 1024, 'a');
      for (let i = 0; i < 20; i++) req.write(chunk);
      req.end();
    });
    expectError(answer, 413, 'PayloadTooLarge');
  });

  it('answers a declared huge body at once and closes the connection instead of draining it', async () => {
    const answer = await new Promise<Answer>((resolve, reject) => {
      const req = httpRequest(`${base}/api/v1/users/1/programmatic-access`, {
        method: 'PUT',
        agent: false,
        headers: { 'content-length': String(64 * MAX_BODY_BYTES) },
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          req.destroy();
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            json: JSON.parse(Buffer.concat(chunks).toString()),
          });
        });
      });
      req.on('error', reject);
      req.write(Buffer.alloc(1024, 'a'));
    });
    expectError(answer, 413, 'PayloadTooLarge');
    expect(answer.headers.connection).toBe('close');
  });

  it('accepts exactly 1 MiB', async () => {
    const key = await keyFor({ role: 'admin' });
    const prefix = '{"enabled":true,"pad":"';
    const body = `${prefix}${'x'.repeat(MAX_BODY_BYTES - prefix.length - 2)}"}`;
    expect(Buffer.byteLength(body)).toBe(MAX_BODY_BYTES);
    const path = `/api/v1/users/${key.userId}/programmatic-access`;
    const answer = await send('PUT', path, signedHeaders(key, 'PUT', path, body), body);
    expect(answer.status).toBe(200);
  });
});

describe('endpoints', () => {
  it('GET /api/v1/account names the account and the key', async () => {
    const key = await keyFor();
    const answer = await clientFor(key, base).request('GET', '/api/v1/account');
    expect(answer.json).toEqual({
      id: key.userId,
      email: expect.stringContaining('@example.test'),
      name: expect.any(String),
      role: 'member',
      programmaticAccess: true,
      accessKeyId: key.accessKeyId,
    });
  });

  it("GET /api/v1/access-keys lists only the account's keys, without secrets", async () => {
    const key = await keyFor();
    const second = await insertAccessKey(key.userId, { status: 'disabled' });
    const other = await keyFor();
    const answer = await clientFor(key, base).request('GET', '/api/v1/access-keys');
    expect(answer.status).toBe(200);
    const { items } = answer.json as { items: Record<string, unknown>[] };
    // Newest first, as the console lists them.
    expect(items.map((item) => item.accessKeyId)).toEqual([second.accessKeyId, key.accessKeyId]);
    expect(items[1]).toEqual({
      accessKeyId: key.accessKeyId,
      name: null,
      description: null,
      status: 'enabled',
      createdAt: expect.stringMatching(/Z$/),
      lastUsedAt: expect.stringMatching(/Z$/),
      lastUsedIp: '192.0.2.10',
      expiresAt: null,
      expired: false,
      allowedIps: [],
      leaked: false,
      products: 'all',
    });
    expect(items[0]).toMatchObject({ status: 'disabled', lastUsedAt: null, lastUsedIp: null });
    const text = JSON.stringify(answer.json);
    for (const secret of [key.secret, second.secret, other.accessKeyId]) {
      expect(text).not.toContain(secret);
    }
  });

  it('GET /api/v1/users pages and searches for administrators only', async () => {
    const admin = await keyFor({ role: 'admin' });
    const member = await keyFor();
    const adminClient = clientFor(admin, base);
    const page = await adminClient.request('GET', '/api/v1/users?page=1&pageSize=1');
    expect(page.status).toBe(200);
    expect(page.json).toMatchObject({ page: 1, pageSize: 1, items: [expect.any(Object)] });
    const memberEmail = (await findUserById(member.userId))!.email;
    const found = await adminClient.request(
      'GET',
      `/api/v1/users?q=${encodeURIComponent(memberEmail)}`,
    );
    expect(found.json).toMatchObject({
      total: 1,
      items: [{ id: member.userId, email: memberEmail }],
    });

    for (const query of ['page=0', 'pageSize=101', 'page=abc', `q=${'x'.repeat(101)}`]) {
      const bad = await adminClient.request('GET', `/api/v1/users?${query}`);
      expect(bad.status, query).toBe(400);
      expect(bad.json).toMatchObject({ code: 'InvalidParameter' });
    }
    const refused = await clientFor(member, base).request('GET', '/api/v1/users');
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({ code: 'Forbidden' });
  });

  it('PUT /api/v1/users/{id}/programmatic-access toggles and audits as the key owner', async () => {
    const admin = await keyFor({ role: 'admin' });
    const member = await keyFor({ programmaticAccess: false });
    const client = clientFor(admin, base);
    const path = `/api/v1/users/${member.userId}/programmatic-access`;
    const granted = await client.request('PUT', path, { enabled: true });
    expect(granted.status).toBe(200);
    expect(granted.json).toMatchObject({ id: member.userId, programmaticAccess: true });
    expect((await findUserById(member.userId))?.programmaticAccess).toBe(true);
    const [row] = await auditRowsFor('user.programmatic_access_granted', member.userId);
    expect(row).toMatchObject({ actorId: admin.userId, ip: '192.0.2.10', userAgent: 'node' });

    const revoked = await client.request('PUT', path, { enabled: false });
    expect(revoked.json).toMatchObject({ programmaticAccess: false });
    expect(await auditRowsFor('user.programmatic_access_revoked', member.userId)).toHaveLength(1);
  });

  it('PUT answers InvalidParameter (400) for a bad body or id, NotFound (404) for no account', async () => {
    const admin = await keyFor({ role: 'admin' });
    const client = clientFor(admin, base);
    const path = `/api/v1/users/${admin.userId}/programmatic-access`;
    for (const body of ['', 'not json', '[]', '{"enabled":"yes"}', '{}', 'null']) {
      const answer = await client.request('PUT', path, body);
      expect(answer.status, body).toBe(400);
      expect(answer.json).toMatchObject({ code: 'InvalidParameter' });
    }
    const badId = await client.request('PUT', '/api/v1/users/abc/programmatic-access', {
      enabled: true,
    });
    expect(badId.json).toMatchObject({ code: 'InvalidParameter' });
    const missing = await client.request('PUT', '/api/v1/users/999999/programmatic-access', {
      enabled: true,
    });
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ code: 'NotFound' });
  });

  it('PUT refuses members with Forbidden (403)', async () => {
    const member = await keyFor();
    const answer = await clientFor(member, base).request(
      'PUT',
      `/api/v1/users/${member.userId}/programmatic-access`,
      { enabled: false },
    );
    expect(answer.status).toBe(403);
    expect(answer.json).toMatchObject({ code: 'Forbidden' });
    expect((await findUserById(member.userId))?.programmaticAccess).toBe(true);
  });
});

describe('usage', () => {
  const callsOf = (key: TestKey) =>
    pendingUsage()
      .rows.filter((row) => row.keyId === key.id)
      .map(({ product, calls, clientErrors, serverErrors }) => ({
        product,
        calls,
        clientErrors,
        serverErrors,
      }));

  it('counts every call whose signature checked out, by the status it got, and no other', async () => {
    const key = await keyFor();
    const client = clientFor(key, base);
    expect((await client.request('GET', '/api/v1/account')).status).toBe(200);
    expect((await client.request('GET', '/api/v1/users')).status).toBe(403);
    expect((await client.request('GET', '/api/v1/users/x/programmatic-access')).status).toBe(405);
    expect(
      (await client.request('GET', `/api/v1/access-keys/${key.accessKeyId}/usage?granularity=week`))
        .status,
    ).toBe(400);
    // Unsigned, signed with the wrong Secret, or for no API: nobody proved to be the key.
    await send('GET', '/api/v1/account', { 'x-cnc-accessKey': key.accessKeyId });
    const forged = signRequest({
      accessKeyId: key.accessKeyId,
      secret: 'not-the-secret',
      method: 'GET',
      url: `${base}/api/v1/account`,
    });
    expect((await send('GET', '/api/v1/account', forged)).status).toBe(401);
    expect(
      (await send('GET', '/api/v1/nothing', signedHeaders(key, 'GET', '/api/v1/nothing'))).status,
    ).toBe(404);
    expect(callsOf(key)).toEqual([
      { product: 'open-api', calls: 3, clientErrors: 2, serverErrors: 0 },
    ]);

    // Refused after the signature: counted as a 4xx of the key.
    await setKeyStatus(key, 'disabled');
    expect((await client.request('GET', '/api/v1/account')).status).toBe(403);
    expect(callsOf(key)).toEqual([
      { product: 'open-api', calls: 4, clientErrors: 3, serverErrors: 0 },
    ]);
  });

  it('GET /api/v1/access-keys/{id}/usage reads the series of an own key, or any for administrators', async () => {
    const key = await keyFor();
    const sibling = await insertAccessKey(key.userId);
    const stranger = await keyFor();
    const admin = await keyFor({ role: 'admin' });
    for (let i = 0; i < 3; i++) await clientFor(sibling, base).request('GET', '/api/v1/account');
    await clientFor(sibling, base).request('GET', '/api/v1/users');
    await flushUsage();

    const path = `/api/v1/access-keys/${sibling.accessKeyId}/usage`;
    const hourly = await clientFor(key, base).request('GET', path);
    expect(hourly.status).toBe(200);
    const body = hourly.json as AccessKeyUsageBody;
    expect(body).toMatchObject({
      accessKeyId: sibling.accessKeyId,
      granularity: 'hour',
      totals: { calls: 4, clientErrors: 1, serverErrors: 0 },
      byProduct: [{ product: 'open-api', calls: 4, clientErrors: 1, serverErrors: 0 }],
    });
    expect(body.buckets).toHaveLength(24);
    expect(Date.parse(body.to) - Date.parse(body.from)).toBe(24 * 3_600_000);
    expect(body.buckets.at(-1)).toMatchObject({ calls: 4, clientErrors: 1 });
    expect(Date.parse(body.buckets.at(-1)!.start)).toBeLessThanOrEqual(Date.now());

    const daily = await clientFor(admin, base).request('GET', `${path}?granularity=day`);
    expect(daily.status).toBe(200);
    expect((daily.json as AccessKeyUsageBody).buckets).toHaveLength(30);
    expect((daily.json as AccessKeyUsageBody).totals.calls).toBe(4);

    const refused = await clientFor(stranger, base).request('GET', path);
    expect(refused.status).toBe(404);
    expect(refused.json).toMatchObject({
      code: 'NotFound',
      message: 'No AccessKey of this account has this ID.',
    });
    const ranged = await clientFor(key, base).request(
      'GET',
      `${path}?from=2026-11-01&to=2026-11-03T12:30:00%2B09:00&granularity=day`,
    );
    expect(ranged.json).toMatchObject({
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-04T00:00:00.000Z',
    });
    const bad: [string, string][] = [
      ['granularity=week', 'granularity must be hour or day.'],
      [
        'from=yesterday',
        'from must be a day such as 2026-11-28 or a time such as 2026-11-28T09:00:00Z.',
      ],
      [
        'from=2026-02-30',
        'from must be a day such as 2026-11-28 or a time such as 2026-11-28T09:00:00Z.',
      ],
      ['from=2026-11-02&to=2026-11-01', 'from must be earlier than to.'],
      [
        'from=2026-11-01&to=2026-11-09',
        'At most 168 hours can be read by the hour; ask for granularity=day for a longer range.',
      ],
      [
        'from=2026-01-01&to=2026-11-01&granularity=day',
        'At most 90 days can be read by the day, as long as usage is kept.',
      ],
    ];
    for (const [query, message] of bad) {
      const answer = await clientFor(key, base).request('GET', `${path}?${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.json, query).toMatchObject({ code: 'InvalidParameter', message });
    }
  });
});

describe('key policies on the request path', () => {
  it('refuses an expired key with AccessKeyExpired (401), audited, and serves it again once extended', async () => {
    const key = await keyFor();
    const client = clientFor(key, base);
    expect((await client.request('GET', '/api/v1/account')).status).toBe(200);
    await setKeyExpiry(key, new Date(Date.now() - 1000));
    const refused = await client.request('GET', '/api/v1/account');
    expect(refused.status).toBe(401);
    expect(refused.json).toMatchObject({ code: 'AccessKeyExpired' });
    expect(await auditRowsFor('api.rejected_key_expired', key.accessKeyId)).toHaveLength(1);
    await setKeyExpiry(key, new Date(Date.now() + 60_000));
    expect((await client.request('GET', '/api/v1/account')).status).toBe(200);
  });

  it('refuses a call from outside the allow-list with SourceIpDenied (403), naming the address', async () => {
    const account = await keyFor();
    const listed = await insertAccessKey(account.userId, { allowedIps: ['192.0.2.0/24'] });
    const elsewhere = await insertAccessKey(account.userId, {
      allowedIps: ['198.51.100.0/24', '2001:db8::/32'],
    });
    expect((await clientFor(listed, base).request('GET', '/api/v1/account')).status).toBe(200);
    const refused = await clientFor(elsewhere, base).request('GET', '/api/v1/account');
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({
      code: 'SourceIpDenied',
      message: expect.stringContaining('this request came from 192.0.2.10.'),
    });
    const [audit] = await auditRowsFor('api.rejected_source_ip', elsewhere.accessKeyId);
    expect(audit).toMatchObject({ ip: '192.0.2.10', actorId: account.userId });
  });

  it('lists name, description, expiry, allow-list and leak state in GET /api/v1/access-keys', async () => {
    const key = await keyFor();
    const expiresAt = new Date(Date.now() + 86_400_000);
    await getDb()
      .update(accessKeys)
      .set({
        name: 'deploy bot',
        description: 'CI pipeline',
        expiresAt,
        allowedIps: JSON.stringify(['192.0.2.0/24']),
      })
      .where(eq(accessKeys.id, key.id));
    const answer = await clientFor(key, base).request('GET', '/api/v1/access-keys');
    expect((answer.json as { items: unknown[] }).items[0]).toMatchObject({
      name: 'deploy bot',
      description: 'CI pipeline',
      expiresAt: expiresAt.toISOString(),
      expired: false,
      allowedIps: ['192.0.2.0/24'],
      leaked: false,
    });
  });
});

describe('POST /api/v1/leaked-credentials', () => {
  const report = (body: unknown, ip = '198.51.100.7') =>
    send(
      'POST',
      '/api/v1/leaked-credentials',
      { 'content-type': 'application/json', 'x-test-ip': ip },
      typeof body === 'string' ? body : JSON.stringify(body),
    );

  it('disables a reported key at once, marks it leaked, audits the URL and mails the owner', async () => {
    const key = await keyFor();
    const other = await insertAccessKey(key.userId, { formatted: true });
    const answer = await report([
      { secret: key.secret, url: 'https://gist.example/abc' },
      { secret: 'not-a-secret-of-ours' },
    ]);
    expect(answer.status).toBe(202);
    expect(answer.json).toEqual({ received: 2 });
    expect(answer.headers['x-cnc-request-id']).toEqual(expect.any(String));
    expect(JSON.stringify(answer)).not.toContain(key.secret);

    const [row] = await getDb().select().from(accessKeys).where(eq(accessKeys.id, key.id));
    expect(row).toMatchObject({ status: 'disabled', leakedAt: expect.any(Date) });
    const [audit] = await auditRowsFor('access_key.leaked', key.accessKeyId);
    expect(audit).toMatchObject({ actorId: null, ip: '198.51.100.7' });
    expect(JSON.parse(audit.detail!)).toMatchObject({
      ownerId: key.userId,
      via: 'report',
      url: 'https://gist.example/abc',
      from: 'enabled',
      to: 'disabled',
    });
    expect(audit.detail).not.toContain(key.secret);
    // The other key of the account is untouched.
    expect((await clientFor(other, base).request('GET', '/api/v1/account')).status).toBe(200);
    // Signed calls with the leaked key are refused, saying why.
    const refused = await clientFor(key, base).request('GET', '/api/v1/account');
    expect(refused.json).toMatchObject({
      code: 'AccessKeyDisabled',
      message: expect.stringContaining('leaked'),
    });
    const owner = (await findUserById(key.userId))!;
    await vi.waitFor(async () => {
      const mails = await getDb()
        .select()
        .from(mailboxMessages)
        .where(eq(mailboxMessages.to, owner.email));
      expect(mails.map((mail) => mail.subject)).toEqual([
        `Your AccessKey ${key.accessKeyId} leaked and was disabled`,
      ]);
      expect(mails[0].text).toContain('https://gist.example/abc');
      expect(mails[0].text).not.toContain(key.secret);
    });
  });

  it('answers the same 202 whether anything matched, and a second report changes nothing', async () => {
    const key = await insertAccessKey((await keyFor()).userId, { formatted: true });
    const first = await report([{ secret: key.secret, url: 'https://a.example' }]);
    const again = await report([{ secret: key.secret, url: 'https://b.example' }]);
    const nothing = await report([{ secret: `${key.secret.slice(0, -1)}x`, url: null }]);
    for (const answer of [first, again, nothing]) {
      expect(answer.status).toBe(202);
      expect(answer.json).toEqual({ received: 1 });
    }
    expect(await auditRowsFor('access_key.leaked', key.accessKeyId)).toHaveLength(1);
  });

  it('needs no signature and refuses what is not a list of reports', async () => {
    for (const body of ['', 'not json', '{}', '{"secret":"x"}', '[]', '[{"url":"x"}]', '[1]']) {
      const answer = await report(body);
      expect(answer.status, body).toBe(400);
      expect(answer.json).toMatchObject({ code: 'InvalidParameter' });
    }
    const tooMany = Array.from({ length: 101 }, (_, index) => ({ secret: `s${index}` }));
    expect((await report(tooMany)).json).toMatchObject({
      code: 'InvalidParameter',
      message: 'The list holds at most 100 reports.',
    });
    const wrongMethod = await send('GET', '/api/v1/leaked-credentials');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe('POST');
  });

  it('refuses a body over 64 KiB with PayloadTooLarge (413)', async () => {
    const big = JSON.stringify([{ secret: 'x', url: 'u'.repeat(64 * 1024) }]);
    const answer = await report(big, '198.51.100.8');
    expect(answer.status).toBe(413);
    expect(answer.json).toMatchObject({
      code: 'PayloadTooLarge',
      message: 'The request body is larger than 64 KiB, the limit of a leak report.',
    });
  });

  it(`takes ${LEAK_REPORTS_PER_WINDOW} requests per address per window, then 429 with Retry-After`, async () => {
    await withinOneRateWindow(5_000);
    const body = [{ secret: 'nothing-to-find' }];
    for (let index = 0; index < LEAK_REPORTS_PER_WINDOW; index++) {
      expect((await report(body, '203.0.113.50')).status).toBe(202);
    }
    const limited = await report(body, '203.0.113.50');
    expect(limited.status).toBe(429);
    expect(limited.json).toMatchObject({ code: 'TooManyRequests' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another address has its own budget.
    expect((await report(body, '203.0.113.51')).status).toBe(202);
  });

  it('counts IPv6 reporters by their /64, IPv4-mapped ones as IPv4', () => {
    expect(reportBucket('2001:db8:1:2:aaaa::1')).toBe(reportBucket('2001:db8:1:2:bbbb::9'));
    expect(reportBucket('2001:db8:1:2::1')).not.toBe(reportBucket('2001:db8:1:3::1'));
    expect(reportBucket('2001:db8:1:2::1')).toBe('leak-report:2001:db8:1:2::/64');
    expect(reportBucket('::ffff:203.0.113.9')).toBe('leak-report:203.0.113.9');
    expect(reportBucket(null)).toBe('leak-report:unknown');
  });
});

describe('products', () => {
  it('are registered, read, changed, rotated and deleted by administrator keys only', async () => {
    const admin = clientFor(await keyFor({ role: 'admin' }), base);
    const member = clientFor(await keyFor(), base);
    const fields = {
      slug: 'api-orders',
      name: 'Orders',
      upstreamUrl: 'https://orders.internal/v1',
    };

    const created = await admin.request('POST', '/api/v1/products', fields);
    expect(created.status).toBe(200);
    expect(created.json).toEqual({
      ...fields,
      description: '',
      timeoutMs: 30_000,
      maxBodyBytes: 10 * 1024 * 1024,
      enabled: true,
      signingSecret: expect.stringMatching(/^gws_[A-Za-z0-9_-]{43}$/),
    });
    const { signingSecret } = created.json as { signingSecret: string };
    // Another body, so the call is not a replay of the first within the same second.
    const again = await admin.request('POST', '/api/v1/products', { ...fields, name: 'Again' });
    expect(again.json).toMatchObject({ code: 'Conflict' });
    const badUrl = await admin.request('POST', '/api/v1/products', {
      ...fields,
      slug: 'api-bad',
      upstreamUrl: 'https://user:pw@x.internal/',
    });
    expect(badUrl.status).toBe(400);
    expect(badUrl.json).toMatchObject({
      code: 'InvalidParameter',
      message: expect.stringContaining('user name or password'),
    });

    const listed = await admin.request('GET', '/api/v1/products');
    expect(JSON.stringify(listed.json)).not.toContain(signingSecret);
    expect((listed.json as { items: { slug: string }[] }).items.map((p) => p.slug)).toContain(
      'api-orders',
    );
    const one = await admin.request('GET', '/api/v1/products/api-orders');
    expect(one.json).toMatchObject({ slug: 'api-orders', enabled: true });
    expect(one.json).not.toHaveProperty('signingSecret');

    const patched = await admin.request('PATCH', '/api/v1/products/api-orders', {
      enabled: false,
      timeoutMs: 5000,
    });
    expect(patched.json).toMatchObject({ enabled: false, timeoutMs: 5000 });

    const rotated = await admin.request(
      'POST',
      '/api/v1/products/api-orders/rotate-signing-secret',
    );
    expect(rotated.json).toMatchObject({
      slug: 'api-orders',
      signingSecret: expect.stringMatching(/^gws_/),
      previousSigningSecretValidUntil: expect.stringMatching(/Z$/),
    });
    expect((rotated.json as { signingSecret: string }).signingSecret).not.toBe(signingSecret);

    for (const [method, path] of [
      ['GET', '/api/v1/products'],
      ['POST', '/api/v1/products'],
      ['GET', '/api/v1/products/api-orders'],
      ['PATCH', '/api/v1/products/api-orders'],
      ['DELETE', '/api/v1/products/api-orders'],
      ['POST', '/api/v1/products/api-orders/rotate-signing-secret'],
    ] as const) {
      const refused = await member.request(
        method,
        path,
        method === 'GET' ? undefined : { enabled: true },
      );
      expect(refused.json, `${method} ${path}`).toMatchObject({ code: 'Forbidden' });
    }

    const deleted = await admin.request('DELETE', '/api/v1/products/api-orders');
    expect(deleted.json).toEqual({ slug: 'api-orders', deleted: true });
    const gone = await admin.request('GET', '/api/v1/products/api-orders');
    expect(gone.status).toBe(404);
    expect(gone.json).toMatchObject({ code: 'ProductNotFound' });
  });
});

describe('GET /api/v1/openapi.json', () => {
  it('describes every route, the signature scheme and every error code, unsigned', async () => {
    const answer = await send('GET', '/api/v1/openapi.json');
    expect(answer.status).toBe(200);
    const doc = answer.json as {
      openapi: string;
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.CncHmacSha256).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'Authorization',
    });
    for (const route of ROUTES) {
      expect(doc.paths[route.path]?.[route.method.toLowerCase()]?.responses).toHaveProperty('200');
    }
    const text = JSON.stringify(doc);
    for (const code of API_ERROR_CODES) expect(text).toContain(`"${code}"`);
    expect(doc.components.schemas).toHaveProperty('Error');
  });
});

describe('whatever arrives', () => {
  it('never answers with a 5xx, and always with a JSON error carrying the request id', async () => {
    const key = await keyFor({ role: 'admin' });
    const now = Math.floor(Date.now() / 1000);
    const fragment = fc.constantFrom(
      ALGORITHM,
      ' ',
      ',',
      '=',
      ';',
      'Credential',
      'SignedHeaders',
      'Signature',
      'host',
      'content-type',
      key.accessKeyId,
      'a'.repeat(64),
      '0',
    );
    const printable = fc.string({
      unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
    });
    const request = fc.record({
      method: fc.constantFrom('GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'),
      path: fc.oneof(
        fc.constantFrom(...ROUTES.map((route) => route.path.replace('{id}', String(key.userId)))),
        fc.constantFrom('/api/v1/users/x/programmatic-access', '/api/v1/', '/api/v1/%zz'),
        printable.map((tail) => `/api/v1/${encodeURIComponent(tail)}`),
      ),
      query: fc.oneof(
        fc.constant(''),
        printable.map((q) => `?${q.replace(/[#\s]/g, '')}`),
      ),
      authorization: fc.option(fc.oneof(printable, fc.string({ unit: fragment })), {
        nil: undefined,
      }),
      accessKey: fc.option(fc.oneof(fc.constant(key.accessKeyId), printable), { nil: undefined }),
      timestamp: fc.option(
        fc.oneof(
          fc.integer({ min: now - 600, max: now + 600 }).map(String),
          printable,
          fc.constantFrom('1e3', '-1', '99999999999999999999'),
        ),
        { nil: undefined },
      ),
      contentType: fc.option(printable, { nil: undefined }),
      body: fc.option(fc.oneof(printable, fc.json(), fc.uint8Array({ maxLength: 512 })), {
        nil: undefined,
      }),
    });
    await fc.assert(
      fc.asyncProperty(request, async (input) => {
        const headers: Record<string, string> = {};
        if (input.authorization !== undefined) headers.authorization = input.authorization;
        if (input.accessKey !== undefined) headers['x-cnc-accessKey'] = input.accessKey;
        if (input.timestamp !== undefined) headers['x-cnc-timestamp'] = input.timestamp;
        if (input.contentType !== undefined) headers['content-type'] = input.contentType;
        const body = input.body instanceof Uint8Array ? Buffer.from(input.body) : input.body;
        const answer = await sendLoosely(input.method, input.path + input.query, headers, body);
        expect(answer.status).toBeGreaterThanOrEqual(200);
        expect(answer.status).toBeLessThan(500);
        if (answer.status >= 400 && input.method !== 'HEAD') {
          expect(answer.json).toMatchObject({ requestId: answer.headers['x-cnc-request-id'] });
        }
      }),
      { numRuns: 400 },
    );
  });

  it('never answers a validly signed call with random parameters with a 5xx', async () => {
    const admin = await keyFor({ role: 'admin' });
    const client = clientFor(admin, base);
    const target = fc.oneof(
      fc.string({ maxLength: 20 }).map((q) => `/api/v1/users?q=${encodeURIComponent(q)}`),
      fc
        .tuple(
          fc.oneof(fc.integer().map(String), fc.constantFrom('1', 'abc', '0', '-1')),
          fc.string(),
        )
        .map(([page, size]) => `/api/v1/users?page=${page}&pageSize=${encodeURIComponent(size)}`),
    );
    await fc.assert(
      fc.asyncProperty(target, async (path) => {
        const answer = await client.request('GET', path);
        expect([200, 400]).toContain(answer.status);
      }),
      {
        numRuns: 150,
        // Always tried: a NUL character, which SQLite compares and PostgreSQL refuses in text.
        examples: [['/api/v1/users?q=%00'], ['/api/v1/users?q=nul%00byte']],
      },
    );
    const bodies = fc.oneof(
      fc.json(),
      fc.string(),
      fc.anything().map((value) => JSON.stringify(value) ?? ''),
    );
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        const answer = await client.request(
          'PUT',
          `/api/v1/users/${admin.userId}/programmatic-access`,
          body,
        );
        // The same body signed in the same second is the same request: a replay.
        expect([200, 400, 409]).toContain(answer.status);
      }),
      { numRuns: 150 },
    );
  });
});

/** Like send, but tolerates answers without a JSON body (HEAD) and headers node refuses to send. */
async function sendLoosely(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: Buffer | string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let req;
    try {
      req = httpRequest(`${base}${path}`, { method, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            json: text ? JSON.parse(text) : null,
          });
        });
      });
    } catch {
      // node itself refuses some header values and paths; nothing reached the server
      return resolve({ status: 200, headers: {}, json: null });
    }
    req.on('error', reject);
    // Without a length node streams an OPTIONS or DELETE body unframed, which no server can parse.
    if (body !== undefined && method !== 'GET' && method !== 'HEAD') {
      req.setHeader('content-length', Buffer.byteLength(body));
      req.end(body);
    } else {
      req.end();
    }
  });
}
