import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startMailStub } from './mail-stub';

export const E2E_PORT = Number(process.env.E2E_PORT ?? 3210);
export const MAIL_STUB_PORT = E2E_PORT + 1;

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
  const mailStub = await startMailStub(MAIL_STUB_PORT);

  const env = {
    DATA_DIR: dataDir,
    PORT: String(E2E_PORT),
    HOST: '127.0.0.1',
    AUTH_SECRET: 'e2e-auth-secret-that-is-long-enough-0123456789',
    ACCESSKEY_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
    RESEND_API_KEY: 're_e2e_stub',
    RESEND_BASE_URL: `http://127.0.0.1:${MAIL_STUB_PORT}`,
    MAIL_FROM: 'AccessKey Console <console@example.test>',
    ADMIN_EMAIL: 'admin@example.com',
    // Low enough that a test can reach it quickly.
    API_RATE_LIMIT: '40',
  };
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
  await waitForHealth(`${process.env.E2E_BASE_URL}/api/health`, 60_000);

  return async () => {
    if (server.pid) {
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    await new Promise<void>((resolve) => mailStub.close(() => resolve()));
  };
}
