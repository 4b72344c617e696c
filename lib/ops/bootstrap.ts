import { randomBytes } from 'node:crypto';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { migrateDatabase } from '@/db';
import { databaseEngine } from '@/db/url';
import {
  authSecret,
  databaseFile,
  dataDir,
  type Env,
  EnvError,
  getEnv,
  isConfiguredDeployment,
  mailTransport,
  masterKeys,
} from '@/lib/config/env';
import { backfillSecretHashes } from '@/lib/access-keys/keys';
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
  prepareFolders(env);
  authSecret(env);
  masterKeys(env);
  await migrateDatabase();
  await ensureInitialAdmin();
  await prepareSecretHashes();
  if (mailTransport(env) === 'log') {
    console.warn(
      '[mail] RESEND_API_KEY is not set: mail goes to the local mailbox (server log and Account Management → Mailbox). Do not use this in production.',
    );
  }
}

/**
 * Keys created before Secrets had a lookup hash get one, so leak reports and scans find them. A key
 * whose Secret no configured master key opens is named (never its Secret) and left for later.
 */
async function prepareSecretHashes() {
  const { filled, unreadable } = await backfillSecretHashes();
  if (filled > 0) {
    console.log(`[setup] Recorded the lookup hash of ${filled} existing AccessKey Secret(s).`);
  }
  if (unreadable.length > 0) {
    console.warn(
      `[setup] ${unreadable.length} AccessKey Secret(s) cannot be opened with the configured master keys (${unreadable.slice(0, 5).join(', ')}${unreadable.length > 5 ? ', …' : ''}); leak reports and scans cannot find them until the key that sealed them is configured.`,
    );
  }
}

/**
 * Creates the folders the server writes to, owner-only (0700), and checks that it may write there,
 * before anything is written: DATA_DIR (generated secrets, initial-admin.txt) and the SQLite file's
 * folder (the database and its `.server.pid`). Folders that already exist keep their permissions.
 */
export function prepareFolders(env: Env = getEnv()) {
  ensureFolder(dataDir(env), 'DATA_DIR');
  // Without DATABASE_URL the database lives in DATA_DIR; PostgreSQL has no file.
  if (!env.DATABASE_URL || databaseEngine(env.DATABASE_URL) === 'postgres') return;
  const file = databaseFile(env);
  if (file === ':memory:') return;
  ensureFolder(path.dirname(file), 'DATABASE_URL', ' for the database file');
  if (!existsSync(file)) return;
  if (statSync(file).isDirectory()) {
    throw new EnvError(`DATABASE_URL: ${file} is a folder; name the database file inside it.`);
  }
  try {
    accessSync(file, constants.R_OK | constants.W_OK);
  } catch (error) {
    throw new EnvError(
      `DATABASE_URL: cannot write the database file ${file}: ${failure(file, error)}.`,
    );
  }
}

function ensureFolder(folder: string, variable: string, purpose = '') {
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new EnvError(
      `${variable}: cannot create the folder ${folder}${purpose}: ${failure(folder, error)}.`,
    );
  }
  try {
    accessSync(folder, constants.W_OK | constants.X_OK);
  } catch (error) {
    throw new EnvError(
      `${variable}: cannot write to the folder ${folder}${purpose}: ${failure(folder, error)}.`,
    );
  }
}

/** Why a file operation under `target` failed, in words. */
function failure(target: string, error: unknown) {
  const { code, message } = error as NodeJS.ErrnoException;
  if (code === 'EEXIST' || code === 'ENOTDIR') {
    let blocker = target;
    while (!existsSync(blocker)) blocker = path.dirname(blocker);
    return blocker === target ? 'a file is in the way' : `a file is in the way at ${blocker}`;
  }
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EROFS') return 'the file system is read-only';
  if (code === 'ENOSPC') return 'the disk is full';
  return message;
}

/** Creates the first administrator when the database has no account, recording its password in DATA_DIR. */
export async function ensureInitialAdmin(env: Env = getEnv()) {
  if ((await countUsers()) > 0) return;
  const password = generatePassword();
  const file = path.join(dataDir(env), 'initial-admin.txt');
  // The password is on disk before the account exists and takes the file's name once it does, so no
  // failure in between leaves an administrator whose password nobody has. The random name keeps
  // instances that start together on one shared DATA_DIR off each other's file.
  const pending = `${file}.${randomBytes(6).toString('hex')}.pending`;
  try {
    writeFileSync(pending, `email: ${env.ADMIN_EMAIL}\npassword: ${password}\n`, {
      mode: 0o600,
      flag: 'wx',
      flush: true,
    });
  } catch (error) {
    throw new EnvError(`DATA_DIR: cannot write ${pending}: ${failure(pending, error)}.`);
  }
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
    rmSync(pending, { force: true });
    // Another instance starting on the same database created it first.
    if (error instanceof UserError) return;
    throw error;
  }
  renameSync(pending, file);
  console.warn(
    `[setup] Created the first administrator.\n  email:    ${env.ADMIN_EMAIL}\n  password: ${password}\n  (also saved in ${file}; change it after signing in)`,
  );
}
