import { expect, test, type Page } from '@playwright/test';
import { createApiClient } from '@/lib/open-api/client';
import { createAccount, latestCode, mailsTo, signIn, submitCreateDialog } from './fixtures';

const BASE = process.env.E2E_BASE_URL ?? `http://127.0.0.1:${process.env.E2E_PORT ?? 3210}`;
const KEYS_PAGE = '/account/api-information/access-keys';

async function createKeyInBrowser(page: Page, email: string) {
  await page.goto(KEYS_PAGE);
  await submitCreateDialog(page);
  const verify = page.getByRole('dialog', { name: 'Verify your email' });
  const before = (await mailsTo(email)).length;
  await verify.getByRole('button', { name: 'Send code' }).click();
  await verify.getByLabel('Verification code').fill(await latestCode(email, before));
  await verify.getByRole('button', { name: 'Verify' }).click();
  const created = page.getByRole('dialog', { name: 'AccessKey created' });
  const accessKeyId = await created.getByLabel('AccessKey ID', { exact: true }).inputValue();
  const secret = await created.getByLabel('AccessKey Secret', { exact: true }).inputValue();
  await created.getByRole('button', { name: 'Done' }).click();
  return { accessKeyId, secret };
}

test('a key created in the browser calls the Open API; disable, enable and Programmatic Access apply at once', async ({
  browser,
}) => {
  const member = await createAccount({ programmaticAccess: true, prefix: 'flow' });
  const admin = await createAccount({ role: 'admin', prefix: 'flow-admin' });
  const memberPage = await (await browser.newContext()).newPage();
  const adminPage = await (await browser.newContext()).newPage();
  await signIn(memberPage, member);
  await signIn(adminPage, admin);

  const key = await createKeyInBrowser(memberPage, member.email);
  const client = createApiClient({
    baseUrl: BASE,
    accessKeyId: key.accessKeyId,
    secret: key.secret,
  });
  const account = await client.request('GET', '/api/v1/account');
  expect(account.status).toBe(200);
  expect(account.json).toMatchObject({
    email: member.email,
    accessKeyId: key.accessKeyId,
    programmaticAccess: true,
  });

  const row = memberPage.getByRole('row').filter({ hasText: key.accessKeyId });
  await memberPage.reload();
  await expect(row).toContainText('from 127.0.0.1');
  await expect(row).not.toContainText('Never');

  await row.getByRole('button', { name: 'Disable' }).click();
  await expect(row).toContainText('Disabled');
  expect((await client.request('GET', '/api/v1/account')).json).toMatchObject({
    code: 'AccessKeyDisabled',
  });
  await row.getByRole('button', { name: 'Enable' }).click();
  await expect(row).toContainText('Enabled');
  expect((await client.request('GET', '/api/v1/account')).status).toBe(200);

  await adminPage.goto(`/admin/users?q=${encodeURIComponent(member.email)}`);
  const toggle = adminPage.getByRole('switch', { name: `Programmatic Access for ${member.email}` });
  await toggle.click();
  await adminPage
    .getByRole('alertdialog', { name: 'Revoke Programmatic Access?' })
    .getByRole('button', { name: 'Revoke access' })
    .click();
  await expect(
    adminPage.getByText(`Programmatic Access revoked for ${member.email}.`),
  ).toBeVisible();
  await expect(toggle).not.toBeChecked();
  const denied = await client.request('GET', '/api/v1/account');
  expect(denied.status).toBe(403);
  expect(denied.json).toMatchObject({ code: 'ProgrammaticAccessDenied' });

  // The member's page explains why, keeps the key listed, and offers no Create.
  await memberPage.reload();
  await expect(memberPage.getByText('Programmatic Access is not granted')).toBeVisible();
  await expect(row).toBeVisible();
  await expect(memberPage.getByRole('button', { name: 'Create AccessKey' })).toHaveCount(0);

  await toggle.click();
  // The switch moves at once; the toast says the server has made the change.
  await expect(
    adminPage.getByText(`Programmatic Access granted to ${member.email}.`),
  ).toBeVisible();
  await expect(toggle).toBeChecked();
  expect((await client.request('GET', '/api/v1/account')).status).toBe(200);
  await memberPage.reload();
  await expect(memberPage.getByText('Programmatic Access is not granted')).toHaveCount(0);
  await expect(memberPage.getByRole('button', { name: 'Create AccessKey' })).toBeVisible();
});
