import { expect, test } from '@playwright/test';
import { signRequest } from '@/lib/open-api/signing';
import type { AccessKeyUsageBody } from '@/lib/open-api/schemas';
import { clientFor, insertAccessKey, type TestKey } from './api-fixtures';
import { createAccount } from './fixtures';

const BASE = process.env.E2E_BASE_URL ?? `http://127.0.0.1:${process.env.E2E_PORT ?? 3210}`;

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
