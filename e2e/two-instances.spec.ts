import { spawnSync } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';
import { MAX_ACCESS_KEYS_PER_ACCOUNT } from '@/lib/access-keys/keys';
import { errorMessage } from '@/lib/errors';
import { createApiClient } from '@/lib/open-api/client';
import { signRequest } from '@/lib/open-api/signing';
import { ConsoleClient, type ActionReply } from './action-client';
import { startIsolatedServer, type IsolatedServer } from './admin-fixtures';
import { latestCode, mailsTo, signIn, submitCreateDialog } from './fixtures';
import { withinOneRateWindow } from './api-fixtures';
import { createScratchDatabase, type ScratchDatabase } from './scratch-database';

/**
 * Two consoles behind an imagined load balancer: separate processes (and data folders) sharing one
 * database — on PostgreSQL one database of the run's server, on SQLite one file — with the same
 * AUTH_SECRET and master key, and mail going to the run's mail stub. Whatever one instance
 * writes, the other honours at once.
 */
test.describe.configure({ mode: 'serial' });

const KEYS = 'app/(console)/account/api-information/access-keys/actions.ts';
const ADMIN = 'app/(console)/admin/users/actions.ts';
const KEYS_PAGE = '/account/api-information/access-keys';
// lib/actions/validated-action.ts loads next-auth, which only runs inside Next; its sentence is spelled out here.
const SESSION_ENDED = 'Your session has ended. Sign in again to continue.';
const RATE_LIMIT = 20;
const CONCURRENT_CREATES = 50;

const env = {
  AUTH_SECRET: 'e2e-two-instances-auth-secret-long-enough-0123',
  ACCESSKEY_MASTER_KEY: Buffer.alloc(32, 11).toString('base64'),
  MAIL_TRANSPORT: 'resend',
  RESEND_API_KEY: 're_e2e_stub',
  RESEND_BASE_URL: process.env.E2E_MAIL_URL!,
  MAIL_FROM: 'AccessKey Console <console@example.test>',
  ADMIN_EMAIL: 'root@two-instances.test',
  API_RATE_LIMIT: String(RATE_LIMIT),
  USAGE_FLUSH_SECONDS: '1',
  // Both instances look for due expiry reminders every second, so their runs race.
  KEY_REMINDER_INTERVAL_SECONDS: '1',
};

let database: ScratchDatabase;
let a: IsolatedServer;
let b: IsolatedServer;
let admin: ConsoleClient;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  database = await createScratchDatabase();
  // One after the other: A migrates the empty database and creates the first administrator.
  a = await startIsolatedServer({ database, env });
  b = await startIsolatedServer({ database, env });
  admin = await new ConsoleClient(a.baseURL).signIn(a.admin);
});

test.afterAll(async () => {
  await b?.stop();
  await a?.stop();
  await database?.drop();
});

/** An account made by the administrator through instance `on`, with a password set there. */
async function createMember(on: IsolatedServer, email: string) {
  const password = 'two-instances-password';
  const reply = await sameSessionOn(on, admin.cookies).action(`${ADMIN}#createAccountAction`, {
    email,
    name: 'Two Instances',
    role: 'member',
    programmaticAccess: 'on',
    password,
  });
  expect(reply.state?.success, reply.text.slice(0, 300)).toMatch(`Account ${email} created`);
  return { email, password };
}

/** A client of instance `on` holding the given cookies: the same browser, balanced elsewhere. */
function sameSessionOn(on: IsolatedServer, cookies: Iterable<[string, string]>) {
  const client = new ConsoleClient(on.baseURL);
  for (const [name, value] of cookies) client.cookies.set(name, value);
  return client;
}

async function browserCookies(page: Page): Promise<[string, string][]> {
  return (await page.context().cookies()).map((cookie) => [cookie.name, cookie.value]);
}

/** Asks instance `sendOn` for a code and enters it on instance `verifyOn`. */
async function verify(sendOn: ConsoleClient, verifyOn: ConsoleClient, email: string) {
  const before = (await mailsTo(email)).length;
  const sent = await sendOn.action(`${KEYS}#sendVerificationCodeAction`);
  expect(sent.state?.success, sent.text.slice(0, 300)).toMatch(/^We sent a 6-digit code/);
  const verified = await verifyOn.action(`${KEYS}#verifyEmailCodeAction`, {
    code: await latestCode(email, before),
  });
  expect(verified.state, verified.text.slice(0, 300)).toMatchObject({ verified: true });
}

