import { expect, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { getEngine, sqliteHandle } from '@/db';
import type { Role } from '@/db/schema';
import { createUser } from '@/lib/users/accounts';
import type { MailMode, StubMail } from './mail-stub';

export type Account = { id: number; email: string; password: string; name: string };

const SEED = { actor: null, request: { ip: '127.0.0.1', userAgent: 'e2e' } };

/**
 * Other specs write large batches (100,000 seeded accounts in one transaction); on SQLite this
 * worker's writes wait for such a batch rather than fail. PostgreSQL's row locks need no help.
 */
export function waitLongerForWrites() {
  if (getEngine() === 'sqlite') sqliteHandle().pragma('busy_timeout = 60000');
}

/** A fresh account written straight into the test server's database, unique per call. */
export async function createAccount(
  options: { role?: Role; programmaticAccess?: boolean; prefix?: string } = {},
): Promise<Account> {
  const email = `${options.prefix ?? 'member'}-${randomBytes(5).toString('hex')}@example.test`;
  const password = `pw-${randomBytes(12).toString('base64url')}`;
  const name = `Test ${options.role === 'admin' ? 'Admin' : 'Member'}`;
  const user = await createUser(
    {
      email,
      name,
      role: options.role ?? 'member',
      programmaticAccess: options.programmaticAccess ?? true,
      password,
    },
    SEED,
  );
  // Recorded so that the run's secret hygiene check can search for every password it used.
  appendFileSync(path.join(process.env.DATA_DIR!, 'e2e-passwords.txt'), `${password}\n`);
  return { id: user.id, email, password, name };
}

export async function signIn(page: Page, account: Pick<Account, 'email' | 'password'>) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

export async function mailsTo(email: string): Promise<StubMail[]> {
  const response = await fetch(
    `${process.env.E2E_MAIL_URL}/__mails?to=${encodeURIComponent(email)}`,
  );
  return (await response.json()) as StubMail[];
}

/** Reads the newest verification code from the captured mail, as a person reads their inbox. */
export async function latestCode(email: string, after = 0): Promise<string> {
  let code: string | undefined;
  await expect
    .poll(async () => {
      const mails = await mailsTo(email);
      code = mails.length > after ? mails.at(-1)?.text.match(/\b(\d{6})\b/)?.[1] : undefined;
      return code;
    })
    .toBeTruthy();
  return code!;
}

/** Switches the stub's behaviour for one recipient, or for everyone when `to` is left out. */
export async function setMailMode(mode: MailMode, to?: string) {
  await fetch(`${process.env.E2E_MAIL_URL}/__mode`, {
    method: 'POST',
    body: JSON.stringify({ mode, to }),
  });
}

export type NewKeyFields = {
  name?: string;
  description?: string;
  /** 'never', a number of days as offered, or 'date' with expiresOn. */
  expiresIn?: string;
  expiresOn?: string;
  allowedIps?: string;
};

/** Opens the Create AccessKey dialog, fills in what is given and presses Create, as a person would. */
export async function submitCreateDialog(page: Page, fields: NewKeyFields = {}) {
  await page.getByRole('button', { name: 'Create AccessKey' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create AccessKey' });
  if (fields.name !== undefined) await dialog.getByLabel('Name (optional)').fill(fields.name);
  if (fields.description !== undefined) {
    await dialog.getByLabel('Description (optional)').fill(fields.description);
  }
  if (fields.expiresIn !== undefined) {
    await dialog.getByLabel('Expires').selectOption(fields.expiresIn);
  }
  if (fields.expiresOn !== undefined) await dialog.getByLabel('Expiry date').fill(fields.expiresOn);
  if (fields.allowedIps !== undefined) {
    await dialog.getByLabel('IP allow-list (optional)').fill(fields.allowedIps);
  }
  await dialog.getByRole('button', { name: 'Create', exact: true }).click();
  return dialog;
}
