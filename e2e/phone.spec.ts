import { expect, test, type Locator, type Page } from '@playwright/test';
import { insertAccessKey } from './api-fixtures';
import { createAccount, signIn } from './fixtures';

const PHONE = { width: 390, height: 844 };

test.use({ viewport: PHONE });

/**
 * Measured where the page left it, without scrolling it into view: scrolling would also scroll a
 * sideways-scrolling table and hide the very problem this checks.
 */
async function expectWithinWidth(locator: Locator) {
  await expect(locator).toBeVisible();
  const box = await locator.boundingBox();
  expect(box, 'bounding box').not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
}

async function expectNoSidewaysScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
    PHONE.width,
  );
}

test('on a phone every AccessKey shows its status and actions without sideways scrolling', async ({
  page,
}) => {
  const member = await createAccount({ prefix: 'phone' });
  const enabled = await insertAccessKey(member.id);
  const disabled = await insertAccessKey(member.id, { status: 'disabled' });
  await signIn(page, member);
  await page.goto('/account/api-information/access-keys');

  const rowOf = (accessKeyId: string) => page.getByRole('row').filter({ hasText: accessKeyId });
  const enabledRow = rowOf(enabled.accessKeyId);
  await expectWithinWidth(enabledRow.getByText(enabled.accessKeyId));
  await expectWithinWidth(enabledRow.getByText('Enabled', { exact: true }));
  await expectWithinWidth(enabledRow.getByText('Never', { exact: true }));
  for (const name of ['Disable', 'Show']) {
    await expectWithinWidth(enabledRow.getByRole('button', { name }));
  }
  await expect(enabledRow.getByRole('button', { name: 'Delete' })).toHaveCount(0);

  const disabledRow = rowOf(disabled.accessKeyId);
  await expectWithinWidth(disabledRow.getByText('Disabled', { exact: true }));
  for (const name of ['Enable', 'Show', 'Delete']) {
    await expectWithinWidth(disabledRow.getByRole('button', { name }));
  }
  await expectNoSidewaysScroll(page);
});

test('on a phone an administrator reaches every account action and reads the audit log without sideways scrolling', async ({
  page,
}) => {
  const admin = await createAccount({ role: 'admin', prefix: 'phone-admin' });
  const tag = `phone-${Date.now().toString(36)}`;
  const members = [
    await createAccount({ prefix: tag, programmaticAccess: false }),
    await createAccount({ prefix: tag }),
  ];
  await signIn(page, admin);

  await page.goto(`/admin/users?q=${encodeURIComponent(tag)}`);
  const accounts = page.getByRole('table', { name: 'Accounts' });
  await expect(accounts.getByRole('row').filter({ hasText: tag })).toHaveCount(members.length);
  for (const member of members) {
    await expectWithinWidth(
      page.getByRole('switch', { name: `Programmatic Access for ${member.email}` }),
    );
    await expectWithinWidth(page.getByRole('button', { name: `Actions for ${member.email}` }));
  }
  await expectNoSidewaysScroll(page);

  const grant = page.getByRole('switch', { name: `Programmatic Access for ${members[0].email}` });
  await grant.click();
  await expect(page.getByText(`Programmatic Access granted to ${members[0].email}.`)).toBeVisible();
  await page.getByRole('button', { name: `Actions for ${members[1].email}` }).click();
  await expectWithinWidth(page.getByRole('menuitem', { name: 'Make administrator' }));
  await page.keyboard.press('Escape');

  for (const [path, table] of [
    [`/admin/audit-log?actor=${encodeURIComponent(admin.email)}`, 'Audit events'],
    ['/account/activity', 'Your activity'],
  ]) {
    await page.goto(path);
    const rows = page.getByRole('table', { name: table }).getByRole('row');
    const granted = rows.filter({ hasText: 'Programmatic Access granted' });
    await expect(granted).toHaveCount(1);
    await expectWithinWidth(granted.getByText(members[0].email, { exact: true }));
    await expectWithinWidth(granted.getByText('false → true'));
    await expectWithinWidth(rows.filter({ hasText: 'Signed in' }).first().getByText('127.0.0.1'));
    await expectNoSidewaysScroll(page);
  }
});
