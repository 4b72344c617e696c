import { expect, test } from '@playwright/test';
import { createAccount, signIn } from './fixtures';

test('changing the password ends every open session of the account at once', async ({
  browser,
}) => {
  const account = await createAccount();
  const first = await browser.newContext();
  const second = await browser.newContext();
  const [pageA, pageB] = await Promise.all([first.newPage(), second.newPage()]);
  await signIn(pageA, account);
  await signIn(pageB, account);

  await pageA.goto('/account/basic-information');
  await pageA.getByLabel('Current password').fill('not my password');
  await pageA.getByLabel('New password', { exact: true }).fill('a-brand-new-password');
  await pageA.getByLabel('Repeat new password').fill('a-brand-new-password');
  await pageA.getByRole('button', { name: 'Change password' }).click();
  await expect(pageA.getByTestId('form-message')).toHaveText(
    'The current password is not correct.',
  );

  await pageA.getByLabel('Current password').fill(account.password);
  await pageA.getByLabel('New password', { exact: true }).fill('a-brand-new-password');
  await pageA.getByLabel('Repeat new password').fill('a-brand-new-password');
  await pageA.getByRole('button', { name: 'Change password' }).click();
  await expect(pageA).toHaveURL(/\/login/);

  // The other browser still holds a valid-looking cookie, but its session row is gone.
  await pageB.goto('/account/basic-information');
  await expect(pageB).toHaveURL(/\/login/);

  await signIn(pageB, { email: account.email, password: 'a-brand-new-password' });
  await expect(pageB.getByRole('heading', { name: 'AccessKey Management' })).toBeVisible();
  await first.close();
  await second.close();
});
