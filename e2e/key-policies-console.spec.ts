import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db';
import { accessKeys } from '@/db/schema';
import { createApiClient } from '@/lib/open-api/client';
import { ConsoleClient } from './action-client';
import { startIsolatedServer, type IsolatedServer } from './admin-fixtures';
import { auditRowsFor, clientFor, insertAccessKey, readKey, setKeyExpiry } from './api-fixtures';
import {
  createAccount,
  latestCode,
  mailsTo,
  signIn,
  submitCreateDialog,
  waitLongerForWrites,
} from './fixtures';

// Other specs write large batches (100,000 seeded accounts); wait for them rather than fail.
test.beforeAll(() => waitLongerForWrites());

const PAGE = '/account/api-information/access-keys';
const BASE = process.env.E2E_BASE_URL ?? `http://127.0.0.1:${process.env.E2E_PORT ?? 3210}`;
const KEYS = 'app/(console)/account/api-information/access-keys/actions.ts';
const KEY_POLICY = 'app/(console)/admin/settings/key-policy-actions.ts';
const DAY = 86_400_000;

function keyRow(page: Page, accessKeyId: string) {
  return page.getByRole('row').filter({ hasText: accessKeyId });
}

async function verifyEmail(page: Page, email: string) {
  const dialog = page.getByRole('dialog', { name: 'Verify your email' });
  const before = (await mailsTo(email)).length;
  await dialog.getByRole('button', { name: 'Send code' }).click();
  await dialog.getByLabel('Verification code').fill(await latestCode(email, before));
  await dialog.getByRole('button', { name: 'Verify' }).click();
  await expect(dialog).toBeHidden();
}

test('a key created with a name, an expiry and an allow-list; listed, exported, refused once expired, deleted as it is', async ({
  page,
}) => {
  const account = await createAccount({ prefix: 'policy-ui' });
  await signIn(page, account);
  await page.goto(PAGE);
  await submitCreateDialog(page, {
    name: 'billing export',
    description: 'Nightly job, "prod" cluster',
    expiresIn: '30',
    allowedIps: '127.0.0.1\n::1',
  });
  await verifyEmail(page, account.email);

  const created = page.getByRole('dialog', { name: 'AccessKey created' });
  await expect(created).toContainText('billing export');
  const accessKeyId = await created.getByLabel('AccessKey ID', { exact: true }).inputValue();
  const secret = await created.getByLabel('AccessKey Secret', { exact: true }).inputValue();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    created.getByRole('button', { name: 'Download CSV' }).click(),
  ]);
  const csv = readFileSync(await download.path(), 'utf8');
  const [header, line] = csv.split('\r\n');
  expect(header).toBe('AccessKey ID,AccessKey Secret,Name,Description,Expires (UTC)');
  expect(line).toMatch(
    new RegExp(
      `^${accessKeyId},${secret},billing export,"Nightly job, ""prod"" cluster",\\d{4}-\\d{2}-\\d{2}T`,
    ),
  );
  await created.getByRole('button', { name: 'Done' }).click();

  const row = keyRow(page, accessKeyId);
  await expect(row).toContainText('billing export');
  await expect(row).toContainText('Nightly job, "prod" cluster');
  await expect(row).toContainText('Expires in 30 days');
  await expect(row.getByRole('list', { name: 'Allowed addresses' })).toHaveText(
    /127\.0\.0\.1\s*::1/,
  );
  await expect(row.getByRole('button', { name: 'Delete' })).toHaveCount(0);

  const client = createApiClient({ baseUrl: BASE, accessKeyId, secret });
  expect((await client.request('GET', '/api/v1/account')).status).toBe(200);
  const [audit] = await auditRowsFor('access_key.created', accessKeyId);
  expect(JSON.parse(audit.detail!)).toMatchObject({
    name: 'billing export',
    allowedIps: '127.0.0.1, ::1',
  });

  // Expired through the database, never by waiting.
  const [stored] = await getDb()
    .select()
    .from(accessKeys)
    .where(eq(accessKeys.accessKeyId, accessKeyId));
  await setKeyExpiry(
    { id: stored.id, userId: account.id, accessKeyId, secret },
    new Date(Date.now() - DAY),
  );
  expect((await client.request('GET', '/api/v1/account')).json).toMatchObject({
    code: 'AccessKeyExpired',
  });
  await page.reload();
  await expect(row).toContainText('Expired on');
  await expect(row).toContainText('Enabled');
  await row.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByText(`AccessKey ${accessKeyId} deleted.`)).toBeVisible();
  await expect(row).toHaveCount(0);
});

