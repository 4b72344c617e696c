import { expect as baseExpect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { and, eq } from 'drizzle-orm';
import { generate } from 'otplib';
import { getDb } from '@/db';
import { auditLogs, passkeys, recoveryCodes, sessions, totpCredentials } from '@/db/schema';
import { sealTotpSecret } from '@/lib/auth/mfa/totp';
import { ConsoleClient } from './action-client';
import { auditRowsAbout, startIsolatedServer, type IsolatedServer } from './admin-fixtures';
import { createAccount, mailsTo, waitLongerForWrites, type Account } from './fixtures';

// Each sign-in here is a password hash plus a second step: on a machine shared with other busy
// processes they take longer than the default 10 s assertion and 60 s test.
const expect = baseExpect.configure({ timeout: 30_000 });
test.beforeAll(() => waitLongerForWrites());
test.beforeEach(() => test.slow());

const SECURITY = '/account/basic-information/sign-in-security';
const MFA_SETUP_REQUIRED =
  'Your administrator requires two-step verification. Set up an authenticator app or a passkey under Sign-in security first.';

/**
 * Codes as an authenticator app shows them, computed with the library the console verifies with.
 * Each code is for a later 30-second step than the last one handed out (a step is accepted once),
 * within the one step ahead of now that the console accepts; it waits for the clock otherwise.
 */
function authenticatorApp(secret: string) {
  let lastStep = 0;
  return {
    secret,
    async next() {
      for (;;) {
        const current = Math.floor(Date.now() / 30_000);
        const step = Math.max(current, lastStep + 1);
        if (step <= current + 1) {
          lastStep = step;
          return generate({ secret, epoch: step * 30 });
        }
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    },
    /** A six-digit code that is none of the ones the console would accept now. */
    async wrong() {
      const current = Math.floor(Date.now() / 30_000);
      const valid = await Promise.all(
        [-1, 0, 1, 2].map((offset) => generate({ secret, epoch: (current + offset) * 30 })),
      );
      for (let candidate = 0; ; candidate++) {
        const code = String(candidate).padStart(6, '0');
        if (!valid.includes(code)) return code;
      }
    },
  };
}

async function passwordStep(page: Page, account: Pick<Account, 'email' | 'password'>) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((url) => url.pathname !== '/login' || url.searchParams.has('expired'));
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
}

/** Sets up the authenticator app through the page; returns the app and the recovery codes shown. */
async function setUpAuthenticatorApp(page: Page) {
  await page.goto(SECURITY);
  await page.getByRole('button', { name: 'Set up authenticator app' }).click();
  const dialog = page.getByRole('dialog', { name: 'Set up an authenticator app' });
  const qr = dialog.getByRole('img', { name: 'QR code for your authenticator app' });
  await expect(qr).toBeVisible();
  expect(await qr.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  const app = authenticatorApp(
    await dialog.getByRole('textbox', { name: 'Setup key' }).inputValue(),
  );
  expect(app.secret).toMatch(/^[A-Z2-7]{32}$/);

  await dialog.getByLabel('Code from the app').fill(await app.wrong());
  await dialog.getByRole('button', { name: 'Verify and turn on' }).click();
  await expect(dialog.getByTestId('form-message')).toContainText('That code is not right.');

  await dialog.getByLabel('Code from the app').fill(await app.next());
  await dialog.getByRole('button', { name: 'Verify and turn on' }).click();
  const saved = page.getByRole('dialog', { name: 'Save your recovery codes' });
  const items = saved.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
  await expect(items).toHaveCount(10);
  const codes = await items.allTextContents();
  return { app, codes, saved };
}

test('authenticator app: set up, then sign in with a code; wrong and replayed codes are refused; a recovery code works once', async ({
  page,
}) => {
  const account = await createAccount();
  await passwordStep(page, account);
  await expect(page).toHaveURL(/\/account\/api-information\/access-keys/);

  const { app, codes, saved } = await setUpAuthenticatorApp(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    saved.getByRole('button', { name: 'Download' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('accesskey-console-recovery-codes.txt');
  const text = readFileSync((await download.path())!, 'utf8');
  for (const code of codes) expect(text).toContain(code);
  await saved.getByRole('button', { name: 'I have saved them' }).click();
  await expect(page.getByRole('main').getByText('Two-step verification is on')).toBeVisible();
  await expect(page.getByTestId('recovery-codes-left')).toHaveText('10 of 10 codes left');
  await signOut(page);

  await test.step('the password alone opens no session', async () => {
    await passwordStep(page, account);
    await expect(page).toHaveURL(/\/login\/verify$/);
    await page.goto('/account/api-information/access-keys');
    await expect(page).toHaveURL(/\/login\?callbackUrl=/);
    expect(await getDb().$count(sessions, eq(sessions.userId, account.id))).toBe(0);
  });

  let code = '';
  await test.step('a wrong code is refused, the right one signs in', async () => {
    await page.goto('/login/verify');
    await page.getByLabel('Authentication code').fill(await app.wrong());
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page.getByTestId('form-message')).toHaveText('That code is not valid. Try again.');
    code = await app.next();
    await page.getByLabel('Authentication code').fill(code);
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page).toHaveURL(/\/account\/api-information\/access-keys$/);
    await signOut(page);
  });

  await test.step('the same code again is refused', async () => {
    await passwordStep(page, account);
    await page.getByLabel('Authentication code').fill(code);
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page.getByTestId('form-message')).toHaveText('That code is not valid. Try again.');
    await expect(page).toHaveURL(/\/login\/verify$/);
  });

  await test.step('a recovery code signs in once, and the owner is mailed', async () => {
    await page.getByRole('button', { name: 'Use a recovery code' }).click();
    await page.getByLabel('Recovery code').fill(codes[0].toUpperCase());
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page).toHaveURL(/\/account\/api-information\/access-keys$/);
    await expect
      .poll(async () => (await mailsTo(account.email)).map((mail) => mail.subject))
      .toContain('A recovery code was used to sign in');
    const mail = (await mailsTo(account.email)).find((m) => m.subject.startsWith('A recovery'))!;
    expect(mail.text).toContain('9 codes are left');
    expect(mail.text).not.toContain(codes[0]);
    await signOut(page);

    await passwordStep(page, account);
    await page.getByRole('button', { name: 'Use a recovery code' }).click();
    await page.getByLabel('Recovery code').fill(codes[0]);
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page.getByTestId('form-message')).toHaveText('That code is not valid. Try again.');
    await page.getByLabel('Recovery code').fill(codes[1]);
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page).toHaveURL(/\/account\/api-information\/access-keys$/);
    await page.goto(SECURITY);
    await expect(page.getByTestId('recovery-codes-left')).toHaveText('8 of 10 codes left');
  });

  const actions = (await auditRowsAbout(account.id)).map((row) => row.action);
  for (const action of [
    'mfa.totp_added',
    'mfa.recovery_codes_generated',
    'auth.second_factor_failed',
    'auth.second_factor_passed',
    'mfa.recovery_code_used',
  ]) {
    expect(actions, action).toContain(action);
  }
});

