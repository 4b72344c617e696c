import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const TEST_MASTER_KEY = Buffer.alloc(32, 1).toString('base64');

/**
 * Points the app at a fresh temporary data folder. Call it before the first dynamic import of
 * anything that reads lib/env, which caches the environment on first use.
 */
export function prepareTestEnvironment(overrides: Record<string, string | undefined> = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'accesskey-unit-'));
  const values: Record<string, string | undefined> = {
    DATA_DIR: dir,
    DATABASE_URL: undefined,
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
