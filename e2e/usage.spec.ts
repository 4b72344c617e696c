import { expect, test } from '@playwright/test';
import { signRequest } from '@/lib/open-api/signing';
import type { AccessKeyUsageBody } from '@/lib/open-api/schemas';
import { clientFor, insertAccessKey, type TestKey } from './api-fixtures';
import { createAccount, signIn, waitLongerForWrites } from './fixtures';
import { createTestProduct, startUpstream } from './gateway-fixtures';

const BASE = process.env.E2E_BASE_URL ?? `http://127.0.0.1:${process.env.E2E_PORT ?? 3210}`;

test.beforeAll(() => waitLongerForWrites());

async function keyFor(options: Parameters<typeof createAccount>[0] = {}) {
  const account = await createAccount({ prefix: 'usage', ...options });
  return { account, key: await insertAccessKey(account.id) };
}

/** The key's usage as `reader` reads it through the Open API, once `calls` calls have arrived. */
async function usageOnceCounted(
  reader: TestKey,
  key: TestKey,
  calls: number,
  query = '',
): Promise<AccessKeyUsageBody> {
  let body: AccessKeyUsageBody | undefined;
  await expect
    .poll(async () => {
      const answer = await clientFor(reader, BASE).request(
        'GET',
        `/api/v1/access-keys/${key.accessKeyId}/usage${query}`,
      );
      expect(answer.status, JSON.stringify(answer.json)).toBe(200);
      body = answer.json as AccessKeyUsageBody;
      return body.totals.calls;
    })
    .toBe(calls);
  return body!;
}

test('Open API calls show in the key’s usage a moment later, by outcome; unsigned ones do not', async ({
  request,
}) => {
  const { account, key } = await keyFor();
  const reader = await insertAccessKey(account.id);
  const client = clientFor(key, BASE);
  for (let i = 0; i < 3; i++) {
    expect((await client.request('GET', `/api/v1/account?n=${i}`)).status).toBe(200);
  }
  expect((await client.request('GET', '/api/v1/users')).status).toBe(403);
  const badQuery = await client.request(
    'GET',
    `/api/v1/access-keys/${key.accessKeyId}/usage?granularity=week`,
  );
  expect(badQuery.json).toMatchObject({
    code: 'InvalidParameter',
    message: 'granularity must be hour or day.',
  });
  // Claiming the key without its Secret proves nothing: these count for nobody.
  const forged = signRequest({
    accessKeyId: key.accessKeyId,
    secret: 'not-the-secret',
    method: 'GET',
    url: `${BASE}/api/v1/account`,
  });
  expect((await request.get('/api/v1/account', { headers: forged })).status()).toBe(401);
  expect(
    (
      await request.get('/api/v1/account', { headers: { 'x-cnc-accessKey': key.accessKeyId } })
    ).status(),
  ).toBe(401);

  const hourly = await usageOnceCounted(reader, key, 5);
  expect(hourly).toMatchObject({
    accessKeyId: key.accessKeyId,
    granularity: 'hour',
    totals: { calls: 5, clientErrors: 2, serverErrors: 0 },
    byProduct: [{ product: 'open-api', calls: 5, clientErrors: 2, serverErrors: 0 }],
  });
  expect(hourly.buckets).toHaveLength(24);
  const counted = hourly.buckets.filter((bucket) => bucket.calls > 0);
  // The calls fell in this hour, or (at its turn) in this one and the last.
  expect(counted.reduce((sum, bucket) => sum + bucket.calls, 0)).toBe(5);
  expect(Date.parse(counted.at(-1)!.start)).toBeGreaterThan(Date.now() - 2 * 3_600_000);

  const daily = await usageOnceCounted(reader, key, 5, '?granularity=day');
  expect(daily.buckets).toHaveLength(30);
  expect(daily.totals).toEqual({ calls: 5, clientErrors: 2, serverErrors: 0 });

  // Another account's key may not read it; an administrator's may.
  const { key: stranger } = await keyFor();
  const refused = await clientFor(stranger, BASE).request(
    'GET',
    `/api/v1/access-keys/${key.accessKeyId}/usage`,
  );
  expect(refused.status).toBe(404);
  expect(refused.json).toMatchObject({ code: 'NotFound' });
  const { key: admin } = await keyFor({ role: 'admin', prefix: 'usage-admin' });
  expect((await usageOnceCounted(admin, key, 5)).totals.clientErrors).toBe(2);
});

