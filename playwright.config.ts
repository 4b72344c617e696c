import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

const SYSTEM_CHROMIUM = '/usr/bin/chromium';
// On PostgreSQL (TEST_DATABASE_URL, see e2e/global-setup.ts) results go to folders of their own, so the
// SQLite run's report survives the second run in CI.
const ENGINE_FOLDER = process.env.TEST_DATABASE_URL ? '/postgres' : '';

export default defineConfig({
  testDir: './e2e',
  testMatch: '*.spec.ts',
  outputDir: `./test-results${ENGINE_FOLDER}`,
  globalSetup: './e2e/global-setup.ts',
  fullyParallel: true,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI
    ? [['list'], ['html', { open: 'never', outputFolder: `playwright-report${ENGINE_FOLDER}` }]]
    : 'list',
  use: {
    baseURL: `http://127.0.0.1:${process.env.E2E_PORT ?? 3210}`,
    // The specs find elements by their English names and read times in UTC; e2e/languages.spec.ts
    // sets its own language and zone.
    locale: 'en-US',
    timezoneId: 'UTC',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        // Debian's chromium where it exists (these machines cannot download Playwright's); Playwright's own elsewhere.
        launchOptions: existsSync(SYSTEM_CHROMIUM)
          ? {
              executablePath: SYSTEM_CHROMIUM,
              args: [
                '--no-sandbox',
                '--disable-gpu',
                '--disable-dev-shm-usage',
                '--disable-background-networking',
                '--disable-component-update',
                '--disable-sync',
                '--no-first-run',
              ],
            }
          : {},
      },
    },
  ],
});
