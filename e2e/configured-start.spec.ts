import { expect, test, type Browser } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startIsolatedServer, startRefusedServer, type IsolatedServer } from './admin-fixtures';
import { signIn } from './fixtures';
import { createScratchDatabase, runEngine } from './scratch-database';

/**
 * A configured deployment (AUTH_SECRET, ACCESSKEY_MASTER_KEY, MAIL_TRANSPORT=log, as
 * startIsolatedServer sets them) started on an empty machine: the folders its DATA_DIR and
 * DATABASE_URL name do not exist yet, and the server must make them, owner-only, and serve.
 */

const modeOf = (file: string) => statSync(file).mode & 0o777;

function freshRoot() {
  return mkdtempSync(path.join(tmpdir(), 'accesskey-e2e-configured-'));
}

async function expectHealthy(server: IsolatedServer) {
  expect((await fetch(`${server.baseURL}/api/health`)).status).toBe(200);
}

/** The password in DATA_DIR/initial-admin.txt signs the first administrator in through the login form. */
async function expectFirstAdminSignsIn(browser: Browser, server: IsolatedServer) {
  expect(modeOf(path.join(server.dataDir, 'initial-admin.txt'))).toBe(0o600);
  const context = await browser.newContext({ baseURL: server.baseURL });
  try {
    const page = await context.newPage();
    await signIn(page, server.admin);
    await page.goto('/account/basic-information');
    await expect(
      page.getByRole('definition').getByText(server.admin.email, { exact: true }),
    ).toBeVisible();
  } finally {
    await context.close();
  }
}

test('DATA_DIR that does not exist yet is created owner-only and keeps the first password', async ({
  browser,
}) => {
  const root = freshRoot();
  const dataDir = path.join(root, 'state', 'data');
  // On PostgreSQL, a fresh database of the run's server: no database file, DATA_DIR all the same.
  const server = await startIsolatedServer({ dataDir, logFile: path.join(root, 'server.log') });
  try {
    await expectHealthy(server);
    expect(modeOf(path.join(root, 'state'))).toBe(0o700);
    expect(modeOf(dataDir)).toBe(0o700);
    await expectFirstAdminSignsIn(browser, server);
  } finally {
    await server.stop();
  }
});

test.describe('a SQLite DATABASE_URL in folders that do not exist yet', () => {
  test.skip(runEngine() === 'postgres', 'These forms name a SQLite file.');

  // Relative forms are read from the server's working folder, the project root, as the test's is.
  const forms: [string, (file: string) => string][] = [
    ['an absolute path', (file) => file],
    ['a relative path', (file) => path.relative(process.cwd(), file)],
    ['a relative file: URL', (file) => `file:./${path.relative(process.cwd(), file)}`],
    ['an absolute file:/// URL', (file) => `file://${file}`],
  ];
  for (const [form, databaseUrl] of forms) {
    test(`${form}: the folders are created owner-only and the console serves`, async ({
      browser,
    }) => {
      const root = freshRoot();
      const file = path.join(root, 'db', 'nested', 'console.db');
      const server = await startIsolatedServer({
        dataDir: path.join(root, 'data'),
        logFile: path.join(root, 'server.log'),
        env: { DATABASE_URL: databaseUrl(file) },
      });
      try {
        await expectHealthy(server);
        expect(existsSync(file)).toBe(true);
        expect(readFileSync(`${file}.server.pid`, 'utf8')).toMatch(/^\d+\n$/);
        for (const folder of ['db', 'db/nested', 'data']) {
          expect(modeOf(path.join(root, folder)), folder).toBe(0o700);
        }
        await expectFirstAdminSignsIn(browser, server);
      } finally {
        await server.stop();
      }
    });
  }

  test('a file in the way of the database folder stops the start with one line', async () => {
    const root = freshRoot();
    const blocker = path.join(root, 'db');
    writeFileSync(blocker, 'not a folder\n');
    const folder = path.join(blocker, 'nested');
    const refused = await startRefusedServer({
      dataDir: path.join(root, 'data'),
      env: { DATABASE_URL: path.join(folder, 'console.db') },
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `DATABASE_URL: cannot create the folder ${folder} for the database file: a file is in the way at ${blocker}.\n`,
    );
  });
});

test('a file in the way of DATA_DIR stops the start with one line, and the next start records the password', async ({
  browser,
}) => {
  const root = freshRoot();
  const blocker = path.join(root, 'state');
  writeFileSync(blocker, 'not a folder\n');
  const dataDir = path.join(blocker, 'data');
  const database = await createScratchDatabase();
  let server: IsolatedServer | undefined;
  try {
    const refused = await startRefusedServer({ dataDir, database });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `DATA_DIR: cannot create the folder ${dataDir}: a file is in the way at ${blocker}.\n`,
    );

    // The operator clears the way; the same database still gets its administrator and its password.
    rmSync(blocker);
    server = await startIsolatedServer({
      dataDir,
      database,
      logFile: path.join(root, 'server.log'),
    });
    await expectHealthy(server);
    await expectFirstAdminSignsIn(browser, server);
  } finally {
    await server?.stop();
    await database.drop();
  }
});