function keyRow(page: Page, accessKeyId: string) {
  return page.getByRole('row').filter({ hasText: accessKeyId });
}

test('a key created on A works on B; shown on B without a new code; disabled on B, A refuses it at once', async ({
  browser,
}) => {
  const member = await createMember(a, 'keys@two-instances.test');
  const context = await browser.newContext({ baseURL: a.baseURL });
  const page = await context.newPage();
  try {
    // Instance A: sign in, verify the email with the mailed code, create a key.
    await signIn(page, member);
    await page.goto(KEYS_PAGE);
    await submitCreateDialog(page);
    const verifyDialog = page.getByRole('dialog', { name: 'Verify your email' });
    const before = (await mailsTo(member.email)).length;
    await verifyDialog.getByRole('button', { name: 'Send code' }).click();
    await verifyDialog.getByLabel('Verification code').fill(await latestCode(member.email, before));
    await verifyDialog.getByRole('button', { name: 'Verify' }).click();
    const created = page.getByRole('dialog', { name: 'AccessKey created' });
    const accessKeyId = await created.getByLabel('AccessKey ID', { exact: true }).inputValue();
    const secret = await created.getByLabel('AccessKey Secret', { exact: true }).inputValue();
    expect(accessKeyId).toMatch(/^AK[0-9A-Z]{22}$/);
    await created.getByRole('button', { name: 'Done' }).click();

    // Instance B: the Open API knows the key and opens its Secret with the shared master key.
    const onB = createApiClient({ baseUrl: b.baseURL, accessKeyId, secret });
    const onA = createApiClient({ baseUrl: a.baseURL, accessKeyId, secret });
    const account = await onB.request('GET', '/api/v1/account');
    expect(account.status).toBe(200);
    expect(account.json).toMatchObject({ email: member.email, accessKeyId });

    // Last use recorded by B shows on A.
    await page.reload();
    await expect(keyRow(page, accessKeyId)).toContainText('from 127.0.0.1');

    // The same browser balanced to B: the session and its verification window hold there.
    // (Cookies belong to the host, not the port, so the browser sends A's cookie to B.)
    const cookiesBeforeSignOut = await browserCookies(page);
    await page.goto(`${b.baseURL}${KEYS_PAGE}`);
    await expect(page.getByRole('heading', { name: 'AccessKey Management' })).toBeVisible();
    const row = keyRow(page, accessKeyId);
    await row.getByRole('button', { name: 'Show' }).click();
    const shown = page.getByRole('dialog', { name: 'AccessKey Secret', exact: true });
    await expect(shown.getByLabel('AccessKey Secret', { exact: true })).toHaveValue(secret);
    await expect(verifyDialog).toHaveCount(0);
    await shown.getByRole('button', { name: 'Done' }).click();
    expect(await mailsTo(member.email)).toHaveLength(before + 1);

    // Disabled on B: A refuses the key on the very next request, as B does.
    await row.getByRole('button', { name: 'Disable' }).click();
    await expect(row).toContainText('Disabled');
    for (const client of [onA, onB]) {
      const refused = await client.request('GET', '/api/v1/account');
      expect(refused.status).toBe(403);
      expect(refused.json).toMatchObject({ code: 'AccessKeyDisabled' });
    }

    // Signing out on A ends the session on B too, even for a copy of the cookie kept elsewhere.
    await page.goto(KEYS_PAGE);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login/);
    const keptCookie = sameSessionOn(b, cookiesBeforeSignOut);
    const afterSignOut = await keptCookie.action(`${KEYS}#sendVerificationCodeAction`);
    expect(afterSignOut.state).toMatchObject({ error: SESSION_ENDED });
    const pageAfterSignOut = await keptCookie.send('GET', KEYS_PAGE);
    expect(pageAfterSignOut.status).toBeGreaterThanOrEqual(300);
    expect(pageAfterSignOut.status).toBeLessThan(400);
    expect(pageAfterSignOut.headers.location).toMatch(/\/login/);
    expect(await mailsTo(member.email)).toHaveLength(before + 1);
  } finally {
    await context.close();
  }
});

