import { expect, test } from '@playwright/test';
import { createAccount, signIn } from './fixtures';

test('a signed-out visitor is sent to the sign-in page', async ({ page }) => {
  await page.goto('/account/basic-information');
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Faccount%2Fbasic-information/);
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
});

test('the icons and the logo reach a signed-out visitor', async ({ page, request }) => {
  await page.goto('/login');
  await expect(page.locator('link[rel="icon"]')).toHaveAttribute('href', '/favicon.svg');
  await expect(page.locator('link[rel="apple-touch-icon"]')).toHaveAttribute(
    'href',
    '/apple-touch-icon.png',
  );
  const logo = page.getByRole('main').locator('img[src="/logo.svg"]');
  await expect(logo).toBeVisible();
  // Zero when the image did not load, e.g. blocked by the CSP or answered with the sign-in page.
  expect(await logo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  for (const [path, type] of [
    ['/favicon.svg', 'image/svg+xml'],
    ['/logo.svg', 'image/svg+xml'],
    ['/apple-touch-icon.png', 'image/png'],
  ]) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(200);
    expect(response.headers()['content-type'], path).toBe(type);
  }
});

test('sign in lands on the console, basic information shows the account, sign out ends it', async ({
  page,
}) => {
  const account = await createAccount({ programmaticAccess: false });
  await page.goto('/account/basic-information');
  await page.getByLabel('Email').fill(account.email.toUpperCase());
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/account\/basic-information$/);

  const main = page.getByRole('main');
  await expect(main.getByRole('heading', { name: 'Basic Information' })).toBeVisible();
  await expect(main.getByText(account.email)).toBeVisible();
  await expect(main.getByText('Member', { exact: true })).toBeVisible();
  await expect(main.getByText('Not granted')).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/account/basic-information');
  await expect(page).toHaveURL(/\/login/);
});

test('a wrong password and an unknown email get the same answer', async ({ page }) => {
  const account = await createAccount();
  for (const [email, password] of [
    [account.email, 'not-the-right-password'],
    ['nobody-here@example.test', 'not-the-right-password'],
  ]) {
    await page.goto('/login');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByTestId('form-message')).toHaveText('Invalid email or password.');
  }
});

test('ten failed sign-ins lock the account for this address with a time to retry', async ({
  page,
}) => {
  const account = await createAccount();
  const attempt = async (password: string) => {
    await page.getByLabel('Email').fill(account.email);
    await page.getByLabel('Password').fill(password);
    await Promise.all([
      page.waitForResponse((response) => response.request().method() === 'POST'),
      page.getByRole('button', { name: 'Sign in', exact: true }).click(),
    ]);
  };
  await page.goto('/login');
  for (let count = 0; count < 10; count++) {
    await attempt(`wrong-password-${count}`);
    await expect(page.getByTestId('form-message')).toHaveText('Invalid email or password.');
    // The form resets after each answer; the email is kept, the password is cleared.
    await expect(page.getByLabel('Password')).toHaveValue('');
    await expect(page.getByLabel('Email')).toHaveValue(account.email);
  }
  await attempt(account.password);
  await expect(page.getByTestId('form-message')).toHaveText(
    /Too many failed sign-in attempts\. Try again in 1[45] minutes\./,
  );
  await expect(page).toHaveURL(/\/login/);
});

test('the sidebar mirrors the provider navigation; members see no administration', async ({
  page,
}) => {
  const account = await createAccount();
  await signIn(page, account);
  await page.goto('/account/api-information/access-keys');
  const nav = page.getByRole('navigation', { name: 'Console' });
  for (const label of ['Account Management', 'API Information Management']) {
    await expect(nav.getByText(label, { exact: true })).toBeVisible();
  }
  await expect(nav.getByRole('link', { name: 'Basic Information' })).toHaveAttribute(
    'href',
    '/account/basic-information',
  );
  await expect(nav.getByRole('link', { name: 'AccessKey Management' })).toHaveAttribute(
    'aria-current',
    'page',
  );
  await expect(nav.getByText('Administration')).toHaveCount(0);
  await expect(page.getByRole('navigation', { name: 'breadcrumb' })).toHaveText(
    /Account Management\s*\/\s*Basic Information\s*\/\s*API Information Management\s*\/\s*AccessKey Management/,
  );
  await expect(page.getByRole('heading', { name: 'AccessKey Management' })).toBeVisible();
});

test('administrators see the administration section', async ({ page }) => {
  const admin = await createAccount({ role: 'admin', prefix: 'admin' });
  await signIn(page, admin);
  await page.goto('/account/basic-information');
  const nav = page.getByRole('navigation', { name: 'Console' });
  await expect(nav.getByText('Administration')).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Users' })).toBeVisible();
});

test('an unknown page shows the console 404', async ({ page }) => {
  const response = await page.goto('/no-such-page');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});

test('health reports the database', async ({ request }) => {
  const response = await request.get('/api/health');
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: 'ok' });
});
