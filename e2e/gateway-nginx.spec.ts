import { expect, test } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { verifyGatewaySignature } from '@/lib/gateway/identity';
import { signRequest } from '@/lib/open-api/signing';
import { insertAccessKey } from './api-fixtures';
import { createAccount, waitLongerForWrites } from './fixtures';
import {
  createTestProduct,
  NGINX,
  NGINX_CONFIG,
  startNginx,
  startUpstream,
} from './gateway-fixtures';

const BASE = process.env.E2E_BASE_URL ?? `http://127.0.0.1:${process.env.E2E_PORT ?? 3210}`;

test.beforeAll(() => waitLongerForWrites());

test('README shows the nginx config this test runs', () => {
  expect(readFileSync('README.md', 'utf8')).toContain(readFileSync(NGINX_CONFIG, 'utf8').trim());
});

test('nginx auth_request: a signed GET reaches the upstream with identity headers; a bad signature gets 401', async () => {
  // .ci/run installs Debian's nginx, as it installs chromium; without it this test cannot run.
  expect(existsSync(NGINX), `${NGINX} is missing: apt-get install nginx`).toBe(true);
  const upstream = await startUpstream();
  const product = await createTestProduct('behind-nginx', upstream.url);
  const nginx = await startNginx({ console: BASE, upstream: upstream.url, product: product.slug });
  try {
    const member = await createAccount({ prefix: 'nginx' });
    const key = await insertAccessKey(member.id);
    const url = `${nginx.url}/v1/orders?id=7`;
    const sign = (secret: string) =>
      signRequest({ accessKeyId: key.accessKeyId, secret, method: 'GET', url });

    const answer = await fetch(url, {
      headers: { ...sign(key.secret), 'X-Account-Id': '1', 'X-Account-Role': 'admin' },
    });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ upstream: true, url: '/v1/orders?id=7' });
    const seen = upstream.last()!;
    expect(seen.headers).toMatchObject({
      'x-accesskey-id': key.accessKeyId,
      'x-account-id': String(member.id),
      'x-account-email': member.email,
      'x-account-role': 'member',
    });
    expect(
      Object.keys(seen.headers).filter((name) => /^(authorization|x-cnc-)/.test(name)),
    ).toEqual([]);
    expect(
      verifyGatewaySignature(product.signingSecret, seen.headers['x-gateway-signature'] as string, {
        timestamp: seen.headers['x-gateway-timestamp'] as string,
        method: 'GET',
        target: '/v1/orders?id=7',
        accountId: String(member.id),
        accessKeyId: key.accessKeyId,
        requestId: seen.headers['x-request-id'] as string,
      }),
    ).toBe(true);

    const forged = await fetch(url, { headers: sign('not-the-secret') });
    expect(forged.status).toBe(401);
    const unsigned = await fetch(url);
    expect(unsigned.status).toBe(401);
    expect(upstream.seen).toHaveLength(1);
  } finally {
    await nginx.stop();
    await upstream.stop();
  }
});
