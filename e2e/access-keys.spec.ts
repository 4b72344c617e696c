import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createAccessKey } from '@/lib/access-keys/keys';
import { setProgrammaticAccess } from '@/lib/users/accounts';
import {
  createAccount,
  latestCode,
  mailsTo,
  setMailMode,
  signIn,
  submitCreateDialog,
} from './fixtures';

const PAGE = '/account/api-information/access-keys';
const SEED = { actor: null, request: { ip: '127.0.0.1', userAgent: 'e2e' } };

function verifyDialog(page: Page) {
  return page.getByRole('dialog', { name: 'Verify your email' });
}

function keyRow(page: Page, accessKeyId: string) {
  return page.getByRole('row').filter({ hasText: accessKeyId });
}

async function sendCode(page: Page, email: string) {
  const dialog = verifyDialog(page);
  const before = (await mailsTo(email)).length;
  await dialog.getByRole('button', { name: 'Send code' }).click();
  await expect(dialog.getByTestId('form-message')).toHaveText(
    `We sent a 6-digit code to ${email}. It is valid for 10 minutes.`,
  );
  return latestCode(email, before);
}

async function verifyEmail(page: Page, email: string) {
  const code = await sendCode(page, email);
  const dialog = verifyDialog(page);
  await dialog.getByLabel('Verification code').fill(code);
  await dialog.getByRole('button', { name: 'Verify' }).click();
  await expect(dialog).toBeHidden();
}

async function openPage(page: Page, account: { email: string; password: string }) {
  await signIn(page, account);
  await page.goto(PAGE);
  await expect(page.getByRole('heading', { name: 'AccessKey Management' })).toBeVisible();
}