test('an expiry date is the end of that day; a date in the past is refused with a sentence', async ({
  page,
}) => {
  const account = await createAccount({ prefix: 'policy-date' });
  await signIn(page, account);
  await page.goto(PAGE);
  const day = new Date(Date.now() + 10 * DAY).toISOString().slice(0, 10);
  await submitCreateDialog(page, { expiresIn: 'date', expiresOn: day });
  await verifyEmail(page, account.email);
  const created = page.getByRole('dialog', { name: 'AccessKey created' });
  const accessKeyId = await created.getByLabel('AccessKey ID', { exact: true }).inputValue();
  await created.getByRole('button', { name: 'Done' }).click();
  const [stored] = await getDb()
    .select()
    .from(accessKeys)
    .where(eq(accessKeys.accessKeyId, accessKeyId));
  expect(stored.expiresAt?.toISOString()).toBe(`${day}T23:59:59.999Z`);
  await expect(keyRow(page, accessKeyId)).toContainText(/Expires in (10|11) days/);

  // The browser's own date check is left out, as a script would: the server refuses.
  const client = await new ConsoleClient().signIn(account);
  const refused = await client.action(`${KEYS}#createAccessKeyAction`, {
    expiresIn: 'date',
    expiresOn: '2020-01-01',
  });
  expect(refused.state).toEqual({
    error: 'That expiry date has passed. Choose today or a later date.',
  });
});

test('editing: rename and narrow without a code; widening asks for the email first; bad entries are named', async ({
  page,
}) => {
  const account = await createAccount({ prefix: 'policy-edit' });
  const key = await insertAccessKey(account.id);
  await signIn(page, account);
  await page.goto(PAGE);
  const row = keyRow(page, key.accessKeyId);
  await expect(row).toContainText('Any address');

  const edit = page.getByRole('dialog', { name: `Edit AccessKey ${key.accessKeyId}` });
  await row.getByRole('button', { name: `Edit ${key.accessKeyId}` }).click();
  await edit.getByLabel('Name (optional)').fill('deploy bot');
  await edit.getByLabel('IP allow-list (optional)').fill('127.0.0.1, 10.0.0.0/8');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText(`AccessKey ${key.accessKeyId} saved.`).last()).toBeVisible();
  await expect(edit).toBeHidden();
  await expect(row).toContainText('deploy bot');
  await expect(row).toContainText('10.0.0.0/8');
  expect(await mailsTo(account.email)).toHaveLength(0);

  // An invalid entry: named, nothing saved.
  await row.getByRole('button', { name: `Edit ${key.accessKeyId}` }).click();
  await edit.getByLabel('IP allow-list (optional)').fill('127.0.0.1 10.1.2.3/8');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(
    page.getByText(
      'The IP allow-list entry "10.1.2.3/8" does not start its range; did you mean 10.0.0.0/8?',
    ),
  ).toBeVisible();
  await expect(edit).toBeVisible();

  // Narrowing (dropping a range) needs no code.
  await edit.getByLabel('IP allow-list (optional)').fill('127.0.0.1');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toBeHidden();
  await expect(row).not.toContainText('10.0.0.0/8');
  expect((await readKey(key)).allowedIps).toBe(JSON.stringify(['127.0.0.1']));

  // Clearing it (any address) widens it: the email first, then the same change is saved.
  await row.getByRole('button', { name: `Edit ${key.accessKeyId}` }).click();
  await edit.getByLabel('IP allow-list (optional)').fill('');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('dialog', { name: 'Verify your email' })).toBeVisible();
  expect((await readKey(key)).allowedIps).toBe(JSON.stringify(['127.0.0.1']));
  await verifyEmail(page, account.email);
  await expect(page.getByText(`AccessKey ${key.accessKeyId} saved.`).last()).toBeVisible();
  await expect(row).toContainText('Any address');
  expect((await readKey(key)).allowedIps).toBeNull();
  const audits = await auditRowsFor('access_key.updated', key.accessKeyId);
  expect(audits.map((audit) => JSON.parse(audit.detail!).changed)).toEqual([
    'IP allow-list',
    'IP allow-list',
    'name, IP allow-list',
  ]);
});

