import { expect, test } from '@playwright/test';
import { setAccessKeyScope } from '@/lib/access-keys/keys';
import { verifyGatewaySignature } from '@/lib/gateway/identity';
import { createApiClient } from '@/lib/open-api/client';
import { signRequest } from '@/lib/open-api/signing';
import { updateProduct } from '@/lib/products/products';
import { setProgrammaticAccess } from '@/lib/users/accounts';
import { insertAccessKey, setKeyStatus } from './api-fixtures';
import { createAccount, latestCode, mailsTo, signIn, waitLongerForWrites } from './fixtures';
import { createTestProduct, freePort, sha256, startUpstream } from './gateway-fixtures';

const BASE = process.env.E2E_BASE_URL ?? `http://127.0.0.1:${process.env.E2E_PORT ?? 3210}`;
const SEED = { actor: null, request: { ip: '127.0.0.1', userAgent: 'e2e' } };

test.beforeAll(() => waitLongerForWrites());

async function memberKey() {
  const member = await createAccount({ prefix: 'gateway' });
  return { member, key: await insertAccessKey(member.id) };
}

function client(key: { accessKeyId: string; secret: string }) {
  return createApiClient({ baseUrl: BASE, accessKeyId: key.accessKeyId, secret: key.secret });
}

test('a signed call reaches the upstream with identity headers, signed by the product, and nothing of the Secret', async () => {
  const upstream = await startUpstream();
  try {
    const product = await createTestProduct('orders', `${upstream.url}/v1`);
    const { member, key } = await memberKey();
    const path = `/gateway/${product.slug}/orders/7?expand=items&q=a%20b`;
    const headers = {
      ...signRequest({
        accessKeyId: key.accessKeyId,
        secret: key.secret,
        method: 'GET',
        url: `${BASE}${path}`,
      }),
      'X-Account-Id': '1',
      'X-Account-Role': 'admin',
      'X-AccessKey-Id': 'AKSPOOFED',
      'X-Gateway-Signature': 'f'.repeat(64),
    };
    const answer = await fetch(`${BASE}${path}`, { headers });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({
      upstream: true,
      url: '/v1/orders/7?expand=items&q=a%20b',
    });

    const seen = upstream.last()!;
    expect(seen.headers).toMatchObject({
      'x-accesskey-id': key.accessKeyId,
      'x-account-id': String(member.id),
      'x-account-email': member.email,
      'x-account-role': 'member',
      'x-request-id': answer.headers.get('x-cnc-request-id'),
    });
    expect(
      Object.keys(seen.headers).filter((name) => /^(authorization|x-cnc-)/.test(name)),
    ).toEqual([]);
    expect(JSON.stringify(seen.headers)).not.toContain(key.secret);

    const fields = {
      timestamp: seen.headers['x-gateway-timestamp'] as string,
      method: 'GET',
      target: seen.url,
      accountId: String(member.id),
      accessKeyId: key.accessKeyId,
      requestId: seen.headers['x-request-id'] as string,
    };
    const signature = seen.headers['x-gateway-signature'] as string;
    expect(verifyGatewaySignature(product.signingSecret, signature, fields)).toBe(true);
    const other = await createTestProduct('other', upstream.url);
    expect(verifyGatewaySignature(other.signingSecret, signature, fields)).toBe(false);
  } finally {
    await upstream.stop();
  }
});

test('a POST body goes upstream as signed, and a large answer streams back intact', async () => {
  const payload = Buffer.alloc(8 * 1024 * 1024);
  for (let i = 0; i < payload.length; i += 4) payload.writeUInt32LE((i * 2654435761) >>> 0, i);
  const upstream = await startUpstream({
    '/files/big': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(payload);
    },
  });
  try {
    const product = await createTestProduct('files', upstream.url);
    const { key } = await memberKey();
    const api = client(key);
    const body = { name: 'report', lines: Array.from({ length: 50 }, (_, i) => `line ${i}`) };
    const posted = await api.request('POST', `/gateway/${product.slug}/files`, body);
    expect(posted.status).toBe(200);
    expect(upstream.last()!.body.toString()).toBe(JSON.stringify(body));

    const path = `/gateway/${product.slug}/files/big`;
    const download = await fetch(`${BASE}${path}`, {
      headers: signRequest({
        accessKeyId: key.accessKeyId,
        secret: key.secret,
        method: 'GET',
        url: `${BASE}${path}`,
      }),
    });
    expect(download.status).toBe(200);
    expect(sha256(Buffer.from(await download.arrayBuffer()))).toBe(sha256(payload));
  } finally {
    await upstream.stop();
  }
});

test('502 when the upstream is down, 504 when it sleeps past the product timeout', async () => {
  const upstream = await startUpstream({
    '/sleep': (_req, res) => {
      setTimeout(() => res.end('late'), 5000).unref();
    },
  });
  try {
    const down = await createTestProduct('down', `http://127.0.0.1:${await freePort()}`);
    const slow = await createTestProduct('slow', upstream.url, { timeoutMs: 1000 });
    const api = client((await memberKey()).key);
    const refused = await api.request('GET', `/gateway/${down.slug}/anything`);
    expect(refused.status).toBe(502);
    expect(refused.json).toMatchObject({ code: 'UpstreamUnavailable' });
    const late = await api.request('GET', `/gateway/${slow.slug}/sleep`);
    expect(late.status).toBe(504);
    expect(late.json).toMatchObject({
      code: 'UpstreamTimeout',
      requestId: late.headers.get('x-cnc-request-id'),
    });
  } finally {
    await upstream.stop();
  }
});

