import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { getDb } from '@/db';
import { auditLogs } from '@/db/schema';
import { createAccount, signIn, type Account } from './fixtures';

function eventsTable(page: Page, name = 'Audit events') {
  return page.getByRole('table', { name });
}

/** Audit rows written straight into the database, for volumes and dates the UI cannot produce. */
async function insertEvents(
  actor: Account,
  count: number,
  options: { start: Date; userAgent?: string },
) {
  await getDb()
    .insert(auditLogs)
    .values(
      Array.from({ length: count }, (_, i) => ({
        actorId: actor.id,
        actorEmail: actor.email,
        action: i % 2 === 0 ? 'auth.signed_in' : 'verification.code_sent',
        targetType: 'user',
        targetId: String(actor.id),
        ip: '192.0.2.7',
        userAgent: options.userAgent ?? 'seeded-agent',
        createdAt: new Date(options.start.getTime() + i * 60 * 60 * 1000),
      })),
    );
}

test('administrator changes appear in the audit log with actor, target and values', async ({
  page,
}) => {
  const admin = await createAccount({ role: 'admin', prefix: 'admin' });
  const member = await createAccount({ programmaticAccess: false });
  await signIn(page, admin);
  await page.goto(`/admin/users?q=${encodeURIComponent(member.email)}`);
  await page.getByRole('switch', { name: `Programmatic Access for ${member.email}` }).click();
  await expect(page.getByText(`Programmatic Access granted to ${member.email}.`)).toBeVisible();

  await page.goto('/admin/audit-log');
  await page.getByLabel('Actor email').fill(admin.email);
  await page.getByLabel('Action').selectOption({ label: 'Programmatic Access granted' });
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/action=user\.programmatic_access_granted/);
  const rows = eventsTable(page).getByRole('row');
  await expect(rows).toHaveCount(2);
  const row = rows.nth(1);
  const cells = row.getByRole('cell');
  await expect(cells.nth(1)).toHaveText(admin.email);
  await expect(cells.nth(2)).toHaveText('Programmatic Access granted');
  await expect(cells.nth(3)).toHaveText(member.email);
  await expect(cells.nth(4)).toContainText('false → true');

  await page.getByRole('link', { name: 'Clear filters' }).click();
  await expect(page).toHaveURL(/\/admin\/audit-log$/);
  await page.getByLabel('Actor email').fill(admin.email);
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(eventsTable(page)).toContainText('Signed in');
  await expect(eventsTable(page)).toContainText('Programmatic Access granted');
  // Newest first: the grant came after the sign-in.
  await expect(rows.nth(1)).toContainText('Programmatic Access granted');
});

test('filters by time range and pages through many events', async ({ page }) => {
  const admin = await createAccount({ role: 'admin', prefix: 'admin' });
  const actor = await createAccount({ prefix: 'busy' });
  await insertEvents(actor, 60, { start: new Date('2021-03-01T00:00:00Z') });
  await signIn(page, admin);

  await page.goto(`/admin/audit-log?actor=${encodeURIComponent(actor.email)}`);
  const rows = eventsTable(page).getByRole('row');
  const pagination = page.getByRole('navigation', { name: 'Pagination' });
  await expect(rows).toHaveCount(51);
  await expect(rows.nth(1).getByRole('cell').first()).toContainText('Mar 3, 2021');
  await pagination.getByRole('link', { name: 'Next page' }).click();
  await expect(pagination).toContainText('Page 2');
  await expect(rows).toHaveCount(11);
  await expect(rows.last().getByRole('cell').first()).toContainText('Mar 1, 2021, 00:00');
  await expect(pagination.getByRole('link', { name: 'Next page' })).toHaveCount(0);

  await page.getByLabel('From', { exact: true }).fill('2021-03-02');
  await page.getByLabel('To', { exact: true }).fill('2021-03-02');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/from=2021-03-02&to=2021-03-02/);
  await expect(rows).toHaveCount(25);
  for (const text of await rows.allInnerTexts()) {
    if (!text.includes('Time')) expect(text).toContain('Mar 2, 2021');
  }

  await page.getByLabel('Action').selectOption({ label: 'Verification code sent' });
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(rows).toHaveCount(13);
});

test('CSV export downloads the filtered events with a header row and neutralised formulas', async ({
  page,
}) => {
  const admin = await createAccount({ role: 'admin', prefix: 'admin' });
  const actor = await createAccount({ prefix: 'csv' });
  await insertEvents(actor, 3, {
    start: new Date('2022-05-01T12:00:00Z'),
    userAgent: '=HYPERLINK("http://evil.example","click"),x',
  });
  await signIn(page, admin);
  await page.goto(`/admin/audit-log?actor=${encodeURIComponent(actor.email)}`);
  await expect(eventsTable(page).getByRole('row')).toHaveCount(4);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Export CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^audit-log-\d{8}-\d{6}\.csv$/);
  const lines = readFileSync((await download.path())!, 'utf8')
    .trimEnd()
    .split('\r\n');
  expect(lines[0]).toBe(
    'time_utc,actor_email,actor_id,action,target_type,target_id,target_email,detail,ip,user_agent',
  );
  expect(lines).toHaveLength(4);
  expect(lines[1]).toBe(
    `2022-05-01T14:00:00.000Z,${actor.email},${actor.id},auth.signed_in,user,${actor.id},${actor.email},,192.0.2.7,"'=HYPERLINK(""http://evil.example"",""click""),x"`,
  );

  await page.goto(
    `/admin/audit-log?actor=${encodeURIComponent(admin.email)}&action=audit_log.exported`,
  );
  await expect(eventsTable(page).getByRole('row')).toHaveCount(2);
  await expect(eventsTable(page)).toContainText(`actor: ${actor.email}`);
});

test('an account sees its own activity, including what administrators did to it', async ({
  page,
  browser,
}) => {
  const admin = await createAccount({ role: 'admin', prefix: 'admin' });
  const member = await createAccount({ programmaticAccess: false });
  const stranger = await createAccount();

  const adminPage = await (await browser.newContext()).newPage();
  await signIn(adminPage, admin);
  await adminPage.goto(`/admin/users?q=${encodeURIComponent(member.email)}`);
  await adminPage.getByRole('switch', { name: `Programmatic Access for ${member.email}` }).click();
  await expect(
    adminPage.getByText(`Programmatic Access granted to ${member.email}.`),
  ).toBeVisible();
  await adminPage.context().close();
  const strangerPage = await (await browser.newContext()).newPage();
  await signIn(strangerPage, stranger);
  await strangerPage.context().close();

  await signIn(page, member);
  await page
    .getByRole('navigation', { name: 'Console' })
    .getByRole('link', { name: 'Activity' })
    .click();
  await expect(page.getByRole('heading', { name: 'Activity' })).toBeVisible();
  const table = eventsTable(page, 'Your activity');
  const granted = table.getByRole('row', { name: /Programmatic Access granted/ });
  await expect(granted.getByRole('cell').nth(1)).toHaveText(admin.email);
  await expect(granted.getByRole('cell').nth(3)).toHaveText(member.email);
  // Where the administrator acted from is not shown to the account holder.
  await expect(granted.getByRole('cell').nth(5)).toHaveText('—');
  const signedIn = table.getByRole('row', { name: /Signed in/ });
  await expect(signedIn).toHaveCount(1);
  await expect(signedIn.getByRole('cell').nth(1)).toHaveText(member.email);
  await expect(table).not.toContainText(stranger.email);
  // The administrator appears only for what they did to this account.
  await expect(table.getByRole('row').filter({ hasText: admin.email })).toHaveCount(1);
});