test('a leaked key shows its badge, stays disabled and can be deleted; an old unused key is flagged', async ({
  page,
}) => {
  const account = await createAccount({ prefix: 'policy-badges' });
  const leaked = await insertAccessKey(account.id, { formatted: true });
  const idle = await insertAccessKey(account.id);
  await getDb()
    .update(accessKeys)
    .set({
      createdAt: new Date(Date.now() - 120 * DAY),
      lastUsedAt: new Date(Date.now() - 91 * DAY),
    })
    .where(eq(accessKeys.id, idle.id));
  const reported = await fetch(`${BASE}/api/v1/leaked-credentials`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify([{ secret: leaked.secret, url: 'https://paste.example.test/x' }]),
  });
  expect(reported.status).toBe(202);

  await signIn(page, account);
  await page.goto(PAGE);
  const leakedRow = keyRow(page, leaked.accessKeyId);
  await expect(leakedRow).toContainText('Leaked');
  await expect(leakedRow).toContainText('Disabled');
  await expect(leakedRow.getByRole('button', { name: 'Enable' })).toBeDisabled();
  await expect(keyRow(page, idle.accessKeyId)).toContainText('Unused for 90 days');
  await expect(leakedRow).not.toContainText('Unused for 90 days');

  // A crafted call cannot enable it either.
  const client = await new ConsoleClient().signIn(account);
  const refused = await client.action(`${KEYS}#setAccessKeyStatusAction`, {
    id: String(leaked.id),
    status: 'enabled',
  });
  expect(refused.state?.error).toMatch(/^This AccessKey was reported as leaked/);
  expect((await clientFor(leaked, BASE).request('GET', '/api/v1/account')).status).toBe(403);

  await leakedRow.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
  await expect(leakedRow).toHaveCount(0);
});

test.describe('the maximum key lifetime, on a console of its own', () => {
  // Its own server: a policy on the shared one would refuse other tests' keys.
  let server: IsolatedServer;
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    server = await startIsolatedServer();
  });
  test.afterAll(() => server?.stop());

  /** Opens the verification window of every session of the administrator, through the database. */
  async function verifySessions() {
    const until = Date.now() + 15 * 60_000;
    await server.database.execute(
      server.database.engine === 'postgres'
        ? `update sessions set verified_until = to_timestamp(${until / 1000})`
        : `update sessions set verified_until = ${until}`,
    );
  }

  test('set in Settings, enforced on the server even for a crafted call, and counted', async ({
    browser,
  }) => {
    const admin = await new ConsoleClient(server.baseURL).signIn(server.admin);
    await verifySessions();
    const before = await admin.action(`${KEYS}#createAccessKeyAction`, { name: 'forever' });
    expect(before.state?.success, before.text.slice(0, 300)).toMatch(/ created\.$/);

    const context = await browser.newContext({ baseURL: server.baseURL });
    const page = await context.newPage();
    try {
      await signIn(page, server.admin);
      await page.getByRole('link', { name: 'Settings' }).click();
      await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
      await page.getByLabel('Maximum AccessKey lifetime').selectOption('30');
      await page.getByRole('button', { name: 'Save key policy' }).click();
      await expect(page.getByTestId('form-message')).toHaveText(
        'Key policy saved: new AccessKeys expire within 30 days.',
      );
      await page.reload();
      await expect(page.getByLabel('Maximum AccessKey lifetime')).toHaveValue('30');
      await expect(page.getByTestId('keys-beyond-policy')).toHaveText(
        '1 existing AccessKey expires later than a key created today may (1 never expires). They keep their expiry until their owners replace them.',
      );

      // The Create dialog offers only what the policy allows.
      await page.goto(PAGE);
      await page.getByRole('button', { name: 'Create AccessKey' }).click();
      const expires = page.getByRole('dialog', { name: 'Create AccessKey' }).getByLabel('Expires');
      await expect(expires).toHaveValue('30');
      expect(await expires.locator('option').allTextContents()).toEqual([
        'In 7 days',
        'In 30 days',
        'On a date…',
      ]);
    } finally {
      await context.close();
    }

    // Crafted calls: what the form no longer offers is refused by the server.
    await verifySessions();
    const crafted: Record<string, string>[] = [
      {},
      { expiresIn: 'never' },
      { expiresIn: '365' },
      { expiresIn: 'date', expiresOn: new Date(Date.now() + 40 * DAY).toISOString().slice(0, 10) },
    ];
    for (const fields of crafted) {
      const refused = await admin.action(`${KEYS}#createAccessKeyAction`, fields);
      expect(refused.state?.error, JSON.stringify(fields)).toMatch(
        /^Keys must expire within 30 days, as an administrator has set\./,
      );
    }
    const allowed = await admin.action(`${KEYS}#createAccessKeyAction`, { expiresIn: '30' });
    expect(allowed.state?.success, allowed.text.slice(0, 300)).toMatch(/ created\.$/);
    const [{ keys }] = await server.query<{ keys: number }>(
      'select cast(count(*) as integer) as keys from access_keys',
    );
    expect(keys).toBe(2);
    const [audit] = await server.query<{ detail: string }>(
      "select detail from audit_logs where action = 'settings.key_policy_changed'",
    );
    expect(JSON.parse(audit.detail)).toEqual({ from: null, to: 30 });

    // Back to no maximum (members are refused: e2e/authorization-matrix.spec.ts).
    const cleared = await admin.action(`${KEY_POLICY}#setKeyPolicyAction`, {
      maxLifetimeDays: 'none',
    });
    expect(cleared.state?.success).toBe(
      'Key policy saved: AccessKeys may be created without an expiry.',
    );
  });
});
