import { expect, test } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApiClient } from '@/lib/open-api/client';
import { startIsolatedServer } from './admin-fixtures';
import {
  auditRowsFor,
  clientFor,
  insertAccessKey,
  readKey,
  setKeyExpiry,
  type TestKey,
} from './api-fixtures';
import { createAccount, mailsTo, waitLongerForWrites } from './fixtures';

// Other specs write large batches (100,000 seeded accounts); wait for them rather than fail.
test.beforeAll(() => waitLongerForWrites());

const BASE = process.env.E2E_BASE_URL ?? `http://127.0.0.1:${process.env.E2E_PORT ?? 3210}`;

async function keyFor(options: Parameters<typeof insertAccessKey>[1] = {}) {
  const account = await createAccount({ prefix: 'policy' });
  return { account, key: await insertAccessKey(account.id, options) };
}

async function call(key: TestKey, base = BASE) {
  const answer = await clientFor(key, base).request('GET', '/api/v1/account');
  return { status: answer.status, ...(answer.json as { code?: string; message?: string }) };
}

test('an expired key is refused with AccessKeyExpired from the moment it expires, and listed still', async () => {
  const { key } = await keyFor({ expiresAt: new Date(Date.now() + 60 * 60_000) });
  expect((await call(key)).status).toBe(200);
  // Time is moved through the database, never waited for.
  await setKeyExpiry(key, new Date(Date.now() - 1000));
  expect(await call(key)).toMatchObject({ status: 401, code: 'AccessKeyExpired' });
  expect(await auditRowsFor('api.rejected_key_expired', key.accessKeyId)).toHaveLength(1);
  // Another key of the same account still lists the expired one, marked so.
  const other = await insertAccessKey(key.userId);
  const listed = await clientFor(other, BASE).request('GET', '/api/v1/access-keys');
  expect((listed.json as { items: unknown[] }).items).toContainEqual(
    expect.objectContaining({ accessKeyId: key.accessKeyId, expired: true }),
  );
});

test('an IPv4 allow-list lets in the listed address and refuses others with SourceIpDenied', async () => {
  const account = await createAccount({ prefix: 'policy-ip' });
  const listed = await insertAccessKey(account.id, { allowedIps: ['127.0.0.1'] });
  const range = await insertAccessKey(account.id, { allowedIps: ['127.0.0.0/8'] });
  const elsewhere = await insertAccessKey(account.id, {
    allowedIps: ['192.0.2.0/24', '2001:db8::/32'],
  });
  expect((await call(listed)).status).toBe(200);
  expect((await call(range)).status).toBe(200);
  const refused = await call(elsewhere);
  expect(refused).toMatchObject({ status: 403, code: 'SourceIpDenied' });
  expect(refused.message).toContain('this request came from 127.0.0.1.');
  const [audit] = await auditRowsFor('api.rejected_source_ip', elsewhere.accessKeyId);
  expect(audit).toMatchObject({ ip: '127.0.0.1' });
});

test('over IPv6 loopback, and IPv4 arriving on a dual-stack socket as ::ffff:127.0.0.1', async () => {
  test.setTimeout(120_000);
  // A console of its own listening on every IPv6 and IPv4 address, so both loopbacks reach it.
  const server = await startIsolatedServer({ env: { HOST: '::' } });
  try {
    const [{ id: userId }] = await server.query<{ id: number }>(
      `select id from users where email = '${server.admin.email}'`,
    );
    const keys = await createKeysOn(server, userId, {
      v6: ['::1'],
      v4: ['127.0.0.1'],
      v4range: ['127.0.0.0/8'],
      none: ['192.0.2.1'],
    });
    const v6Base = `http://[::1]:${server.port}`;
    const v4Base = `http://127.0.0.1:${server.port}`;
    expect((await call(keys.v6, v6Base)).status).toBe(200);
    expect(await call(keys.v6, v4Base)).toMatchObject({ status: 403, code: 'SourceIpDenied' });
    expect((await call(keys.v4, v4Base)).status).toBe(200);
    expect((await call(keys.v4range, v4Base)).status).toBe(200);
    const fromV6 = await call(keys.v4, v6Base);
    expect(fromV6).toMatchObject({ status: 403, code: 'SourceIpDenied' });
    expect(fromV6.message).toContain('this request came from ::1.');
    const fromV4 = await call(keys.none, v4Base);
    // The address as the socket reported it; the list matched its IPv4 form.
    expect(fromV4.message).toContain('this request came from ::ffff:127.0.0.1.');
  } finally {
    await server.stop();
  }
});

/**
 * Keys with allow-lists on an isolated server, created through the operator's own path: its
 * database (the test's connection writes to the run's database only).
 */
async function createKeysOn<Name extends string>(
  server: Awaited<ReturnType<typeof startIsolatedServer>>,
  userId: number,
  lists: Record<Name, string[]>,
): Promise<Record<Name, TestKey>> {
  const script = `
    const { insertAccessKey } = require('./e2e/api-fixtures');
    const { closeDatabase } = require('@/db');
    (async () => {
      const lists = ${JSON.stringify(lists)};
      const out = {};
      for (const [name, allowedIps] of Object.entries(lists)) {
        out[name] = await insertAccessKey(${userId}, { allowedIps, formatted: true });
      }
      await closeDatabase();
      process.stdout.write(JSON.stringify(out));
    })();`;
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], {
      env: {
        ...process.env,
        DATA_DIR: server.dataDir,
        DATABASE_URL: server.database.url,
        ACCESSKEY_MASTER_KEY: Buffer.alloc(32, 9).toString('base64'),
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(stderr))));
  });
  return JSON.parse(output) as Record<Name, TestKey>;
}