test('removing the authenticator app needs the password, and takes the recovery codes with it', async ({
  page,
}) => {
  const account = await createAccount();
  await passwordStep(page, account);
  await expect(page).toHaveURL(/\/access-keys$/);
  const { saved } = await setUpAuthenticatorApp(page);
  await saved.getByRole('button', { name: 'I have saved them' }).click();

  await page.getByRole('button', { name: 'Remove authenticator app' }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove the authenticator app?' });
  await dialog.getByLabel('Password or authenticator code').fill('not-my-password');
  await dialog.getByRole('button', { name: 'Remove' }).click();
  await expect(dialog.getByTestId('form-message')).toHaveText(
    'The password or authenticator code is not correct.',
  );
  await dialog.getByLabel('Password or authenticator code').fill(account.password);
  await dialog.getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByRole('button', { name: 'Set up authenticator app' })).toBeVisible();
  expect(await getDb().$count(totpCredentials, eq(totpCredentials.userId, account.id))).toBe(0);
  expect(await getDb().$count(recoveryCodes, eq(recoveryCodes.userId, account.id))).toBe(0);
  expect((await auditRowsAbout(account.id)).map((row) => row.action)).toContain('mfa.totp_removed');

  // Back to the password alone.
  await signOut(page);
  await passwordStep(page, account);
  await expect(page).toHaveURL(/\/access-keys$/);
});

