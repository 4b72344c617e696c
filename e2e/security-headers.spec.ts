import { expect, test } from '@playwright/test';
import { createAccount, signIn } from './fixtures';

test('pages carry a nonce-based CSP and the hardening headers', async ({ request }) => {
  const first = await request.get('/login');
  const second = await request.get('/login');
  const csp = first.headers()['content-security-policy'];
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).not.toContain('unsafe-eval');
  expect(second.headers()['content-security-policy']).not.toBe(csp);
  const nonce = csp.match(/'nonce-([^']+)'/)![1];
  expect(await first.text()).toContain(`nonce="${nonce}"`);
  expect(first.headers()).toMatchObject({
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'x-frame-options': 'DENY',
  });
  expect(first.headers()['permissions-policy']).toContain('camera=()');
  expect(first.headers()['x-powered-by']).toBeUndefined();
  expect(first.headers()['strict-transport-security']).toBeUndefined();
});

test('HSTS is sent when the console is reached over HTTPS', async ({ request }) => {
  const response = await request.get('/login', { headers: { 'x-forwarded-proto': 'https' } });
  expect(response.headers()['strict-transport-security']).toBe(
    'max-age=63072000; includeSubDomains',
  );
});

test('the session cookie is HttpOnly and SameSite=Lax, and the console runs without CSP violations', async ({
  page,
  context,
}) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await signIn(page, await createAccount());
  await page.goto('/account/basic-information');
  await page.getByRole('button', { name: 'Toggle dark mode' }).click();
  await expect(page.locator('html')).toHaveClass(/dark/);
  const cookie = (await context.cookies()).find((c) => c.name.endsWith('authjs.session-token'));
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
  expect(violations).toEqual([]);
});
