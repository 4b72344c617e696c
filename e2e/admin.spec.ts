import { expect, test, type Browser, type Page } from '@playwright/test';
import { eq, inArray } from 'drizzle-orm';
import { getDb } from '@/db';
import { users } from '@/db/schema';
import {
  auditRowsAbout,
  BULK_COUNT,
  BULK_DOMAIN,
  bulkEmail,
  captureServerAction,
  replayServerAction,
  seedBulkAccounts,
  startIsolatedServer,
  userRow,
  welcomeLinkPath,
} from './admin-fixtures';
import { createAccount, signIn, type Account } from './fixtures';

async function signedInPage(browser: Browser, account: Account) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, account);
  return page;
}

function accountsTable(page: Page) {
  return page.getByRole('table', { name: 'Accounts' });
}

async function openUsers(page: Page, q: string) {
  await page.goto(`/admin/users?q=${encodeURIComponent(q)}`);
  await expect(page.getByRole('heading', { name: 'Users', exact: true })).toBeVisible();
}

test('an administrator grants Programmatic Access at once and revokes it after confirming', async ({
  page,
  browser,
}) => {
  const admin = await createAccount({ role: 'admin', prefix: 'admin' });
  const member = await createAccount({ programmaticAccess: false });
  await signIn(page, admin);
  await openUsers(page, member.email);
  const toggle = page.getByRole('switch', { name: `Programmatic Access for ${member.email}` });
  await expect(toggle).not.toBeChecked();

  await toggle.click();
  await expect(page.getByText(`Programmatic Access granted to ${member.email}.`)).toBeVisible();
  await expect(toggle).toBeChecked();
  expect((await userRow(member.id))?.programmaticAccess).toBe(true);

  const memberPage = await signedInPage(browser, member);
  await memberPage.goto('/account/basic-information');
  await expect(memberPage.getByRole('main').getByText('Granted', { exact: true })).toBeVisible();

  await toggle.click();
  const dialog = page.getByRole('alertdialog', { name: 'Revoke Programmatic Access?' });
  await expect(dialog).toContainText(`The AccessKeys of ${member.email} stop working at once`);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(toggle).toBeChecked();
  expect((await userRow(member.id))?.programmaticAccess).toBe(true);

  await toggle.click();
  await dialog.getByRole('button', { name: 'Revoke access' }).click();
  await expect(page.getByText(`Programmatic Access revoked for ${member.email}.`)).toBeVisible();
  await expect(toggle).not.toBeChecked();
  expect((await userRow(member.id))?.programmaticAccess).toBe(false);

  // The banner on the member's AccessKey page belongs to the AccessKey page; checked after merge.
  await memberPage.reload();
  await expect(memberPage.getByRole('main').getByText('Not granted')).toBeVisible();
  await memberPage.context().close();
});

test('a member gets the 404 page for every administration URL', async ({ page }) => {
  const member = await createAccount();
  await signIn(page, member);
  for (const url of ['/admin/users', '/admin/users?q=admin', '/admin/audit-log']) {
    const response = await page.goto(url);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    await expect(page.getByRole('table')).toHaveCount(0);
  }
  const exported = await page.request.get('/admin/audit-log/export');
  expect(exported.status()).toBe(404);
  expect(await exported.text()).not.toContain('action');
});

