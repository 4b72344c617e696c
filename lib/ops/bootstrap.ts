import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { migrateDatabase } from '@/db';
import { databaseEngine } from '@/db/url';
import {
  authSecret,
  dataDir,
  EnvError,
  getEnv,
  isConfiguredDeployment,
  mailTransport,
  masterKeys,
} from '@/lib/config/env';
import { generatePassword } from '@/lib/auth/password';
import { countUsers, createUser, UserError } from '@/lib/users/accounts';

const SYSTEM = { actor: null, request: { ip: null, userAgent: 'bootstrap' } };

/** Everything the server needs before it accepts a request: valid config, secrets, schema, an administrator. */
export async function prepareRuntime() {
  const env = getEnv();
  if (isConfiguredDeployment(env) && !env.RESEND_API_KEY && env.MAIL_TRANSPORT !== 'log') {
    throw new EnvError(
      'RESEND_API_KEY is not set. A production deployment needs a mail transport to send verification codes; set RESEND_API_KEY, or MAIL_TRANSPORT=log to print mail to the server log on purpose.',
    );
  }
  if (mailTransport(env) === 'resend' && !env.RESEND_API_KEY) {
    throw new EnvError('MAIL_TRANSPORT=resend needs RESEND_API_KEY.');
  }
  if (databaseEngine(env.DATABASE_URL) === 'postgres') {
    const missing = (['AUTH_SECRET', 'ACCESSKEY_MASTER_KEY'] as const).filter((name) => !env[name]);
    if (missing.length > 0) {
      throw new EnvError(
        `${missing.join(' and ')} must be set when DATABASE_URL selects PostgreSQL: every instance sharing the database needs the same value, so one generated into this instance's data folder would not do.`,
      );
    }
  }
  authSecret(env);
  masterKeys(env);
  await migrateDatabase();
  await ensureInitialAdmin();
  if (mailTransport(env) === 'log') {
    console.warn(
      '[mail] RESEND_API_KEY is not set: mail goes to the local mailbox (server log and Account Management → Mailbox). Do not use this in production.',
    );
  }
}

async function ensureInitialAdmin() {
  if ((await countUsers()) > 0) return;
  const env = getEnv();
  const password = generatePassword();
  try {
    await createUser(
      {
        email: env.ADMIN_EMAIL,
        name: 'Administrator',
        role: 'admin',
        programmaticAccess: true,
        password,
      },
      SYSTEM,
    );
  } catch (error) {
    if (error instanceof UserError) return;
    throw error;
  }
  const file = path.join(dataDir(env), 'initial-admin.txt');
  writeFileSync(file, `email: ${env.ADMIN_EMAIL}\npassword: ${password}\n`, { mode: 0o600 });
  console.warn(
    `[setup] Created the first administrator.\n  email:    ${env.ADMIN_EMAIL}\n  password: ${password}\n  (also saved in ${file}; change it after signing in)`,
  );
}