test.describe('passkeys, at localhost (WebAuthn needs a domain, not an IP address)', () => {
  test.use({ baseURL: `http://localhost:${process.env.E2E_PORT ?? 3210}` });

  test('register a passkey, sign out, sign in with the passkey alone; or as the second step', async ({
    page,
  }) => {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
      },
    });
    const account = await createAccount();
    await passwordStep(page, account);
    await expect(page).toHaveURL(/\/access-keys$/);

    await page.goto(SECURITY);
    await page.getByLabel('Passkey name').fill('Test laptop');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    const saved = page.getByRole('dialog', { name: 'Save your recovery codes' });
    await expect(saved.getByRole('listitem')).toHaveCount(10);
    await saved.getByRole('button', { name: 'I have saved them' }).click();
    const list = page.getByRole('list', { name: 'Passkeys' });
    await expect(list.getByText('Test laptop')).toBeVisible();
    await expect(list.getByText(/Last used never/)).toBeVisible();
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0].isResidentCredential).toBe(true);
    await signOut(page);

    await test.step('the passkey alone signs in', async () => {
      await page.goto('/login');
      await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
      await expect(page).toHaveURL(/\/account\/api-information\/access-keys$/);
      await page.goto(SECURITY);
      await expect(list.getByText(/Last used never/)).toHaveCount(0);
      const [row] = await getDb().select().from(passkeys).where(eq(passkeys.userId, account.id));
      expect(row.lastUsedAt).not.toBeNull();
      expect(row.counter).toBeGreaterThan(0);
      await signOut(page);
    });

    await test.step('or serves as the second step after the password', async () => {
      await passwordStep(page, account);
      await expect(page).toHaveURL(/\/login\/verify$/);
      await page.getByRole('button', { name: 'Use a passkey' }).click();
      await expect(page).toHaveURL(/\/account\/api-information\/access-keys$/);
    });

    await test.step('a passkey the console does not know signs nobody in', async () => {
      await signOut(page);
      await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId });
      await cdp.send('WebAuthn.addVirtualAuthenticator', {
        options: {
          protocol: 'ctap2',
          transport: 'internal',
          hasResidentKey: true,
          hasUserVerification: true,
          isUserVerified: true,
        },
      });
      await page.goto('/login');
      await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
      await expect(page.getByTestId('form-message')).toBeVisible();
      await expect(page).toHaveURL(/\/login/);
    });

    const actions = (await auditRowsAbout(account.id)).map((row) => row.action);
    expect(actions).toContain('mfa.passkey_added');
  });
});

test('an administrator resets a member’s two-step verification: sessions end, the member is mailed, it is audited', async ({
  page,
}) => {
  const admin = await createAccount({ role: 'admin', prefix: 'mfa-admin' });
  const member = await createAccount({ prefix: 'mfa-lost-phone' });
  const memberClient = await new ConsoleClient().signIn(member);
  await getDb()
    .insert(totpCredentials)
    .values({
      userId: member.id,
      secretCiphertext: sealTotpSecret('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', member.id),
      confirmedAt: new Date(),
    });
  expect(await getDb().$count(sessions, eq(sessions.userId, member.id))).toBe(1);

  await passwordStep(page, admin);
  await page.goto(`/admin/users?q=${encodeURIComponent(member.email)}`);
  await page.getByRole('button', { name: `Actions for ${member.email}` }).click();
  await page.getByRole('menuitem', { name: 'Reset two-step verification' }).click();
  await page
    .getByRole('alertdialog', { name: 'Reset two-step verification?' })
    .getByRole('button', { name: 'Reset two-step verification' })
    .click();
  await expect(page.getByText(`Two-step verification of ${member.email} reset`)).toBeVisible();

  expect(await getDb().$count(totpCredentials, eq(totpCredentials.userId, member.id))).toBe(0);
  expect(await getDb().$count(sessions, eq(sessions.userId, member.id))).toBe(0);
  const page2 = await memberClient.send('GET', '/account/basic-information');
  expect(page2.status).toBe(307);
  const [audit] = await getDb()
    .select()
    .from(auditLogs)
    .where(
      and(eq(auditLogs.action, 'mfa.reset_by_admin'), eq(auditLogs.targetId, String(member.id))),
    );
  expect(audit.actorId).toBe(admin.id);
  await expect
    .poll(async () => (await mailsTo(member.email)).map((mail) => mail.subject))
    .toContain('Your two-step verification was reset');
  // The password alone signs the member in again.
  await new ConsoleClient().signIn(member);
});