test('a member who forges the administrators’ action calls changes nothing', async ({
  page,
  browser,
}) => {
  const admin = await createAccount({ role: 'admin', prefix: 'admin' });
  const bystander = await createAccount({ programmaticAccess: false });
  const member = await createAccount({ programmaticAccess: false });
  await signIn(page, admin);
  await openUsers(page, bystander.email);

  const grant = await captureServerAction(page, () =>
    page.getByRole('switch', { name: `Programmatic Access for ${bystander.email}` }).click(),
  );
  await expect(page.getByText(`Programmatic Access granted to ${bystander.email}.`)).toBeVisible();
  await page.getByRole('button', { name: `Actions for ${bystander.email}` }).click();
  await page.getByRole('menuitem', { name: 'Make administrator' }).click();
  const promote = await captureServerAction(page, () =>
    page
      .getByRole('alertdialog', { name: 'Make administrator?' })
      .getByRole('button', { name: 'Make administrator' })
      .click(),
  );
  await expect(page.getByText(`${bystander.email} is now an administrator.`)).toBeVisible();
  expect(grant.body).toContain(String(bystander.id));
  expect(promote.body).toContain(String(bystander.id));

  const memberPage = await signedInPage(browser, member);
  await memberPage.goto('/account/basic-information');
  const toMember = (body: string) =>
    body.replace(new RegExp(`(\\r\\n\\r\\n)${bystander.id}(\\r\\n)`), `$1${member.id}$2`);
  for (const captured of [grant, promote]) {
    expect(toMember(captured.body)).not.toBe(captured.body);
    const reply = await replayServerAction(memberPage, captured, toMember);
    expect(reply.text).toContain('Only administrators can do this.');
  }
  const after = await userRow(member.id);
  expect(after?.role).toBe('member');
  expect(after?.programmaticAccess).toBe(false);
  expect(
    (await auditRowsAbout(member.id)).filter(
      (row) => row.action !== 'user.created' && row.action !== 'auth.signed_in',
    ),
  ).toEqual([]);

  // The same replay from the administrator does go through, so the forged call was well-formed.
  const adminReply = await replayServerAction(page, grant, toMember);
  expect(adminReply.text).toContain(`Programmatic Access granted to ${member.email}.`);
  expect((await userRow(member.id))?.programmaticAccess).toBe(true);
  await memberPage.context().close();
});

