import { expect, request as apiRequest, test, type APIRequestContext } from '@playwright/test';
import {
  captureServerAction,
  replayServerAction,
  startIsolatedServer,
  type IsolatedServer,
} from './admin-fixtures';
import { signIn } from './fixtures';

const ACCOUNT_LOOPS = 3;
const SIGN_IN_LOOPS = 4;
// The kill comes once this many writes of each kind were acknowledged, with every loop still busy.
const ACCOUNTS_BEFORE_KILL = 15;
const SIGN_INS_BEFORE_KILL = 30;

type Outcome = { acknowledged: string[]; unanswered: number; unexpected: string[] };

/**
 * Runs `write` over and over in `loops` parallel chains until `stopped()`. A write counts only when
 * the server answered it as done; a request the kill cut off is "unanswered" and proves nothing.
 */
async function load(
  loops: number,
  write: (n: number) => Promise<{ key: string; done: boolean; answer: string }>,
  stopped: () => boolean,
  onAcknowledged: () => void,
): Promise<Outcome> {
  const outcome: Outcome = { acknowledged: [], unanswered: 0, unexpected: [] };
  let next = 0;
  await Promise.all(
    Array.from({ length: loops }, async () => {
      while (!stopped() && outcome.unexpected.length === 0) {
        const n = ++next;
        let result;
        try {
          result = await write(n);
        } catch (error) {
          if (stopped()) outcome.unanswered += 1;
          else outcome.unexpected.push(`request ${n} failed before the kill: ${String(error)}`);
          continue;
        }
        if (result.done) {
          outcome.acknowledged.push(result.key);
          onAcknowledged();
        } else if (!stopped()) {
          outcome.unexpected.push(`${result.key}: ${result.answer.slice(0, 300)}`);
        }
      }
    }),
  );
  return outcome;
}

async function credentialsSignIn(api: APIRequestContext, csrfToken: string, n: number) {
  const email = `nobody-${n}@crash.test`;
  const response = await api.post('/api/auth/callback/credentials', {
    form: { csrfToken, email, password: 'not-the-password' },
    // A different client address per attempt keeps the per-address sign-in limit out of the way.
    headers: { 'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` },
    maxRedirects: 0,
  });
  const location = response.headers()['location'] ?? '';
  return {
    key: email,
    done: response.status() === 302 && /[?&]code=credentials(&|$)/.test(location),
    answer: `${response.status()} ${location}`,
  };
}

test('every write acknowledged before a SIGKILL is there after the restart, and the database is intact', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const env = { TRUST_PROXY: 'true' };
  const first = await startIsolatedServer({ env });
  let restarted: IsolatedServer | undefined;
  const context = await browser.newContext({ baseURL: first.baseURL });
  const api = await apiRequest.newContext({ baseURL: first.baseURL });
  try {
    const page = await context.newPage();
    await signIn(page, first.admin);
    await page.goto('/admin/users');
    await page.getByRole('button', { name: 'Create account' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create account' });
    await dialog.getByLabel('Email').fill('template@crash.test');
    await dialog.getByLabel('Name').fill('Crash Template');
    const createAccount = await captureServerAction(page, () =>
      dialog.getByRole('button', { name: 'Create account' }).click(),
    );
    await expect(page.getByText('Account template@crash.test created.')).toBeVisible();
    expect(createAccount.body).toContain('template@crash.test');
    const csrfToken = ((await (await api.get('/api/auth/csrf')).json()) as { csrfToken: string })
      .csrfToken;

    let killing: Promise<void> | undefined;
    const counts = { accounts: 0, signIns: 0 };
    const maybeKill = () => {
      if (killing) return;
      if (counts.accounts >= ACCOUNTS_BEFORE_KILL && counts.signIns >= SIGN_INS_BEFORE_KILL) {
        killing = first.kill();
      }
    };
    const stopped = () => killing !== undefined;

    const [accounts, signIns] = await Promise.all([
      load(
        ACCOUNT_LOOPS,
        async (n) => {
          const email = `account-${n}@crash.test`;
          const reply = await replayServerAction(page, createAccount, (body) =>
            body.replace('template@crash.test', email),
          );
          return {
            key: email,
            done: reply.status === 200 && reply.text.includes(`Account ${email} created.`),
            answer: `${reply.status} ${reply.text}`,
          };
        },
        stopped,
        () => {
          counts.accounts += 1;
          maybeKill();
        },
      ),
      load(
        SIGN_IN_LOOPS,
        (n) => credentialsSignIn(api, csrfToken, n),
        stopped,
        () => {
          counts.signIns += 1;
          maybeKill();
        },
      ),
    ]);
    expect(accounts.unexpected).toEqual([]);
    expect(signIns.unexpected).toEqual([]);
    expect(killing).toBeDefined();
    await killing;
    test.info().annotations.push({
      type: 'load',
      description: `acknowledged ${accounts.acknowledged.length} accounts and ${signIns.acknowledged.length} sign-in failures; ${accounts.unanswered + signIns.unanswered} requests cut off by the kill`,
    });

    restarted = await startIsolatedServer({
      dataDir: first.dataDir,
      port: first.port,
      database: first.database,
      env,
    });
    // The file SQLite recovered from its journal; PostgreSQL's server was never killed.
    if (first.database.engine === 'sqlite') {
      expect(await restarted.query('pragma integrity_check')).toEqual([{ integrity_check: 'ok' }]);
      expect(await restarted.query('pragma foreign_key_check')).toEqual([]);
    }

    const accountRows = await restarted.query<{ id: number; email: string }>(
      `select id, email from users where email like '%@crash.test'`,
    );
    const idByEmail = new Map(accountRows.map((row) => [row.email, row.id]));
    const createdAudits = new Set(
      (
        await restarted.query<{ target_id: string }>(
          `select target_id from audit_logs where action = 'user.created'`,
        )
      ).map((row) => Number(row.target_id)),
    );
    const missingAccounts = accounts.acknowledged.filter((email) => !idByEmail.has(email));
    const missingCreatedAudits = accounts.acknowledged.filter(
      (email) => !createdAudits.has(idByEmail.get(email) ?? -1),
    );
    expect(missingAccounts).toEqual([]);
    expect(missingCreatedAudits).toEqual([]);

    const failureAudits = new Set(
      (
        await restarted.query<{ detail: string }>(
          `select detail from audit_logs where action = 'auth.sign_in_failed'`,
        )
      ).map((row) => (JSON.parse(row.detail) as { email: string }).email),
    );
    const throttleRows = new Set(
      (await restarted.query<{ email: string }>(`select email from sign_in_failures`)).map(
        (row) => row.email,
      ),
    );
    expect(signIns.acknowledged.filter((email) => !failureAudits.has(email))).toEqual([]);
    expect(signIns.acknowledged.filter((email) => !throttleRows.has(email))).toEqual([]);

    // The restarted console serves again, and the administrator's session survived the crash.
    const lastAccount = accounts.acknowledged.at(-1)!;
    await page.goto(`/admin/users?q=${encodeURIComponent(lastAccount)}`);
    await expect(
      page.getByRole('table', { name: 'Accounts' }).getByRole('row', { name: lastAccount }),
    ).toBeVisible();
  } finally {
    await api.dispose();
    await context.close();
    await restarted?.stop();
    await first.stop();
  }
});
