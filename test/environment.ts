import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const TEST_MASTER_KEY = Buffer.alloc(32, 1).toString('base64');

/**
 * Points the app at a fresh temporary data folder (generated secrets, and the SQLite file unless
 * DATABASE_URL names one). Call it before the first dynamic import of anything that reads lib/config/env,
 * which caches the environment on first use.
 *
 * DATABASE_URL is left as test/setup.ts chose it for this test file: @/db/schema picks the engine
 * when it is first loaded, so switching the URL here would pair one engine's tables with another's
 * connection.
 */
export function prepareTestEnvironment(overrides: Record<string, string | undefined> = {}) {
  if ('DATABASE_URL' in overrides) {
    throw new Error('prepareTestEnvironment keeps the database test/setup.ts chose.');
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'accesskey-unit-'));
  const values: Record<string, string | undefined> = {
    DATA_DIR: dir,
    AUTH_SECRET: 'unit-test-auth-secret-0123456789abcdef',
    ACCESSKEY_MASTER_KEY: TEST_MASTER_KEY,
    ACCESSKEY_MASTER_KEY_PREVIOUS: undefined,
    RESEND_API_KEY: undefined,
    MAIL_TRANSPORT: 'log',
    ...overrides,
  };
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  return dir;
}