test('the only administrator cannot remove their own role; with a second one they can', async ({
  browser,
}) => {
  const isolated = await startIsolatedServer();
  try {
    const context = await browser.newContext({ baseURL: isolated.baseURL });
    const page = await context.newPage();
    await signIn(page, isolated.admin);
    await page.goto('/admin/users');
    const table = accountsTable(page);
    await expect(table.getByRole('row')).toHaveCount(2);

    const removeOwnRole = async () => {
      await page.getByRole('button', { name: `Actions for ${isolated.admin.email}` }).click();
      await page.getByRole('menuitem', { name: 'Remove administrator role' }).click();
      const dialog = page.getByRole('alertdialog', { name: 'Remove administrator role?' });
      await expect(dialog).toContainText('You will lose access to the administration pages');
      await dialog.getByRole('button', { name: 'Remove administrator role' }).click();
    };
    await removeOwnRole();
    await expect(page.getByText('This is the last administrator.')).toBeVisible();
    await page.reload();
    await expect(table.getByRole('row', { name: isolated.admin.email })).toContainText(
      'Administrator',
    );
    expect(await isolated.query<{ role: string }>('select role from users')).toEqual([
      { role: 'admin' },
    ]);
    expect(
      await isolated.query(`select id from audit_logs where action = 'user.role_changed'`),
    ).toHaveLength(0);

    await page.getByRole('button', { name: 'Create account' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create account' });
    await dialog.getByLabel('Email').fill('second@isolated.test');
    await dialog.getByLabel('Name').fill('Second Admin');
    await dialog.getByLabel('Role').selectOption('admin');
    await dialog.getByLabel('Initial password (optional)').fill('second-admin-password');
    await dialog.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByText('Account second@isolated.test created')).toBeVisible();

    await removeOwnRole();
    await expect(page).toHaveURL(/\/account\/basic-information$/);
    await expect(page.getByRole('main').getByText('Member', { exact: true })).toBeVisible();
    const response = await page.goto('/admin/users');
    expect(response?.status()).toBe(404);
    await context.close();
  } finally {
    await isolated.stop();
  }
});

test('creating accounts: bad input is refused, the welcome link sets the password once', async ({
  page,
  browser,
}) => {
  const admin = await createAccount({ role: 'admin', prefix: 'admin' });
  const existing = await createAccount();
  await signIn(page, admin);
  await page.goto('/admin/users');

  await page.getByRole('button', { name: 'Create account' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create account' });
  const message = dialog.getByTestId('form-message');
  await dialog.getByLabel('Email').fill('not-an-email');
  await dialog.getByLabel('Name').fill('Somebody');
  await dialog.getByRole('button', { name: 'Create account' }).click();
  await expect(message).toHaveText('Enter a valid email address.');

  await dialog.getByLabel('Email').fill(existing.email.toUpperCase());
  await dialog.getByRole('button', { name: 'Create account' }).click();
  await expect(message).toHaveText(`An account with the email ${existing.email} already exists.`);

  await dialog.getByLabel('Email').fill(`short-${existing.email}`);
  await dialog.getByLabel('Initial password (optional)').fill('too-short');
  await dialog.getByRole('button', { name: 'Create account' }).click();
  await expect(message).toHaveText('Password must be at least 12 characters.');
  // Counted by email: parallel tests create accounts of their own on the same server.
  const attempted = ['not-an-email', existing.email, `short-${existing.email}`];
  expect(await getDb().$count(users, inArray(users.email, attempted))).toBe(1);

  const email = `welcome-${existing.email}`;
  await dialog.getByLabel('Email').fill(email);
  await dialog.getByLabel('Name').fill('Welcome Person');
  await dialog.getByLabel('Initial password (optional)').fill('');
  await dialog.getByLabel('Grant Programmatic Access').click();
  await dialog.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText(`Account ${email} created. We emailed a link`)).toBeVisible();
  await expect(dialog).toBeHidden();
  await openUsers(page, email);
  const row = accountsTable(page).getByRole('row', { name: email });
  await expect(row).toContainText('Password not set');
  await expect(row).toContainText('Member');
  await expect(row.getByRole('switch', { name: `Programmatic Access for ${email}` })).toBeChecked();

  const linkPath = await welcomeLinkPath(email);
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(linkPath);
  await expect(visitor.getByText(`Choose the password for ${email}.`)).toBeVisible();
  await visitor.getByLabel('New password', { exact: true }).fill('welcome-password-123');
  await visitor.getByLabel('Repeat new password').fill('welcome-password-124');
  await visitor.getByRole('button', { name: 'Set password' }).click();
  await expect(visitor.getByTestId('form-message')).toHaveText(
    'The two passwords are not the same.',
  );
  await visitor.getByLabel('New password', { exact: true }).fill('welcome-password-123');
  await visitor.getByLabel('Repeat new password').fill('welcome-password-123');
  await visitor.getByRole('button', { name: 'Set password' }).click();
  await expect(visitor).toHaveURL(/\/login\?passwordSet=1$/);
  await expect(visitor.getByText('Your password is set. Sign in with it.')).toBeVisible();
  await signIn(visitor, { email, password: 'welcome-password-123' });
  await visitor.context().close();

  const again = await (await browser.newContext()).newPage();
  await again.goto(linkPath);
  await expect(again.getByTestId('form-message')).toHaveText(/This link has already been used\./);
  await expect(again.getByLabel('New password', { exact: true })).toHaveCount(0);
  await again.goto('/set-password?token=made-up-token');
  await expect(again.getByTestId('form-message')).toHaveText(/This link is not valid\./);
  await again.context().close();
});

test('an administrator sets an initial password and changes roles', async ({ page, browser }) => {
  const admin = await createAccount({ role: 'admin', prefix: 'admin' });
  const email = `initial-${admin.email}`;
  await signIn(page, admin);
  await page.goto('/admin/users');
  await page.getByRole('button', { name: 'Create account' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create account' });
  await dialog.getByLabel('Email').fill(email);
  await dialog.getByLabel('Name').fill('Initial Password');
  await dialog.getByLabel('Initial password (optional)').fill('initial-password-123');
  await dialog.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText(`Account ${email} created with the password you set.`)).toBeVisible();

  const holder = await (await browser.newContext()).newPage();
  await signIn(holder, { email, password: 'initial-password-123' });
  await holder.context().close();

  await openUsers(page, email);
  const row = accountsTable(page).getByRole('row', { name: email });
  await page.getByRole('button', { name: `Actions for ${email}` }).click();
  await page.getByRole('menuitem', { name: 'Make administrator' }).click();
  await page
    .getByRole('alertdialog', { name: 'Make administrator?' })
    .getByRole('button', { name: 'Make administrator' })
    .click();
  await expect(page.getByText(`${email} is now an administrator.`)).toBeVisible();
  await expect(row).toContainText('Administrator');

  await page.getByRole('button', { name: `Actions for ${email}` }).click();
  await page.getByRole('menuitem', { name: 'Remove administrator role' }).click();
  await page
    .getByRole('alertdialog', { name: 'Remove administrator role?' })
    .getByRole('button', { name: 'Remove administrator role' })
    .click();
  await expect(page.getByText(`${email} is now a member.`)).toBeVisible();
  await expect(row).toContainText('Member');
  const [user] = await getDb().select().from(users).where(eq(users.email, email));
  expect(user?.role).toBe('member');
});

test('acting on an account deleted in the meantime says so and changes nothing', async ({
  page,
}) => {
  const admin = await createAccount({ role: 'admin', prefix: 'admin' });
  const member = await createAccount({ programmaticAccess: false });
  await signIn(page, admin);
  await openUsers(page, member.email);
  await getDb().delete(users).where(eq(users.id, member.id));

  const toggle = page.getByRole('switch', { name: `Programmatic Access for ${member.email}` });
  await toggle.click();
  const gone = page.getByText('The account no longer exists.');
  await expect(gone).toBeVisible();
  await expect(toggle).not.toBeChecked();
  await page.getByRole('button', { name: 'Close toast' }).click();
  await expect(gone).toHaveCount(0);

  await page.getByRole('button', { name: `Actions for ${member.email}` }).click();
  await page.getByRole('menuitem', { name: 'Make administrator' }).click();
  await page
    .getByRole('alertdialog', { name: 'Make administrator?' })
    .getByRole('button', { name: 'Make administrator' })
    .click();
  await expect(gone).toBeVisible();
  expect(await userRow(member.id)).toBeUndefined();
  expect((await auditRowsAbout(member.id)).map((row) => row.action)).toEqual(['user.created']);
});

test.describe('with 100,000 accounts', () => {
  test.beforeAll(() => seedBulkAccounts());

  test('search finds accounts by email and name, pages move through them', async ({ page }) => {
    const admin = await createAccount({ role: 'admin', prefix: 'admin' });
    await signIn(page, admin);
    await page.goto('/admin/users');
    await page.getByRole('searchbox', { name: 'Search by email or name' }).fill(BULK_DOMAIN);
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page).toHaveURL(new RegExp(`q=${BULK_DOMAIN.replace('.', '\\.')}`));
    const pagination = page.getByRole('navigation', { name: 'Pagination' });
    await expect(pagination).toContainText(
      `Showing 1–25 of ${BULK_COUNT.toLocaleString('en-US')} accounts`,
    );
    await expect(pagination).toContainText('Page 1 of 4,000');
    const rows = accountsTable(page).getByRole('row');
    await expect(rows).toHaveCount(26);
    await expect(rows.nth(1)).toContainText(bulkEmail(BULK_COUNT - 1));

    await pagination.getByRole('link', { name: 'Next page' }).click();
    await expect(pagination).toContainText('Page 2 of 4,000');
    await expect(pagination).toContainText('Showing 26–50 of');
    await expect(rows.nth(1)).toContainText(bulkEmail(BULK_COUNT - 26));

    await page.goto(`/admin/users?q=${BULK_DOMAIN}&page=4000`);
    await expect(pagination).toContainText('Page 4,000 of 4,000');
    await expect(rows.last()).toContainText(bulkEmail(0));
    await expect(pagination.getByRole('link', { name: 'Next page' })).toHaveCount(0);
    await pagination.getByRole('link', { name: 'Previous page' }).click();
    await expect(pagination).toContainText('Page 3,999 of 4,000');

    await openUsers(page, bulkEmail(54_321));
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(1)).toContainText('Seeded Person 054321');
    await openUsers(page, 'seeded person 077777');
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(1)).toContainText(bulkEmail(77_777));
    await openUsers(page, 'no-such-person-anywhere');
    await expect(accountsTable(page)).toContainText(
      'No account matches “no-such-person-anywhere”.',
    );
  });
});
