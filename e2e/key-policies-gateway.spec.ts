import { expect, test } from '@playwright/test';
import { existsSync } from 'node:fs';
import { signRequest } from '@/lib/open-api/signing';
import { auditRowsFor, insertAccessKey, setKeyExpiry, type TestKey } from './api-fixtures';
import { createAccount, waitLongerForWrites } from './fixtures';
import { createTestProduct, NGINX, startNginx, startUpstream } from './gateway-fixtures';

// A key's expiry and IP allow-list apply wherever the key is used: the gateway and forward-auth run
// the same request check as the Open API (lib/open-api/check.ts). The test server sees every call
// from 127.0.0.1.
const BASE = process.env.E2E_BASE_URL ?? `http://127.0.0.1:${process.env.E2E_PORT ?? 3210}`;

test.beforeAll(() => waitLongerForWrites());

async function keysFor(
  prefix: string,
  lists: Record<string, Parameters<typeof insertAccessKey>[1]>,
) {
  const account = await createAccount({ prefix });
  const keys: Record<string, TestKey> = {};
  for (const [name, options] of Object.entries(lists)) {
    keys[name] = await insertAccessKey(account.id, options);
  }
  return keys;
}

function signed(key: TestKey, url: string) {
  return signRequest({ accessKeyId: key.accessKeyId, secret: key.secret, method: 'GET', url });
}

/** A signed GET through the built-in gateway. */
async function viaGateway(key: TestKey, slug: string) {
  const url = `${BASE}/gateway/${slug}/orders?id=7`;
  const answer = await fetch(url, { headers: signed(key, url) });
  return {
    status: answer.status,
    ...((await answer.json()) as { code?: string; message?: string }),
  };
}

/** Forward-auth as a proxy asks it: the client's signed request described by X-Original-*. */
async function viaAuthorize(key: TestKey, slug: string) {
  const original = '/v1/orders?id=7';
  const answer = await fetch(`${BASE}/api/v1/authorize`, {
    headers: {
      ...signed(key, `${BASE}${original}`),
      'X-Original-Method': 'GET',
      'X-Original-URI': original,
      'X-Gateway-Product': slug,
    },
  });
  return {
    status: answer.status,
    ...((await answer.json()) as { code?: string; message?: string }),
  };
}

test('a key limited to other addresses is refused with SourceIpDenied at the gateway and at authorize; a listed one passes', async () => {
  const upstream = await startUpstream();
  try {
    const product = await createTestProduct('policy-ip', upstream.url);
    const keys = await keysFor('policy-gw-ip', {
      listed: { allowedIps: ['127.0.0.1'] },
      range: { allowedIps: ['127.0.0.0/8', '::1'] },
      elsewhere: { allowedIps: ['192.0.2.0/24', '2001:db8::/32'] },
    });
    expect((await viaGateway(keys.listed, product.slug)).status).toBe(200);
    expect((await viaAuthorize(keys.range, product.slug)).status).toBe(200);
    expect(upstream.seen).toHaveLength(1);

    for (const refused of [
      await viaGateway(keys.elsewhere, product.slug),
      await viaAuthorize(keys.elsewhere, product.slug),
    ]) {
      expect(refused).toMatchObject({ status: 403, code: 'SourceIpDenied' });
      expect(refused.message).toContain('this request came from 127.0.0.1.');
    }
    // Nothing of the refused calls reached the upstream.
    expect(upstream.seen).toHaveLength(1);
    const [audit] = await auditRowsFor('api.rejected_source_ip', keys.elsewhere.accessKeyId);
    expect(audit).toMatchObject({ ip: '127.0.0.1' });
    expect(JSON.parse(audit.detail!)).toMatchObject({ product: product.slug });
  } finally {
    await upstream.stop();
  }
});

test('an expired key is refused with AccessKeyExpired at the gateway and at authorize', async () => {
  const upstream = await startUpstream();
  try {
    const product = await createTestProduct('policy-expiry', upstream.url);
    const { key } = await keysFor('policy-gw-expiry', {
      key: { expiresAt: new Date(Date.now() + 60 * 60_000) },
    });
    expect((await viaGateway(key, product.slug)).status).toBe(200);
    expect((await viaAuthorize(key, product.slug)).status).toBe(200);
    // Time is moved through the database, never waited for.
    await setKeyExpiry(key, new Date(Date.now() - 1000));
    expect(await viaGateway(key, product.slug)).toMatchObject({
      status: 401,
      code: 'AccessKeyExpired',
    });
    expect(await viaAuthorize(key, product.slug)).toMatchObject({
      status: 401,
      code: 'AccessKeyExpired',
    });
    expect(upstream.seen).toHaveLength(1);
    expect(await auditRowsFor('api.rejected_key_expired', key.accessKeyId)).toHaveLength(1);
  } finally {
    await upstream.stop();
  }
});

test('behind nginx auth_request: an expired key gets 401, a key from elsewhere 403, neither reaches the upstream', async () => {
  expect(existsSync(NGINX), `${NGINX} is missing: apt-get install nginx`).toBe(true);
  const upstream = await startUpstream();
  const product = await createTestProduct('policy-nginx', upstream.url);
  const nginx = await startNginx({ console: BASE, upstream: upstream.url, product: product.slug });
  try {
    const keys = await keysFor('policy-nginx', {
      listed: { allowedIps: ['127.0.0.1'] },
      elsewhere: { allowedIps: ['192.0.2.0/24'] },
      expired: { expiresAt: new Date(Date.now() - 1000) },
    });
    const url = `${nginx.url}/v1/orders?id=7`;
    const status = async (key: TestKey) => (await fetch(url, { headers: signed(key, url) })).status;
    // nginx passes the console's 401 and 403 on; its own page carries no code.
    expect(await status(keys.listed)).toBe(200);
    expect(await status(keys.elsewhere)).toBe(403);
    expect(await status(keys.expired)).toBe(401);
    expect(upstream.seen).toHaveLength(1);
    // The console's audit names the reason; with TRUST_PROXY off it saw nginx's own address.
    const [denied] = await auditRowsFor('api.rejected_source_ip', keys.elsewhere.accessKeyId);
    expect(denied).toMatchObject({ ip: '127.0.0.1' });
    expect(await auditRowsFor('api.rejected_key_expired', keys.expired.accessKeyId)).toHaveLength(
      1,
    );
  } finally {
    await nginx.stop();
    await upstream.stop();
  }
});
