import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSecret } from '@/lib/crypto';
import { openSigningSecret } from '@/lib/products/signing-secret';
import { createDatabase, dropDatabases, type TestDatabase } from '../scripts/postgres-cluster.mjs';
import { startCaptureProxy, type Capture } from './capture-proxy';
import type { StubMail } from './mail-stub';
import { startMailStub } from './mail-stub';
import { actionNames, findLeaks, shownAtSetup } from './secret-hygiene';

export const E2E_PORT = Number(process.env.E2E_PORT ?? 3210);
export const MAIL_STUB_PORT = E2E_PORT + 1;
// The console itself listens here; tests reach it through the capturing proxy on E2E_PORT.
const SERVER_PORT = E2E_PORT + 2;

async function waitForHealth(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The console did not become healthy at ${url}`);
}

export default async function globalSetup() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'accesskey-e2e-'));
  // With TEST_DATABASE_URL (a PostgreSQL superuser URL) the run gets an empty database of its own there.
  // DATABASE_URL must be in place before anything here imports '@/db/schema', whose tables belong to the
  // engine selected when it is first loaded; the test workers inherit it from this process.
  const adminUrl = process.env.TEST_DATABASE_URL;
  const database: TestDatabase | undefined = adminUrl
    ? await createDatabase(adminUrl, 'e2e')
    : undefined;
  // The run's database and those of isolated servers, which are named after it (E2E_DATABASE_NAME).
  const dropRunDatabases = async () => {
    if (adminUrl && database) await dropDatabases(adminUrl, database.name);
  };
  const mailStub = await startMailStub(MAIL_STUB_PORT);

  const env = {
    DATA_DIR: dataDir,
    PORT: String(SERVER_PORT),
    HOST: '127.0.0.1',
    AUTH_SECRET: 'e2e-auth-secret-that-is-long-enough-0123456789',
    ACCESSKEY_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
    RESEND_API_KEY: 're_e2e_stub',
    RESEND_BASE_URL: `http://127.0.0.1:${MAIL_STUB_PORT}`,
    MAIL_FROM: 'AccessKey Console <console@example.test>',
    ADMIN_EMAIL: 'admin@example.com',
    // WebAuthn's relying party: a domain (an IP address is none), so the passkey tests browse
    // http://localhost:E2E_PORT; a loopback origin counts as a secure context.
    APP_URL: `http://localhost:${E2E_PORT}`,
    // Low enough that a test can reach it quickly.
    API_RATE_LIMIT: '40',
    // Usage counts reach the database within a second, so tests wait little for them.
    USAGE_FLUSH_SECONDS: '1',
    // Without it, the server uses the SQLite file in DATA_DIR.
    ...(database ? { DATABASE_URL: database.url, E2E_DATABASE_NAME: database.name } : {}),
  };
  console.log(
    `E2E database: ${database ? `PostgreSQL, ${database.name}` : `SQLite in ${dataDir}`}`,
  );
  Object.assign(process.env, env, {
    E2E_BASE_URL: `http://127.0.0.1:${E2E_PORT}`,
    E2E_MAIL_URL: env.RESEND_BASE_URL,
  });

  const log = createWriteStream(path.join(dataDir, 'server.log'));
  process.env.E2E_SERVER_LOG = path.join(dataDir, 'server.log');
  // A direct node process in its own group, so teardown can end it and everything it started.
  const server = spawn(process.execPath, ['dist/server.cjs'], {
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout.pipe(log);
  server.stderr.pipe(log);
  const capturesFile = path.join(dataDir, 'responses.jsonl');
  const proxy = await startCaptureProxy(E2E_PORT, SERVER_PORT, capturesFile);
  try {
    await waitForHealth(`${process.env.E2E_BASE_URL}/api/health`, 60_000);
  } catch (error) {
    await stopServer(server);
    await dropRunDatabases();
    throw error;
  }

  return async () => {
    try {
      const mails = (await (await fetch(`${env.RESEND_BASE_URL}/__mails`)).json()) as StubMail[];
      await stopServer(server);
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      await new Promise<void>((resolve) => mailStub.close(() => resolve()));
      await checkSecretHygiene(dataDir, capturesFile, mails);
    } finally {
      await stopServer(server);
      await dropRunDatabases();
    }
  };
}

function stopServer(server: ChildProcess) {
  return new Promise<void>((resolve) => {
    if (!server.pid || server.exitCode !== null || server.signalCode !== null) return resolve();
    server.once('exit', () => resolve());
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      resolve();
    }
  });
}