test(`${CONCURRENT_CREATES} concurrent creates spread over both instances end with exactly ${MAX_ACCESS_KEYS_PER_ACCOUNT} keys`, async () => {
  test.setTimeout(120_000);
  const member = await createMember(b, 'burst@two-instances.test');
  const onA = await new ConsoleClient(a.baseURL).signIn(member);
  const onB = sameSessionOn(b, onA.cookies);
  // The code is asked for on A and entered on B: one verification window for both.
  await verify(onA, onB, member.email);

  const replies: ActionReply[] = await Promise.all(
    Array.from({ length: CONCURRENT_CREATES }, (_, index) =>
      (index % 2 === 0 ? onA : onB).action(`${KEYS}#createAccessKeyAction`),
    ),
  );
  for (const reply of replies) expect(reply.status, reply.text.slice(0, 300)).toBe(200);
  const keys = replies.flatMap((reply) => {
    const key = reply.state?.key as { accessKeyId: string; secret: string } | undefined;
    return key ? [key] : [];
  });
  const refusals = replies.filter((reply) => !reply.state?.key).map((reply) => reply.state);
  expect(keys).toHaveLength(MAX_ACCESS_KEYS_PER_ACCOUNT);
  expect(refusals).toEqual(
    Array(CONCURRENT_CREATES - MAX_ACCESS_KEYS_PER_ACCOUNT).fill({
      error: errorMessage('accessKeyLimitReached', { max: MAX_ACCESS_KEYS_PER_ACCOUNT }),
    }),
  );

  // Both instances list exactly the five that were handed out, and so does the database.
  for (const on of [a, b]) {
    const listed = await createApiClient({ baseUrl: on.baseURL, ...keys[0] }).request(
      'GET',
      '/api/v1/access-keys',
    );
    expect(listed.status).toBe(200);
    const items = (listed.json as { items: { accessKeyId: string }[] }).items;
    expect(items.map((item) => item.accessKeyId).sort()).toEqual(
      keys.map((key) => key.accessKeyId).sort(),
    );
  }
  const [stored] = await database.query<{ keys: number }>(
    `select cast(count(*) as integer) as keys from access_keys
     where user_id = (select id from users where email = '${member.email}')`,
  );
  expect(stored.keys).toBe(MAX_ACCESS_KEYS_PER_ACCOUNT);
});

test('the rate limit and replay detection count requests on both instances together', async () => {
  // The administrator's own key, for a state-changing call.
  const onB = sameSessionOn(b, admin.cookies);
  await verify(onB, admin, 'root@two-instances.test');
  const created = await onB.action(`${KEYS}#createAccessKeyAction`);
  const key = created.state?.key as { accessKeyId: string; secret: string };
  expect(key, created.text.slice(0, 300)).toBeDefined();

  // A signed PUT answered by A is a replay on B. Behind a load balancer both see the same Host,
  // which the signature covers.
  const [target] = await database.query<{ id: number }>(
    `select id from users where email = 'burst@two-instances.test'`,
  );
  const path = `/api/v1/users/${target.id}/programmatic-access`;
  const body = JSON.stringify({ enabled: true });
  const site = 'console.two-instances.test';
  const headers = signRequest({ ...key, method: 'PUT', url: `http://${site}${path}`, body });
  await withinOneRateWindow();
  const put = (on: IsolatedServer) =>
    new ConsoleClient(on.baseURL).send('PUT', path, { headers: { ...headers, host: site }, body });
  const first = await put(a);
  expect(first.status, first.text).toBe(200);
  const replayed = await put(b);
  expect(replayed.status, replayed.text).toBe(409);
  expect(JSON.parse(replayed.text)).toMatchObject({ code: 'ReplayedRequest' });

  // One budget per key, whichever instance answers: half the calls on each, then both refuse.
  const clients = [a, b].map((on) => createApiClient({ baseUrl: on.baseURL, ...key }));
  // The PUT and its replay already counted (the budget is taken before replays are told apart).
  for (let index = 2; index < RATE_LIMIT; index++) {
    const answer = await clients[index % 2].request('GET', `/api/v1/account?n=${index}`);
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
  }
  // Each instance counts locally and shares its count through the database once a second
  // (lib/open-api/rate-limit.ts): after that, both know the budget is spent.
  await new Promise((resolve) => setTimeout(resolve, 2_500));
  for (const client of clients) {
    const limited = await client.request('GET', '/api/v1/account?n=over');
    expect(limited.status).toBe(429);
    expect(limited.json).toMatchObject({ code: 'TooManyRequests' });
  }
});