test('the key list shows each key’s last 24 hours; the key’s page charts them by outcome, in either theme', async ({
  page,
}) => {
  const { account, key } = await keyFor();
  const idle = await insertAccessKey(account.id);
  const client = clientFor(key, BASE);
  for (let i = 0; i < 3; i++) await client.request('GET', `/api/v1/account?n=${i}`);
  await client.request('GET', '/api/v1/users');

  await signIn(page, account);
  await page.goto('/account/api-information/access-keys');
  const usage = page.getByRole('link', { name: `Usage of ${key.accessKeyId}` });
  await expect(async () => {
    await page.reload();
    await expect(usage).toHaveAccessibleName(
      `Usage of ${key.accessKeyId}: 4 calls in the last 24 hours, 1 failed`,
      { timeout: 1_000 },
    );
  }).toPass();
  await expect(usage.getByTestId('usage-sparkline')).toBeVisible();
  await expect(
    page.getByRole('link', { name: `Usage of ${idle.accessKeyId}` }),
  ).toHaveAccessibleName(`Usage of ${idle.accessKeyId}: No calls in the last 24 hours`);

  await usage.click();
  await expect(page).toHaveURL(`/account/api-information/access-keys/${key.accessKeyId}`);
  await expect(page.getByRole('heading', { name: 'AccessKey usage' })).toBeVisible();
  const stat = (label: string) => page.locator('dt', { hasText: label }).locator('+ dd');
  await expect(stat('Calls, last 24 hours')).toHaveText('4');
  await expect(stat('Failed, last 24 hours')).toHaveText('1');
  const hourly = page.getByRole('figure').filter({ hasText: 'Calls per hour, last 24 hours' });
  await expect(hourly.locator('canvas')).toHaveCount(1);
  await expect(page.getByRole('img', { name: /^Calls per hour, last 24 hours/ })).toBeVisible();

  // The numbers behind the chart: the calls of this hour (or, at its turn, of the last two).
  const card = page.locator('[data-slot="card"]').filter({ has: hourly });
  await card.getByText('Show the numbers').click();
  const rows = card.getByRole('row').filter({ hasNotText: 'Hour (UTC)' });
  await expect(rows).toHaveCount(24);
  const counted = await rows.evaluateAll((cells) =>
    cells
      .map((row) =>
        [...row.querySelectorAll('td')].slice(1).map((cell) => Number(cell.textContent)),
      )
      .filter(([calls]) => calls > 0),
  );
  expect(counted.reduce((sum, [calls]) => sum + calls, 0)).toBe(4);
  expect(counted.reduce((sum, [, clientErrors]) => sum + clientErrors, 0)).toBe(1);
  const products = page.getByRole('row').filter({ hasText: 'open-api' });
  await expect(products).toContainText('4');

  // One product chosen: the same figures, since the key only called the Open API.
  await page.getByLabel('Product', { exact: true }).selectOption('open-api');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(/\?product=open-api$/);
  await expect(stat('Calls, last 24 hours')).toHaveText('4');

  // Dark: the chart is drawn again in the dark theme's colours.
  const before = await hourly
    .locator('canvas')
    .evaluate((canvas) => (canvas as HTMLCanvasElement).toDataURL());
  await page.getByRole('button', { name: 'Toggle dark mode' }).click();
  await expect(page.locator('html')).toHaveClass(/dark/);
  await expect
    .poll(() =>
      hourly.locator('canvas').evaluate((canvas) => (canvas as HTMLCanvasElement).toDataURL()),
    )
    .not.toBe(before);
});