/**
 * After the whole run: no AccessKey Secret, master key, password, verification code, authenticator-app
 * secret or recovery code may appear in the server log or in any recorded answer, except a Secret in
 * the answers that create or show it, an authenticator secret in the answer that starts its setup and
 * recovery codes in the answers that make them; the last two appear in no mail either.
 */
async function checkSecretHygiene(dataDir: string, capturesFile: string, mails: StubMail[]) {
  // Loaded only now that DATABASE_URL is set: '@/db/schema' takes the tables of the engine selected when
  // it is first evaluated. require(), not import(): Playwright's import() of TypeScript fails in this
  // CommonJS project on Node 20, while require() goes through its transform and the '@/' paths.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { closeDatabase, getDb } = require('@/db') as typeof import('@/db');
  const { accessKeys, products, totpCredentials } =
    require('@/db/schema') as typeof import('@/db/schema');
  const { openTotpSecret } = require('@/lib/auth/mfa/totp') as typeof import('@/lib/auth/mfa/totp');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const rows = await getDb().select().from(accessKeys);
  const productRows = await getDb().select().from(products);
  const totpRows = await getDb().select().from(totpCredentials);
  await closeDatabase();
  const accessKeySecrets = rows.map((row) => openSecret(row.secretCiphertext, row.accessKeyId));
  // Current and previous (rotated) signing secrets of every product the run made.
  const productSecrets = productRows.flatMap((row) =>
    [row.signingSecretCiphertext, row.previousSigningSecretCiphertext]
      .filter((sealed): sealed is string => sealed !== null)
      .map((sealed) => openSigningSecret(sealed, row.id)),
  );
  const passwords = existsSync(path.join(dataDir, 'e2e-passwords.txt'))
    ? readFileSync(path.join(dataDir, 'e2e-passwords.txt'), 'utf8').split('\n').filter(Boolean)
    : [];
  const initialAdmin = readFileSync(path.join(dataDir, 'initial-admin.txt'), 'utf8').match(
    /password: (\S+)/,
  )?.[1];
  const codes = mails.flatMap((mail) => mail.text.match(/\b\d{6}\b/g) ?? []);
  const captures = readFileSync(capturesFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Capture);
  const actions = actionNames();
  const shown = shownAtSetup(captures, actions);
  // Removed authenticator apps are gone from the table; the answers that showed them remember.
  const totpSecrets = [
    ...new Set([
      ...totpRows.map((row) => openTotpSecret(row.secretCiphertext, row.userId)),
      ...shown.totpSecrets,
    ]),
  ];
  const leaks = findLeaks({
    captures,
    logs: readFileSync(path.join(dataDir, 'server.log'), 'utf8'),
    mails: mails.map((mail) => `${mail.subject}\n${mail.text}\n${mail.html}`),
    secrets: {
      accessKeySecrets,
      productSecrets,
      neverShown: [
        { kind: 'master key', value: process.env.ACCESSKEY_MASTER_KEY! },
        { kind: 'session secret', value: process.env.AUTH_SECRET! },
        ...passwords.map((value) => ({ kind: 'password', value })),
        // The first administrator's password is printed once at start, by design.
        ...(initialAdmin ? [{ kind: 'password', value: initialAdmin, printedAtSetup: true }] : []),
      ],
      codes,
      totpSecrets,
      recoveryCodes: shown.recoveryCodes,
    },
    actions,
  });
  if (captures.length === 0) {
    throw new Error('Secret hygiene: the proxy recorded no answers, so nothing could be searched.');
  }
  if (leaks.length > 0) {
    throw new Error(
      `Secret hygiene: secrets leaked in ${leaks.length} place(s):\n${leaks.map((leak) => `  ${leak.kind} in ${leak.where}`).join('\n')}`,
    );
  }
  console.log(
    `Secret hygiene: ${accessKeySecrets.length} Secrets, ${productSecrets.length} product signing secrets, ${codes.length} codes, ${passwords.length + 1} passwords, ${totpSecrets.length} authenticator-app secrets and ${shown.recoveryCodes.length} recovery codes absent from ${captures.length} answers and the server log.`,
  );
}