test('both instances run the reminder job; the owner of an expired key gets its mail once', async () => {
  const member = await createMember(a, 'reminders@two-instances.test');
  const onA = await new ConsoleClient(a.baseURL).signIn(member);
  await verify(onA, onA, member.email);
  const created = await onA.action(`${KEYS}#createAccessKeyAction`);
  const key = created.state?.key as { accessKeyId: string; secret: string };
  expect(key, created.text.slice(0, 300)).toBeDefined();
  // As if two days had passed and the key had expired an hour ago: time moves through the database.
  const now = Date.now();
  await database.execute(
    database.engine === 'postgres'
      ? `update access_keys set created_at = to_timestamp(${(now - 2 * 86_400_000) / 1000}), expires_at = to_timestamp(${(now - 3_600_000) / 1000}) where access_key_id = '${key.accessKeyId}'`
      : `update access_keys set created_at = ${now - 2 * 86_400_000}, expires_at = ${now - 3_600_000} where access_key_id = '${key.accessKeyId}'`,
  );
  const expiredMails = async () =>
    (await mailsTo(member.email)).filter((mail) => mail.subject.includes('has expired'));
  await expect.poll(async () => (await expiredMails()).length).toBe(1);
  // Several more runs of each instance: still one mail.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  expect(await expiredMails()).toHaveLength(1);
  const [reminder] = await database.query<{ state: string; attempts: number }>(
    `select state, attempts from key_reminders where key_id = (select id from access_keys where access_key_id = '${key.accessKeyId}')`,
  );
  expect(reminder).toEqual({ state: 'sent', attempts: 1 });
  const refused = await createApiClient({ baseUrl: b.baseURL, ...key }).request(
    'GET',
    '/api/v1/account',
  );
  expect(refused.json).toMatchObject({ code: 'AccessKeyExpired' });
});

test('an administrator’s change on one instance applies on the other at once', async () => {
  const member = await createMember(a, 'permissions@two-instances.test');
  const onA = await new ConsoleClient(a.baseURL).signIn(member);
  await verify(onA, onA, member.email);
  const created = await onA.action(`${KEYS}#createAccessKeyAction`);
  const key = created.state?.key as { accessKeyId: string; secret: string };
  expect(key, created.text.slice(0, 300)).toBeDefined();
  const [{ id: userId }] = await database.query<{ id: number }>(
    `select id from users where email = '${member.email}'`,
  );
  const call = (on: IsolatedServer) =>
    createApiClient({ baseUrl: on.baseURL, ...key }).request('GET', '/api/v1/account');
  const adminOn = (on: IsolatedServer) => sameSessionOn(on, admin.cookies);

  // Programmatic Access revoked through B: A refuses the very next call, and serves it once granted.
  const revoked = await adminOn(b).action(`${ADMIN}#setProgrammaticAccessAction`, {
    userId: String(userId),
    enabled: 'false',
  });
  expect(revoked.state?.success, revoked.text.slice(0, 300)).toBeDefined();
  expect((await call(a)).json).toMatchObject({ code: 'ProgrammaticAccessDenied' });
  await adminOn(b).action(`${ADMIN}#setProgrammaticAccessAction`, {
    userId: String(userId),
    enabled: 'true',
  });
  expect((await call(a)).status).toBe(200);

  // The account disabled through A: B refuses its key and its console session at once.
  const disabled = await adminOn(a).action(`${ADMIN}#setAccountStatusAction`, {
    userId: String(userId),
    disabled: 'true',
  });
  expect(disabled.state?.success, disabled.text.slice(0, 300)).toBeDefined();
  expect((await call(b)).json).toMatchObject({ code: 'AccountDisabled' });
  const signedOut = await sameSessionOn(b, onA.cookies).action(
    `${KEYS}#sendVerificationCodeAction`,
  );
  expect(signedOut.state).toMatchObject({ error: SESSION_ENDED });
});