test('administrators see every product’s calls and the busiest keys, and open any key’s usage', async ({
  page,
}) => {
  const { account, key } = await keyFor();
  const client = clientFor(key, BASE);
  // Enough calls to be among the busiest of a run's keys: past API_RATE_LIMIT (40), refused
  // calls count too.
  for (let i = 0; i < 60; i++) await client.request('GET', `/api/v1/account?n=${i}`);
  const admin = await createAccount({ role: 'admin', prefix: 'usage-admin' });
  await signIn(page, admin);
  await page.goto('/admin/usage');
  await expect(page.getByRole('heading', { name: 'Usage', exact: true })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Console' });
  await expect(nav.getByRole('link', { name: 'Usage', exact: true })).toHaveAttribute(
    'aria-current',
    'page',
  );
  const busiest = page.getByRole('row').filter({ hasText: key.accessKeyId });
  await expect(async () => {
    await page.reload();
    await expect(busiest).toContainText(account.email, { timeout: 1_000 });
  }).toPass();
  await expect(page.getByRole('row').filter({ hasText: 'open-api' }).first()).toBeVisible();

  await busiest.getByRole('link', { name: key.accessKeyId }).click();
  await expect(page).toHaveURL(`/admin/usage/keys/${key.accessKeyId}`);
  await expect(page.getByText(account.email)).toBeVisible();
  const stat = page.locator('dt', { hasText: 'Calls, last 24 hours' }).locator('+ dd');
  await expect(stat).toHaveText('60');
});

test('calls through /gateway/{slug}/ and forward-auth show in the key’s usage and the product’s, by outcome', async ({
  page,
}) => {
  const upstream = await startUpstream({
    '/v1/missing': (_req, res) => {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":"no such order"}');
    },
    '/v1/failing': (_req, res) => {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end('{"error":"down for maintenance"}');
    },
  });
  try {
    const product = await createTestProduct('metered', `${upstream.url}/v1`);
    const { account, key } = await keyFor();
    const reader = await insertAccessKey(account.id);
    const signedFetch = (path: string, headers: Record<string, string> = {}) =>
      fetch(`${BASE}${path}`, {
        headers: {
          ...signRequest({
            accessKeyId: key.accessKeyId,
            secret: key.secret,
            method: 'GET',
            url: `${BASE}${headers['X-Original-URI'] ?? path}`,
          }),
          ...headers,
        },
      });
    // Through the gateway: answered by the upstream, 404 from it, 503 from it.
    expect((await signedFetch(`/gateway/${product.slug}/orders/7`)).status).toBe(200);
    expect((await signedFetch(`/gateway/${product.slug}/missing`)).status).toBe(404);
    expect((await signedFetch(`/gateway/${product.slug}/failing`)).status).toBe(503);
    // Forward-auth, as nginx asks it for a request to the same product.
    const authorized = await signedFetch('/api/v1/authorize', {
      'X-Original-Method': 'GET',
      'X-Original-URI': '/v1/orders/8',
      'X-Gateway-Product': product.slug,
    });
    expect(authorized.status).toBe(200);
    // And one Open API call, which counts apart as open-api.
    expect((await clientFor(key, BASE).request('GET', '/api/v1/account')).status).toBe(200);

    const usage = await usageOnceCounted(reader, key, 5);
    expect(usage.totals).toEqual({ calls: 5, clientErrors: 1, serverErrors: 1 });
    expect(usage.byProduct).toEqual([
      { product: product.slug, calls: 4, clientErrors: 1, serverErrors: 1 },
      { product: 'open-api', calls: 1, clientErrors: 0, serverErrors: 0 },
    ]);

    // The owner's page: the product in the key's table, and alone when chosen.
    await signIn(page, account);
    await page.goto(`/account/api-information/access-keys/${key.accessKeyId}`);
    const stat = (label: string) => page.locator('dt', { hasText: label }).locator('+ dd');
    await expect(stat('Calls, last 24 hours')).toHaveText('5');
    await expect(page.getByRole('row').filter({ hasText: product.slug })).toContainText('50%');
    await page.getByLabel('Product', { exact: true }).selectOption(product.slug);
    await page.getByRole('button', { name: 'Show' }).click();
    await expect(stat('Calls, last 24 hours')).toHaveText('4');
    await expect(stat('5xx, last 24 hours')).toHaveText('1');

    // The administrators' page for the product: its totals (no other key calls this product) and
    // this key as its busiest.
    await page.context().clearCookies();
    const admin = await createAccount({ role: 'admin', prefix: 'usage-admin' });
    await signIn(page, admin);
    await page.goto(`/admin/usage?product=${product.slug}`);
    await expect(stat('Calls, last 24 hours')).toHaveText('4');
    await expect(stat('Failed, last 24 hours')).toHaveText('2');
    await expect(
      page.getByRole('heading', { name: `Busiest AccessKeys for ${product.slug}, last 24 hours` }),
    ).toBeVisible();
    await expect(page.getByRole('row').filter({ hasText: key.accessKeyId })).toContainText(
      account.email,
    );
  } finally {
    await upstream.stop();
  }
});