test('creating a key asks for a mailed code, then shows the key once with copy and CSV', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const account = await createAccount();
  await openPage(page, account);
  await expect(page.getByRole('heading', { name: 'No AccessKeys yet' })).toBeVisible();
  await expect(page.getByText('0 of 5')).toBeVisible();

  await submitCreateDialog(page);
  await expect(verifyDialog(page)).toContainText(
    'Create and Show do not ask again for 20 minutes in this sign-in session',
  );
  await verifyEmail(page, account.email);

  const created = page.getByRole('dialog', { name: 'AccessKey created' });
  const idField = created.getByLabel('AccessKey ID', { exact: true });
  const secretField = created.getByLabel('AccessKey Secret', { exact: true });
  await expect(idField).toHaveAttribute('readonly');
  await expect(secretField).toHaveAttribute('readonly');
  const accessKeyId = await idField.inputValue();
  const secret = await secretField.inputValue();
  expect(accessKeyId).toMatch(/^AK[0-9A-Z]{22}$/);
  expect(secret).toMatch(/^akcsk_[0-9A-Za-z]{46}$/);
  await expect(created).toContainText(
    'the Secret can be shown again only after you verify your email',
  );

  await created.getByRole('button', { name: 'Copy AccessKey Secret' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  await created.getByRole('button', { name: 'Copy AccessKey ID' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(accessKeyId);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    created.getByRole('button', { name: 'Download CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`accesskey-${accessKeyId}.csv`);
  expect(readFileSync(await download.path(), 'utf8')).toBe(
    `AccessKey ID,AccessKey Secret,Name,Description,Expires (UTC)\r\n${accessKeyId},${secret},,,Never\r\n`,
  );

  await created.getByRole('button', { name: 'Done' }).click();
  await expect(created).toBeHidden();
  const row = keyRow(page, accessKeyId);
  await expect(row).toContainText('Enabled');
  await expect(row).toContainText('Never');
  await expect(row).toContainText('••••');
  await expect(page.getByText('1 of 5')).toBeVisible();

  expect(await page.content()).not.toContain(secret);
  const html = await (await page.request.get(PAGE)).text();
  expect(html).toContain(accessKeyId);
  expect(html).not.toContain(secret);
  expect(readFileSync(process.env.E2E_SERVER_LOG!, 'utf8')).not.toContain(secret);
});

test('Show asks for verification once; inside the window Show and Create do not ask again', async ({
  page,
}) => {
  const account = await createAccount();
  const key = await createAccessKey(account.id, SEED);
  await openPage(page, account);
  const row = keyRow(page, key.accessKeyId);

  await row.getByRole('button', { name: 'Show' }).click();
  await verifyEmail(page, account.email);
  const shown = page.getByRole('dialog', { name: 'AccessKey Secret', exact: true });
  await expect(shown.getByLabel('AccessKey Secret', { exact: true })).toHaveValue(key.secret);
  await expect(shown.getByRole('button', { name: 'Copy AccessKey Secret' })).toBeVisible();
  await shown.getByRole('button', { name: 'Done' }).click();
  await expect(shown).toBeHidden();

  await row.getByRole('button', { name: 'Show' }).click();
  await expect(shown.getByLabel('AccessKey Secret', { exact: true })).toHaveValue(key.secret);
  await shown.getByRole('button', { name: 'Done' }).click();

  await submitCreateDialog(page);
  const created = page.getByRole('dialog', { name: 'AccessKey created' });
  await expect(created.getByLabel('AccessKey ID', { exact: true })).toHaveValue(/^AK/);
  await created.getByRole('button', { name: 'Done' }).click();
  await expect(verifyDialog(page)).toHaveCount(0);
  expect(await mailsTo(account.email)).toHaveLength(1);
  await expect(page.getByText('2 of 5')).toBeVisible();

  // The window belongs to the sign-in session: a new sign-in asks again.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await openPage(page, account);
  await keyRow(page, key.accessKeyId).getByRole('button', { name: 'Show' }).click();
  await expect(verifyDialog(page)).toBeVisible();
});

test('disable, enable, and delete a disabled key after confirmation', async ({ page }) => {
  const account = await createAccount();
  const key = await createAccessKey(account.id, SEED);
  await openPage(page, account);
  const row = keyRow(page, key.accessKeyId);
  await expect(row.getByRole('button', { name: 'Delete' })).toHaveCount(0);

  await row.getByRole('button', { name: 'Disable' }).click();
  await expect(page.getByText(`AccessKey ${key.accessKeyId} disabled.`)).toBeVisible();
  await expect(row).toContainText('Disabled');
  await row.getByRole('button', { name: 'Enable' }).click();
  await expect(page.getByText(`AccessKey ${key.accessKeyId} enabled.`)).toBeVisible();
  await expect(row).toContainText('Enabled');
  await row.getByRole('button', { name: 'Disable' }).click();
  await expect(row).toContainText('Disabled');

  await row.getByRole('button', { name: 'Delete' }).click();
  const confirm = page.getByRole('alertdialog', { name: `Delete AccessKey ${key.accessKeyId}?` });
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toBeHidden();
  await expect(row).toBeVisible();

  await row.getByRole('button', { name: 'Delete' }).click();
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByText(`AccessKey ${key.accessKeyId} deleted.`)).toBeVisible();
  await expect(row).toHaveCount(0);
  await expect(page.getByText('0 of 5')).toBeVisible();
});

test('a sixth key is refused with how to free a slot; deleting one frees it', async ({ page }) => {
  const account = await createAccount();
  const keys = [];
  for (let index = 0; index < 5; index++) keys.push(await createAccessKey(account.id, SEED));
  await openPage(page, account);
  await expect(page.getByText('5 of 5')).toBeVisible();

  const form = await submitCreateDialog(page);
  await expect(
    page.getByText(
      'You already have 5 AccessKeys, the most an account can hold. To free a slot, disable a key you no longer need and then delete it.',
    ),
  ).toBeVisible();
  await expect(verifyDialog(page)).toHaveCount(0);
  await form.getByRole('button', { name: 'Cancel' }).click();

  const row = keyRow(page, keys[0].accessKeyId);
  await row.getByRole('button', { name: 'Disable' }).click();
  await row.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByText('4 of 5')).toBeVisible();
  await submitCreateDialog(page);
  await expect(verifyDialog(page)).toBeVisible();
});

test('five wrong codes void the code', async ({ page }) => {
  const account = await createAccount();
  await openPage(page, account);
  await submitCreateDialog(page);
  const code = await sendCode(page, account.email);
  const wrong = code === '000000' ? '111111' : '000000';
  const dialog = verifyDialog(page);
  const message = dialog.getByTestId('form-message');
  for (const left of ['4 tries', '3 tries', '2 tries', '1 try']) {
    await dialog.getByLabel('Verification code').fill(wrong);
    await dialog.getByRole('button', { name: 'Verify' }).click();
    await expect(message).toHaveText(`That code is not correct. ${left} left.`);
  }
  await dialog.getByLabel('Verification code').fill(wrong);
  await dialog.getByRole('button', { name: 'Verify' }).click();
  await expect(message).toHaveText(
    'That code is not correct. After 5 wrong tries it no longer works; send a new code.',
  );
  await dialog.getByLabel('Verification code').fill(code);
  await dialog.getByRole('button', { name: 'Verify' }).click();
  await expect(message).toHaveText('There is no valid code for your account. Send a new code.');
  await expect(page.getByRole('dialog', { name: 'AccessKey created' })).toHaveCount(0);
});

test('a second code within a minute is refused with the time to wait', async ({ page }) => {
  const account = await createAccount();
  await openPage(page, account);
  await submitCreateDialog(page);
  await sendCode(page, account.email);
  const dialog = verifyDialog(page);
  await dialog.getByRole('button', { name: 'Send code' }).click();
  await expect(dialog.getByTestId('form-message')).toHaveText(
    /^Wait \d+ seconds? before requesting another code\.$/,
  );
  expect(await mailsTo(account.email)).toHaveLength(1);
});

for (const mode of ['error', 'timeout'] as const) {
  test(`a mail provider ${mode === 'error' ? 'answering 500' : 'that never answers'} gives a clear message and sends nothing; the next try works`, async ({
    page,
  }) => {
    // The server gives up on a silent provider after 10 seconds.
    test.slow(mode === 'timeout');
    const account = await createAccount();
    await openPage(page, account);
    await submitCreateDialog(page);
    const dialog = verifyDialog(page);
    try {
      await setMailMode(mode, account.email);
      await dialog.getByRole('button', { name: 'Send code' }).click();
      await expect(dialog.getByTestId('form-message')).toHaveText(
        'We could not send the email right now. Nothing was changed; try again in a minute.',
        { timeout: 20_000 },
      );
      expect(await mailsTo(account.email)).toHaveLength(0);
      await setMailMode('ok', account.email);
      await verifyEmail(page, account.email);
      await expect(page.getByRole('dialog', { name: 'AccessKey created' })).toBeVisible();
    } finally {
      await setMailMode('ok', account.email);
    }
  });
}

test('without Programmatic Access: a banner, no Create, keys still listed', async ({ page }) => {
  const account = await createAccount();
  const key = await createAccessKey(account.id, SEED);
  await setProgrammaticAccess(account.id, false, SEED);
  await openPage(page, account);
  await expect(page.getByText('Programmatic Access is not granted')).toBeVisible();
  await expect(
    page.getByText('An administrator must grant Programmatic Access to this account'),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create AccessKey' })).toHaveCount(0);
  const row = keyRow(page, key.accessKeyId);
  await expect(row).toContainText('Enabled');
  await expect(row.getByRole('button', { name: 'Show' })).toBeDisabled();
  await row.getByRole('button', { name: 'Disable' }).click();
  await expect(row).toContainText('Disabled');
  await expect(row.getByRole('button', { name: 'Enable' })).toBeDisabled();
});

test('the server refuses Create and Show once Programmatic Access is revoked', async ({ page }) => {
  const account = await createAccount();
  const key = await createAccessKey(account.id, SEED);
  await openPage(page, account);
  await setProgrammaticAccess(account.id, false, SEED);
  const refusal =
    'Your account does not have Programmatic Access. Ask an administrator to grant it before you create, show or enable AccessKeys.';
  const form = await submitCreateDialog(page);
  await expect(page.getByText(refusal)).toBeVisible();
  await form.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('button', { name: 'Close toast' }).click();
  await expect(page.getByText(refusal)).toHaveCount(0);
  await keyRow(page, key.accessKeyId).getByRole('button', { name: 'Show' }).click();
  await expect(page.getByText(refusal)).toBeVisible();
  await expect(verifyDialog(page)).toHaveCount(0);
});

test('the local mailbox does not exist when a mail provider is configured', async ({ page }) => {
  const account = await createAccount();
  await signIn(page, account);
  const response = await page.goto('/account/mailbox');
  expect(response?.status()).toBe(404);
});