test('two administrators demoting each other on different instances leave one administrator', async () => {
  const second = await createMember(a, 'second-admin@two-instances.test');
  const [{ id: secondId }] = await database.query<{ id: number }>(
    `select id from users where email = '${second.email}'`,
  );
  const [{ id: rootId }] = await database.query<{ id: number }>(
    `select id from users where email = 'root@two-instances.test'`,
  );
  const promoted = await admin.action(`${ADMIN}#setUserRoleAction`, {
    userId: String(secondId),
    role: 'admin',
  });
  expect(promoted.state?.success, promoted.text.slice(0, 300)).toBeDefined();
  const secondOnB = await new ConsoleClient(b.baseURL).signIn(second);

  // Each removes the other's role at the same moment, one through A and one through B.
  const [first, other] = await Promise.all([
    admin.action(`${ADMIN}#setUserRoleAction`, { userId: String(secondId), role: 'member' }),
    secondOnB.action(`${ADMIN}#setUserRoleAction`, { userId: String(rootId), role: 'member' }),
  ]);
  const answers = [first.state, other.state];
  expect(
    answers.filter((state) => state?.success !== undefined),
    JSON.stringify(answers),
  ).toHaveLength(1);
  const [{ admins }] = await database.query<{ admins: number }>(
    `select cast(count(*) as integer) as admins from users where role = 'admin' and disabled_at is null`,
  );
  expect(admins).toBe(1);
  // Whoever lost keeps the console's one administrator: restore the root for the tests after.
  if (other.state?.success !== undefined) {
    await secondOnB.action(`${ADMIN}#setUserRoleAction`, { userId: String(rootId), role: 'admin' });
  }
});

test('usage counted on both instances adds up, none lost or doubled; a stop writes the last counts, a crash loses at most the last interval', async () => {
  test.setTimeout(180_000);
  const member = await createMember(b, 'usage@two-instances.test');
  const onA = await new ConsoleClient(a.baseURL).signIn(member);
  await verify(onA, onA, member.email);
  const create = async () => {
    const created = await onA.action(`${KEYS}#createAccessKeyAction`);
    const key = created.state?.key as { accessKeyId: string; secret: string };
    expect(key, created.text.slice(0, 300)).toBeDefined();
    return key;
  };
  const key = await create();
  const reader = await create();
  const [{ id: keyId }] = await database.query<{ id: number }>(
    `select id from access_keys where access_key_id = '${key.accessKeyId}'`,
  );
  const stored = async () => {
    const [row] = await database.query<{ calls: number; client: number; server: number }>(
      `select cast(coalesce(sum(calls), 0) as integer) as calls,
              cast(coalesce(sum(client_errors), 0) as integer) as client,
              cast(coalesce(sum(server_errors), 0) as integer) as server
       from key_usage where key_id = ${keyId}`,
    );
    return row;
  };
  const call = (on: IsolatedServer, path: string) =>
    createApiClient({ baseUrl: on.baseURL, ...key }).request('GET', path);
  const productCalls = async () => {
    const [row] = await database.query<{ calls: number }>(
      `select cast(coalesce(sum(calls), 0) as integer) as calls from product_usage
       where product = 'open-api'`,
    );
    return row.calls;
  };
  // Whatever the tests before counted has reached the database.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  const productsBefore = await productCalls();

  // Both instances at once, answered or refused (past the rate limit, for a member's admin call).
  const statuses = (
    await Promise.all(
      Array.from({ length: 40 }, (_, n) =>
        call(n % 2 === 0 ? a : b, n % 4 < 2 ? `/api/v1/account?n=${n}` : '/api/v1/users'),
      ),
    )
  ).map((answer) => answer.status);
  const expected = {
    calls: statuses.length,
    client: statuses.filter((status) => status >= 400 && status < 500).length,
    server: statuses.filter((status) => status >= 500).length,
  };
  expect(expected.client).toBeGreaterThanOrEqual(20);
  await expect.poll(stored).toEqual(expected);
  // Two more flush intervals change nothing: nothing was written twice. The products' totals,
  // every key together, took the same calls once.
  await new Promise((resolve) => setTimeout(resolve, 2_500));
  expect(await stored()).toEqual(expected);
  expect(await productCalls()).toBe(productsBefore + expected.calls);
  const read = await createApiClient({ baseUrl: b.baseURL, ...reader }).request(
    'GET',
    `/api/v1/access-keys/${key.accessKeyId}/usage`,
  );
  expect(read.json).toMatchObject({
    totals: { calls: expected.calls, clientErrors: expected.client, serverErrors: 0 },
  });

  /** Starts B again on its folder and port, with `changes` to the file's settings. */
  const restartB = async (changes: Record<string, string> = {}) => {
    b = await startIsolatedServer({
      database,
      dataDir: b.dataDir,
      port: b.port,
      env: { ...env, ...changes },
    });
  };

  // A graceful stop writes what was counted since the last flush: here, everything, since B
  // would not flush on its own for 5 minutes.
  await b.stop();
  await restartB({ USAGE_FLUSH_SECONDS: '300' });
  for (let n = 0; n < 3; n++) await call(b, `/api/v1/account?stop=${n}`);
  await b.stop();
  expect((await stored()).calls).toBe(expected.calls + 3);

  // A crash keeps every count flushed before it and loses at most those of the last interval.
  await restartB();
  for (let n = 0; n < 3; n++) await call(b, `/api/v1/account?crash=${n}`);
  await expect.poll(async () => (await stored()).calls).toBe(expected.calls + 6);
  for (let n = 0; n < 3; n++) await call(b, `/api/v1/account?lost=${n}`);
  await b.kill();
  const afterCrash = (await stored()).calls;
  expect(afterCrash).toBeGreaterThanOrEqual(expected.calls + 6);
  expect(afterCrash).toBeLessThanOrEqual(expected.calls + 9);
  await restartB();
});

