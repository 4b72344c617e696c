// Regenerates docs/screenshot-<locale>.png (desktop) and docs/screenshot-<locale>-phone.png (390 px)
// of the AccessKey Management page in every language: `npm run screenshots` after `npm run build`.
// It seeds a throwaway database, starts the production server on SCREENSHOT_PORT (3612 unless set)
// and drives the Chromium the browser tests use, with each language's Accept-Language.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';

const PORT = Number(process.env.SCREENSHOT_PORT ?? 3612);
const BASE_URL = `http://127.0.0.1:${PORT}`;
const SYSTEM_CHROMIUM = '/usr/bin/chromium';
const PASSWORD = 'screenshot-password-0123';
// Each language in a zone where it is read, so the times show the viewer's zone at work.
const SHOTS = [
  { locale: 'en', acceptLanguage: 'en-US', timezoneId: 'Europe/London' },
  { locale: 'ko', acceptLanguage: 'ko-KR', timezoneId: 'Asia/Seoul' },
  { locale: 'zh-CN', acceptLanguage: 'zh-CN', timezoneId: 'Asia/Shanghai' },
] as const;

const dataDir = mkdtempSync(path.join(tmpdir(), 'accesskey-screenshots-'));
const env = {
  ...process.env,
  DATA_DIR: dataDir,
  DATABASE_URL: `file:${path.join(dataDir, 'console.db')}`,
  AUTH_SECRET: 'screenshot-auth-secret-0123456789abcdef',
  ACCESSKEY_MASTER_KEY: Buffer.alloc(32, 3).toString('base64'),
  MAIL_TRANSPORT: 'log',
  RESEND_API_KEY: '',
  PORT: String(PORT),
  HOST: '127.0.0.1',
  ADMIN_EMAIL: 'admin@example.com',
};
Object.assign(process.env, env);

async function seed() {
  const { closeDatabase, getDb, migrateDatabase } = await import('@/db');
  const { accessKeys } = await import('@/db/schema');
  const { createAccessKey, setAccessKeyStatus } = await import('@/lib/access-keys/keys');
  const { createUser } = await import('@/lib/users/accounts');
  const { eq } = await import('drizzle-orm');
  await migrateDatabase();
  const context = { actor: null, request: { ip: '127.0.0.1', userAgent: 'screenshots' } };
  const user = await createUser(
    {
      email: 'dev@example.com',
      name: 'Developer',
      role: 'member',
      programmaticAccess: true,
      password: PASSWORD,
    },
    context,
  );
  const used = await createAccessKey(user.id, context);
  const spare = await createAccessKey(user.id, context);
  await createAccessKey(user.id, context);
  await setAccessKeyStatus(user.id, spare.id, 'disabled', context);
  await getDb()
    .update(accessKeys)
    .set({ lastUsedAt: new Date(Date.now() - 3 * 60_000), lastUsedIp: '203.0.113.24' })
    .where(eq(accessKeys.id, used.id));
  await closeDatabase();
  return user.email;
}

async function waitForHealth() {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${BASE_URL}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The console did not become healthy at ${BASE_URL}`);
}

async function main() {
  if (!existsSync('.next/BUILD_ID') || !existsSync('dist/server.cjs')) {
    throw new Error('No production build: run `npm run build` first.');
  }
  const email = await seed();
  const server = spawn(process.execPath, ['dist/server.cjs'], {
    env: { ...env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
    detached: true,
    stdio: 'ignore',
  });
  const browser = await chromium.launch(
    existsSync(SYSTEM_CHROMIUM)
      ? { executablePath: SYSTEM_CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] }
      : {},
  );
  try {
    await waitForHealth();
    for (const shot of SHOTS) {
      for (const phone of [false, true]) {
        const context = await browser.newContext({
          locale: shot.acceptLanguage,
          timezoneId: shot.timezoneId,
          viewport: phone ? { width: 390, height: 844 } : { width: 1280, height: 720 },
          deviceScaleFactor: phone ? 2 : 1,
          colorScheme: 'light',
        });
        // The time zone the browser would report on its first visit, so no refresh is needed.
        await context.addCookies([{ name: 'tz', value: shot.timezoneId, url: BASE_URL }]);
        const page = await context.newPage();
        await page.goto(`${BASE_URL}/login`);
        await page.locator('#email').fill(email);
        await page.locator('#password').fill(PASSWORD);
        await page.locator('button[type="submit"]').click();
        await page.waitForURL(/\/account\/api-information\/access-keys$/);
        await page.waitForLoadState('networkidle');
        const target = `docs/screenshot-${shot.locale}${phone ? '-phone' : ''}.png`;
        await page.screenshot({ path: target, fullPage: phone });
        console.log(`wrote ${target}`);
        await context.close();
      }
    }
  } finally {
    await browser.close();
    if (server.pid) process.kill(-server.pid, 'SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