test('unknown, disabled and out-of-scope products, disabled keys and revoked permissions are refused before the upstream', async () => {
  const upstream = await startUpstream();
  try {
    const allowed = await createTestProduct('allowed', upstream.url);
    const outside = await createTestProduct('outside', upstream.url);
    const { member, key } = await memberKey();
    const api = client(key);
    const codeOf = async (path: string) => {
      const answer = await api.request('GET', path);
      return { status: answer.status, code: (answer.json as { code?: string }).code };
    };
    expect(await codeOf('/gateway/no-such-product/x')).toEqual({
      status: 404,
      code: 'ProductNotFound',
    });

    await setAccessKeyScope(member.id, key.id, [allowed.slug], { verified: false }, SEED);
    expect(await codeOf(`/gateway/${outside.slug}/x`)).toEqual({
      status: 403,
      code: 'ProductAccessDenied',
    });
    expect((await api.request('GET', `/gateway/${allowed.slug}/x`)).status).toBe(200);

    await updateProduct(allowed.slug, { enabled: false }, SEED);
    expect(await codeOf(`/gateway/${allowed.slug}/x`)).toEqual({
      status: 404,
      code: 'ProductNotFound',
    });
    await updateProduct(allowed.slug, { enabled: true }, SEED);

    await setKeyStatus(key, 'disabled');
    expect(await codeOf(`/gateway/${allowed.slug}/x`)).toEqual({
      status: 403,
      code: 'AccessKeyDisabled',
    });
    await setKeyStatus(key, 'enabled');
    await setProgrammaticAccess(member.id, false, SEED);
    expect(await codeOf(`/gateway/${allowed.slug}/x`)).toEqual({
      status: 403,
      code: 'ProgrammaticAccessDenied',
    });
    // Only the one allowed call got through.
    expect(upstream.seen).toHaveLength(1);
  } finally {
    await upstream.stop();
  }
});

test('an administrator registers a product in the browser; a member narrows and widens a key’s scope, applied to the next call', async ({
  browser,
}) => {
  const upstream = await startUpstream();
  try {
    const admin = await createAccount({ role: 'admin', prefix: 'products-admin' });
    const adminPage = await (await browser.newContext()).newPage();
    await signIn(adminPage, admin);
    await adminPage.goto('/admin/products');
    await adminPage.getByRole('button', { name: 'Register product' }).click();
    const form = adminPage.getByRole('dialog', { name: 'Register product' });
    const slug = `browser-${Date.now().toString(36)}`;
    await form.getByLabel('Name', { exact: true }).fill('Browser orders');
    await form.getByLabel('Slug', { exact: true }).fill(slug);
    await form.getByLabel('Upstream URL').fill(`${upstream.url}/api`);
    await form.getByRole('button', { name: 'Create product' }).click();
    const shown = adminPage.getByRole('dialog', { name: `Gateway signing secret of ${slug}` });
    const signingSecret = await shown.getByLabel('Signing secret', { exact: true }).inputValue();
    expect(signingSecret).toMatch(/^gws_/);
    await shown.getByRole('button', { name: 'Done' }).click();
    await expect(adminPage.getByRole('row').filter({ hasText: slug })).toContainText(
      `${upstream.url}/api`,
    );
    const other = await createTestProduct('browser-other', upstream.url);

    const { member, key } = await memberKey();
    const page = await (await browser.newContext()).newPage();
    await signIn(page, member);
    await page.goto('/account/api-information/products');
    await expect(page.getByRole('row').filter({ hasText: 'Browser orders' })).toContainText(
      `/gateway/${slug}/`,
    );

    const api = client(key);
    const first = await api.request('GET', `/gateway/${slug}/ping`);
    expect(first.status).toBe(200);
    expect(upstream.last()!.url).toBe('/api/ping');
    expect(
      verifyGatewaySignature(
        signingSecret,
        upstream.last()!.headers['x-gateway-signature'] as string,
        {
          timestamp: upstream.last()!.headers['x-gateway-timestamp'] as string,
          method: 'GET',
          target: '/api/ping',
          accountId: String(member.id),
          accessKeyId: key.accessKeyId,
          requestId: upstream.last()!.headers['x-request-id'] as string,
        },
      ),
    ).toBe(true);

    // Narrowing to the other product: no verification, refused at once.
    await page.goto('/account/api-information/access-keys');
    const row = page.getByRole('row').filter({ hasText: key.accessKeyId });
    await expect(row).toContainText('All products');
    await row.getByRole('button', { name: `Products of ${key.accessKeyId}` }).click();
    let dialog = page.getByRole('dialog', { name: `Products of ${key.accessKeyId}` });
    await dialog.getByRole('checkbox', { name: new RegExp(other.slug) }).check();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(row).toContainText(other.name);
    const narrowed = await api.request('GET', `/gateway/${slug}/ping`);
    expect(narrowed.status).toBe(403);
    expect(narrowed.json).toMatchObject({ code: 'ProductAccessDenied' });

    // Widening back to all products asks for the email code first.
    await row.getByRole('button', { name: `Products of ${key.accessKeyId}` }).click();
    dialog = page.getByRole('dialog', { name: `Products of ${key.accessKeyId}` });
    await dialog.getByRole('radio', { name: 'All products' }).check();
    const before = (await mailsTo(member.email)).length;
    await dialog.getByRole('button', { name: 'Save' }).click();
    const verify = page.getByRole('dialog', { name: 'Verify your email' });
    await verify.getByRole('button', { name: 'Send code' }).click();
    await verify.getByLabel('Verification code').fill(await latestCode(member.email, before));
    await verify.getByRole('button', { name: 'Verify' }).click();
    await expect(row).toContainText('All products');
    expect((await api.request('GET', `/gateway/${slug}/ping`)).status).toBe(200);
  } finally {
    await upstream.stop();
  }
});