test('the master key is rotated under both running instances without a call failing', async () => {
  test.setTimeout(180_000);
  const member = await createMember(a, 'rotation@two-instances.test');
  const console = await new ConsoleClient(a.baseURL).signIn(member);
  await verify(console, console, member.email);
  const created = await console.action(`${KEYS}#createAccessKeyAction`);
  const key = created.state?.key as { accessKeyId: string; secret: string };
  expect(key, created.text.slice(0, 300)).toBeDefined();
  const stored = async () =>
    (
      await database.query<{ id: number; secret_ciphertext: string }>(
        `select id, secret_ciphertext from access_keys where access_key_id = '${key.accessKeyId}'`,
      )
    )[0];
  const before = await stored();
  const callBoth = async (step: string) => {
    for (const on of [a, b]) {
      const answer = await createApiClient({ baseUrl: on.baseURL, ...key }).request(
        'GET',
        `/api/v1/account?step=${step}`,
      );
      expect(answer.status, `${step}: ${JSON.stringify(answer.json)}`).toBe(200);
    }
  };
  await callBoth('before');

  /** Stops both instances and starts them again on their data folders and ports with `changes`. */
  const restartBoth = async (changes: Record<string, string>) => {
    await Promise.all([a.stop(), b.stop()]);
    [a, b] = await Promise.all(
      [a, b].map(({ dataDir, port }) =>
        startIsolatedServer({ database, dataDir, port, env: { ...env, ...changes } }),
      ),
    );
  };

  // 1. Every instance restarts knowing the new key and the old one.
  const newKey = Buffer.alloc(32, 12).toString('base64');
  const both = {
    ACCESSKEY_MASTER_KEY: newKey,
    ACCESSKEY_MASTER_KEY_PREVIOUS: env.ACCESSKEY_MASTER_KEY,
  };
  await restartBoth(both);
  await callBoth('both-keys');

  // 2. One run of the CLI re-seals every Secret in the shared database while both serve.
  const rotation = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'scripts/admin.ts', 'rotate-master-key'],
    {
      env: { ...process.env, ...env, ...both, DATA_DIR: a.dataDir, DATABASE_URL: database.url },
      encoding: 'utf8',
    },
  );
  expect(rotation.status, rotation.stderr).toBe(0);
  expect(rotation.stdout).toMatch(/\d+ of \d+ AccessKey Secrets? re-encrypted/);
  expect((await stored()).secret_ciphertext).not.toBe(before.secret_ciphertext);
  await callBoth('re-sealed');

  // 3. The old key is dropped everywhere; the Secret still opens, on both.
  await restartBoth({ ACCESSKEY_MASTER_KEY: newKey });
  await callBoth('new-key-only');
  const shown = await sameSessionOn(b, console.cookies).action(
    `${KEYS}#revealAccessKeySecretAction`,
    {
      id: String(before.id),
    },
  );
  expect(shown.state?.key, shown.text.slice(0, 300)).toEqual({
    accessKeyId: key.accessKeyId,
    secret: key.secret,
  });
});