test('a leak report disables the key at once, says nothing, and mails the owner what to do', async () => {
  const { account, key } = await keyFor({ formatted: true });
  const second = await insertAccessKey(account.id);
  expect((await call(key)).status).toBe(200);
  const report = (body: unknown) =>
    fetch(`${BASE}/api/v1/leaked-credentials`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  const answer = await report([
    { secret: key.secret, url: 'https://gist.example.test/leak' },
    { secret: 'akcsk_not-really-a-secret' },
  ]);
  expect(answer.status).toBe(202);
  const text = await answer.text();
  expect(JSON.parse(text)).toEqual({ received: 2 });
  expect(text).not.toContain(key.secret);
  // The same answer when nothing matches.
  const nothing = await report([{ secret: 'nothing-here', url: 'https://example.test' }]);
  expect(nothing.status).toBe(202);
  expect(await nothing.json()).toEqual({ received: 1 });

  expect(await readKey(key)).toMatchObject({ status: 'disabled', leakedAt: expect.any(Date) });
  expect(await call(key)).toMatchObject({
    status: 403,
    code: 'AccessKeyDisabled',
    message: expect.stringContaining('leaked'),
  });
  expect((await call(second)).status).toBe(200);
  const [audit] = await auditRowsFor('access_key.leaked', key.accessKeyId);
  expect(JSON.parse(audit.detail!)).toMatchObject({ url: 'https://gist.example.test/leak' });

  await expect
    .poll(async () => (await mailsTo(account.email)).map((mail) => mail.subject))
    .toEqual([`Your AccessKey ${key.accessKeyId} leaked and was disabled`]);
  const [mail] = await mailsTo(account.email);
  expect(mail.text).toContain('https://gist.example.test/leak');
  expect(mail.text).toContain('Create a new AccessKey');
  expect(mail.text).not.toContain(key.secret);
});

test('a leak report over 64 KiB is refused with PayloadTooLarge', async () => {
  const answer = await fetch(`${BASE}/api/v1/leaked-credentials`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify([{ secret: 'x', url: 'u'.repeat(65 * 1024) }]),
  });
  expect(answer.status).toBe(413);
  expect(await answer.json()).toMatchObject({ code: 'PayloadTooLarge' });
});

test('scan finds a Secret planted in a tree and --disable disables its key', async () => {
  const { account, key } = await keyFor({ formatted: true });
  const root = mkdtempSync(path.join(tmpdir(), 'accesskey-e2e-scan-'));
  mkdirSync(path.join(root, 'src', 'config'), { recursive: true });
  mkdirSync(path.join(root, 'node_modules', 'dep'), { recursive: true });
  writeFileSync(
    path.join(root, 'src', 'config', 'prod.env'),
    `REGION=eu\nACCESSKEY_ID=${key.accessKeyId}\nACCESSKEY_SECRET=${key.secret}\n`,
  );
  writeFileSync(path.join(root, 'node_modules', 'dep', 'leak.js'), key.secret);
  const outside = mkdtempSync(path.join(tmpdir(), 'accesskey-e2e-outside-'));
  writeFileSync(path.join(outside, 'other.txt'), key.secret);
  symlinkSync(outside, path.join(root, 'escape'));

  const scan = (...args: string[]) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'scripts/admin.ts', 'scan', ...args],
        {
          env: process.env,
        },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });

  const found = await scan(root);
  expect(found.code, found.stderr).toBe(3);
  expect(found.stdout).toContain(
    `${root}/src/config/prod.env:3\t${key.accessKeyId}\t${account.email}\tenabled`,
  );
  expect(found.stdout).not.toContain('node_modules');
  expect(found.stdout).not.toContain('escape');
  expect(found.stdout + found.stderr).not.toContain(key.secret);
  expect((await call(key)).status).toBe(200);

  const disabled = await scan(root, '--disable');
  expect(disabled.code, disabled.stderr).toBe(3);
  expect(disabled.stdout).toContain(`Disabled ${key.accessKeyId} of ${account.email}`);
  expect(await call(key)).toMatchObject({ status: 403, code: 'AccessKeyDisabled' });
  const [audit] = await auditRowsFor('access_key.leaked', key.accessKeyId);
  expect(JSON.parse(audit.detail!)).toMatchObject({
    via: 'scan',
    url: `${root}/src/config/prod.env:3`,
  });
  await expect
    .poll(async () => (await mailsTo(account.email)).map((mail) => mail.subject))
    .toEqual([`Your AccessKey ${key.accessKeyId} leaked and was disabled`]);

  const clean = mkdtempSync(path.join(tmpdir(), 'accesskey-e2e-clean-'));
  writeFileSync(path.join(clean, 'readme.txt'), 'nothing to see\n');
  expect((await scan(clean)).code).toBe(0);
});

test('the Open API lists names, descriptions, expiry and allow-lists', async () => {
  const { key } = await keyFor({ allowedIps: ['127.0.0.1', '::1'] });
  const answer = await createApiClient({ baseUrl: BASE, ...key }).request(
    'GET',
    '/api/v1/access-keys',
  );
  expect((answer.json as { items: unknown[] }).items).toEqual([
    expect.objectContaining({
      accessKeyId: key.accessKeyId,
      name: null,
      expiresAt: null,
      expired: false,
      allowedIps: ['127.0.0.1', '::1'],
      leaked: false,
    }),
  ]);
});