test.describe('the policy, on a console of its own', () => {
  test.describe.configure({ mode: 'serial' });
  // Its own server: requiring MFA of everyone would hold every other test's accounts.
  let isolated: IsolatedServer;
  test.beforeAll(async () => {
    isolated = await startIsolatedServer();
  });
  test.afterAll(() => isolated?.stop());

  test('everyone: a member without a method is held at setup, crafted calls are refused, setting up releases them', async ({
    browser,
  }) => {
    const context = await browser.newContext({ baseURL: isolated.baseURL });
    const page = await context.newPage();
    const { admin } = isolated;

    await test.step('the administrator cannot require what they do not have', async () => {
      await passwordStep(page, admin);
      await expect(page).toHaveURL(/\/access-keys$/);
      await page.goto('/admin/settings');
      await page.getByLabel('Everyone').check();
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await expect(page.getByTestId('form-message')).toContainText(
        'Set up two-step verification for your own account first',
      );
    });

    const member = { email: 'held-member@isolated.test', password: 'held-member-password-123' };
    await test.step('with an authenticator app, the administrator requires it of everyone', async () => {
      const { saved } = await setUpAuthenticatorApp(page);
      await saved.getByRole('button', { name: 'I have saved them' }).click();
      await page.goto('/admin/settings');
      await page.getByLabel('Everyone').check();
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await expect(page.getByTestId('form-message')).toHaveText(
        'Two-step verification is now required of everyone. Those without it set it up at their next page.',
      );
      await page.goto('/admin/users');
      await page.getByRole('button', { name: 'Create account' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Email').fill(member.email);
      await dialog.getByLabel('Name').fill('Held Member');
      await dialog.getByLabel(/Initial password/).fill(member.password);
      await dialog.getByRole('button', { name: 'Create account' }).click();
      await expect(page.getByText(`Account ${member.email} created`)).toBeVisible();
      const rows = await isolated.query<{ action: string }>(
        "select action from audit_logs where action = 'settings.mfa_policy_changed'",
      );
      expect(rows).toHaveLength(1);
    });

    const memberContext = await browser.newContext({ baseURL: isolated.baseURL });
    const memberPage = await memberContext.newPage();
    await test.step('the member lands on Sign-in security, and every other page sends them back', async () => {
      await passwordStep(memberPage, member);
      await expect(memberPage).toHaveURL(new RegExp(`${SECURITY}$`));
      await expect(memberPage.getByTestId('form-message')).toContainText(
        'Your administrator requires two-step verification.',
      );
      await expect(memberPage.getByRole('navigation', { name: 'Console' })).toHaveCount(0);
      for (const path of [
        '/account/api-information/access-keys',
        '/account/basic-information',
        '/account/activity',
        '/admin/users',
      ]) {
        await memberPage.goto(path);
        await expect(memberPage, path).toHaveURL(new RegExp(`${SECURITY}$`));
      }
    });

    await test.step('a crafted server-action call during the hold is refused', async () => {
      const client = await new ConsoleClient(isolated.baseURL).signIn(member);
      const create = await client.action(
        'app/(console)/account/api-information/access-keys/actions.ts#createAccessKeyAction',
      );
      expect(create.state).toEqual({ error: MFA_SETUP_REQUIRED });
      const change = await client.action(
        'app/(console)/account/basic-information/actions.ts#changePasswordAction',
        {
          currentPassword: member.password,
          newPassword: 'another-password-123',
          confirmPassword: 'another-password-123',
        },
      );
      expect(change.state).toEqual({ error: MFA_SETUP_REQUIRED });
      const keys = await isolated.query<{ n: number }>(
        'select cast(count(*) as integer) as n from access_keys',
      );
      expect(keys[0].n).toBe(0);
    });

    const heldClient = await new ConsoleClient(isolated.baseURL).signIn(member);
    await test.step('made an administrator while held, the account still reaches nothing: pages, actions, the audit-log export', async () => {
      await page.goto(`/admin/users?q=${encodeURIComponent(member.email)}`);
      await page.getByRole('button', { name: `Actions for ${member.email}` }).click();
      await page.getByRole('menuitem', { name: 'Make administrator' }).click();
      await page
        .getByRole('alertdialog', { name: 'Make administrator?' })
        .getByRole('button', { name: 'Make administrator' })
        .click();
      await expect(page.getByText(`${member.email} is now an administrator.`)).toBeVisible();
      const exported = await heldClient.send('GET', '/admin/audit-log/export');
      expect(exported.status).toBe(404);
      const grant = await heldClient.action(
        'app/(console)/admin/users/actions.ts#setProgrammaticAccessAction',
        { userId: '1', enabled: 'false' },
      );
      expect(grant.state).toEqual({ error: MFA_SETUP_REQUIRED });
      await memberPage.goto('/admin/audit-log');
      await expect(memberPage).toHaveURL(new RegExp(`${SECURITY}$`));
    });

    await test.step('setting up a method releases the member', async () => {
      const { saved } = await setUpAuthenticatorApp(memberPage);
      await saved.getByRole('button', { name: 'I have saved them' }).click();
      await memberPage.getByRole('link', { name: 'Continue to AccessKey Management' }).click();
      await expect(memberPage.getByRole('heading', { name: 'AccessKey Management' })).toBeVisible();
      // The same session that was refused a moment ago now gets the export.
      expect((await heldClient.send('GET', '/admin/audit-log/export')).status).toBe(200);
      // Now the last method cannot be removed while the policy requires one.
      await memberPage.goto(SECURITY);
      await memberPage.getByRole('button', { name: 'Remove authenticator app' }).click();
      const dialog = memberPage.getByRole('dialog', { name: 'Remove the authenticator app?' });
      await dialog.getByLabel('Password or authenticator code').fill(member.password);
      await dialog.getByRole('button', { name: 'Remove' }).click();
      await expect(dialog.getByTestId('form-message')).toContainText(
        'Your administrator requires two-step verification: add another',
      );
    });
    await context.close();
    await memberContext.close();
  });
});
