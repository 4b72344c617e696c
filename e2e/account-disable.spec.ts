import { expect, test, type Browser, type Page } from '@playwright/test';
import { auditRowsAbout, captureServerAction, replayServerAction, userRow } from './admin-fixtures';
import { createAccount, signIn, type Account } from './fixtures';

async function signedInPage(browser: Browser, account: Account) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, account);
  return page;
}

async function openUsers(page: Page, q: string) {
  await page.goto(`/admin/users?q=${encodeURIComponent(q)}`);
  await expect(page.getByRole('heading', { name: 'Users', exact: true })).toBeVisible();
}

function accountRow(page: Page, email: string) {
  return page.getByRole('table', { name: 'Accounts' }).getByRole('row', { name: email });
}

async function openDisableDialog(page: Page, email: string) {
  await page.getByRole('button', { name: `Actions for ${email}` }).click();
  await page.getByRole('menuitem', { name: 'Disable account' }).click();
  return page.getByRole('alertdialog', { name: 'Disable account?' });
}

test('a disabled account is signed out at once and refused at sign-in; enabling restores it', async ({
  page,
  browser,
}) => {
  const admin = await createAccount({ role: 'admin', prefix: 'admin' });
  const member = await createAccount();
  const memberPage = await signedInPage(browser, member);
  await memberPage.goto('/account/basic-information');
  await expect(memberPage.getByRole('heading', { name: 'Basic Information' })).toBeVisible();

  await signIn(page, admin);
  await openUsers(page, member.email);
  const row = accountRow(page, member.email);
  await expect(row).not.toContainText('Disabled');

  const dialog = await openDisableDialog(page, member.email);
  await expect(dialog).toContainText(`${member.email} can no longer sign in`);
  await expect(dialog).toContainText('every open session of the account ends at once');
  await expect(dialog).toContainText('Every AccessKey of the account is rejected by the Open API');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  expect((await userRow(member.id))?.disabledAt).toBeNull();

  await openDisableDialog(page, member.email);
  await dialog.getByRole('button', { name: 'Disable account' }).click();
  await expect(page.getByText(`${member.email} is disabled.`)).toBeVisible();
  await expect(row).toContainText('Disabled');
  expect((await userRow(member.id))?.disabledAt).toBeInstanceOf(Date);

  // The other browser still holds its cookie, but its session ended with the disable.
  await memberPage.goto('/account/api-information/access-keys');
  await expect(memberPage).toHaveURL(/\/login/);
  await memberPage.getByLabel('Email').fill(member.email);
  await memberPage.getByLabel('Password').fill(member.password);
  await memberPage.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(memberPage.getByTestId('form-message')).toHaveText('Invalid email or password.');
  await expect(memberPage).toHaveURL(/\/login/);

  await page.getByRole('button', { name: `Actions for ${member.email}` }).click();
  await expect(page.getByRole('menuitem', { name: 'Disable account' })).toHaveCount(0);
  await page.getByRole('menuitem', { name: 'Enable account' }).click();
  await expect(page.getByText(`${member.email} is enabled again and can sign in.`)).toBeVisible();
  await expect(row).not.toContainText('Disabled');
  expect((await userRow(member.id))?.disabledAt).toBeNull();

  await signIn(memberPage, member);
  await expect(memberPage.getByRole('heading', { name: 'AccessKey Management' })).toBeVisible();

  const events = (await auditRowsAbout(member.id))
    .sort((a, b) => a.id - b.id)
    .map((entry) => ({
      action: entry.action,
      actorId: entry.actorId,
      reason: entry.detail ? JSON.parse(entry.detail).reason : undefined,
    }));
  expect(events.filter((entry) => entry.action !== 'auth.signed_in')).toEqual([
    { action: 'user.created', actorId: null, reason: undefined },
    { action: 'user.disabled', actorId: admin.id, reason: undefined },
    { action: 'auth.sign_in_failed', actorId: member.id, reason: 'account_disabled' },
    { action: 'user.enabled', actorId: admin.id, reason: undefined },
  ]);

  await page.goto(`/admin/audit-log?actor=${encodeURIComponent(admin.email)}`);
  const auditTable = page.getByRole('table', { name: 'Audit events' });
  await expect(auditTable.getByRole('row', { name: /Account disabled/ })).toContainText(
    member.email,
  );
  await expect(auditTable.getByRole('row', { name: /Account enabled/ })).toContainText(
    member.email,
  );
  await memberPage.context().close();
});

test('administrators cannot disable themselves, and members cannot disable anyone', async ({
  page,
  browser,
}) => {
  const admin = await createAccount({ role: 'admin', prefix: 'admin' });
  const bystander = await createAccount();
  const member = await createAccount();
  await signIn(page, admin);

  await openUsers(page, admin.email);
  await page.getByRole('button', { name: `Actions for ${admin.email}` }).click();
  await expect(page.getByRole('menuitem', { name: 'Send set-password link' })).toBeVisible();
  await expect(page.getByRole('menuitem', { name: 'Disable account' })).toHaveCount(0);
  await page.keyboard.press('Escape');

  await openUsers(page, bystander.email);
  await openDisableDialog(page, bystander.email);
  const disable = await captureServerAction(page, () =>
    page
      .getByRole('alertdialog', { name: 'Disable account?' })
      .getByRole('button', { name: 'Disable account' })
      .click(),
  );
  await expect(page.getByText(`${bystander.email} is disabled.`)).toBeVisible();
  expect(disable.body).toContain(String(bystander.id));
  const retarget = (id: number) => (body: string) =>
    body.replace(new RegExp(`(\\r\\n\\r\\n)${bystander.id}(\\r\\n)`), `$1${id}$2`);
  expect(retarget(admin.id)(disable.body)).not.toBe(disable.body);

  // The administrator's own session forging the call for their own account.
  const self = await replayServerAction(page, disable, retarget(admin.id));
  expect(self.text).toContain('You cannot disable your own account.');
  expect((await userRow(admin.id))?.disabledAt).toBeNull();

  const memberPage = await signedInPage(browser, member);
  await memberPage.goto('/account/basic-information');
  for (const victim of [admin.id, member.id]) {
    const reply = await replayServerAction(memberPage, disable, retarget(victim));
    expect(reply.text).toContain('Only administrators can do this.');
    expect((await userRow(victim))?.disabledAt).toBeNull();
  }
  // Re-enabling the bystander is administrators' work too.
  const enable = (body: string) => body.replace(/(\r\n\r\n)true(\r\n)/, '$1false$2');
  expect(enable(disable.body)).not.toBe(disable.body);
  const reply = await replayServerAction(memberPage, disable, enable);
  expect(reply.text).toContain('Only administrators can do this.');
  expect((await userRow(bystander.id))?.disabledAt).toBeInstanceOf(Date);

  await memberPage.reload();
  await expect(memberPage.getByRole('heading', { name: 'Basic Information' })).toBeVisible();
  for (const id of [admin.id, member.id]) {
    expect(
      (await auditRowsAbout(id)).filter(
        (row) => row.action === 'user.disabled' || row.action === 'user.enabled',
      ),
    ).toEqual([]);
  }
  await memberPage.context().close();
});
