import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { desc } from 'drizzle-orm';
import { z } from 'zod';
import { closeDatabase, getDb, migrateDatabase } from '@/db';
import { users } from '@/db/schema';
import { backupDatabase, BackupError, restoreDatabase } from '@/lib/ops/backup';
import { databaseEngine, redactDatabaseUrl } from '@/db/url';
import { dataDir, databaseFile, getEnv } from '@/lib/config/env';
import { issueMessage } from '@/lib/i18n/validation';
import { MasterKeyError, rotateMasterKey, type RotationReport } from '@/lib/ops/master-key';
import { migrateToPostgres, MigrationError } from '@/lib/ops/migrate-to-postgres';
import { scanForSecrets } from '@/lib/ops/scan';
import {
  emailSchema,
  nameSchema,
  passwordSchema,
  createUser,
  findUserByEmail,
  setPassword,
  UserError,
} from '@/lib/users/accounts';

export type Output = { out: (line: string) => void; err: (line: string) => void };

export const USAGE = `Usage: npm run admin -- <command> [options]

Commands:
  create-user --email E --password P [--name N] [--admin] [--programmatic-access]
  set-password --email E --password P
  list-users
  backup FILE          online copy of the SQLite database, safe while the server runs
  restore FILE         replace the SQLite database with a backup (the server must be stopped)
                       (on PostgreSQL, back up and restore with pg_dump and pg_restore)
  migrate-to-postgres [URL]
                       copy this SQLite database into the empty PostgreSQL database at URL, or at
                       TARGET_DATABASE_URL (which keeps the password out of the process list and
                       shell history); the server must be stopped; then set DATABASE_URL to it,
                       keeping the master key and AUTH_SECRET
  rotate-master-key    re-encrypt every AccessKey Secret, authenticator-app secret and product signing
                       secret under a new master key
                       (with ACCESSKEY_MASTER_KEY set: put the new key there and the old one in
                       ACCESSKEY_MASTER_KEY_PREVIOUS first; without it, a new data/master-key is generated)
  scan PATH… [--disable]
                       look for this console's AccessKey Secrets in files and folders (skips binary
                       files, node_modules and .git; follows no symbolic links); prints file:line, the
                       AccessKey ID and its owner, never the Secret. --disable disables every key found
                       (marked leaked, audited, owner mailed). Exit code 0: nothing found; 3: found`;

/** The exit code of `scan` when it found a Secret. */
export const SCAN_FOUND_EXIT_CODE = 3;

const CLI = { actor: null, request: { ip: null, userAgent: 'admin-cli' } };

export class CliError extends Error {}

function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  // The operator's CLI speaks English, as its usage text does.
  if (!result.success) throw new CliError(issueMessage('en', result.error.issues[0]));
  return result.data;
}

/** Resolves to the exit code when it is not 0 (success). */
type Command = (args: string[], io: Output) => Promise<void | number>;

function describeRotation(report: RotationReport) {
  const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
  const sealed =
    report.authenticatorApps === 0
      ? plural(report.total, 'AccessKey Secret')
      : `${plural(report.total, 'secret')} (${plural(report.accessKeySecrets, 'AccessKey Secret')}, ${plural(report.authenticatorApps, 'authenticator-app secret')})`;
  const products = report.productSecrets;
  const counts = `${report.resealed} of ${sealed} re-encrypted, ${report.alreadyCurrent} already under it; ${products.resealed} of ${plural(products.total, 'product signing secret')} re-encrypted`;
  return report.source === 'environment'
    ? `Master key ${report.fingerprint} from ACCESSKEY_MASTER_KEY: ${counts}. Every Secret now opens with ACCESSKEY_MASTER_KEY alone; remove ACCESSKEY_MASTER_KEY_PREVIOUS and restart the console.`
    : `Generated a new master key ${report.fingerprint} in ${report.file}: ${counts}. Restart the console so every process uses it.`;
}

const commands: Record<string, Command> = {
  async 'create-user'(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        email: { type: 'string' },
        password: { type: 'string' },
        name: { type: 'string' },
        admin: { type: 'boolean', default: false },
        'programmatic-access': { type: 'boolean', default: false },
      },
    });
    const email = parse(emailSchema, values.email);
    const password = parse(passwordSchema, values.password);
    const name = parse(nameSchema, values.name ?? email.split('@')[0]);
    const role = values.admin ? 'admin' : 'member';
    const user = await createUser(
      { email, name, role, programmaticAccess: values['programmatic-access'] ?? false, password },
      CLI,
    );
    io.out(
      `Created ${role} ${user.email} (id ${user.id}), Programmatic Access ${user.programmaticAccess ? 'granted' : 'not granted'}.`,
    );
  },

  async 'set-password'(args, io) {
    const { values } = parseArgs({
      args,
      options: { email: { type: 'string' }, password: { type: 'string' } },
    });
    const email = parse(emailSchema, values.email);
    const password = parse(passwordSchema, values.password);
    const user = await findUserByEmail(email);
    if (!user) throw new CliError(`No account has the email ${email}.`);
    await setPassword(user.id, password, CLI);
    io.out(`Password of ${user.email} changed; its open sessions were ended.`);
  },

  async 'list-users'(args, io) {
    parseArgs({ args, options: {} });
    const rows = await getDb().select().from(users).orderBy(desc(users.createdAt));
    io.out(['id', 'email', 'name', 'role', 'programmatic_access', 'disabled'].join('\t'));
    for (const user of rows) {
      io.out(
        [
          user.id,
          user.email,
          user.name,
          user.role,
          user.programmaticAccess ? 'yes' : 'no',
          user.disabledAt ? 'yes' : 'no',
        ].join('\t'),
      );
    }
    io.out(`${rows.length} account${rows.length === 1 ? '' : 's'}.`);
  },

  async 'rotate-master-key'(args, io) {
    parseArgs({ args, options: {} });
    try {
      io.out(describeRotation(await rotateMasterKey()));
    } catch (error) {
      if (error instanceof MasterKeyError) throw new CliError(error.message);
      throw error;
    }
  },
};

/** Commands that work on the SQLite file itself, not through the query API. */
const SQLITE_ONLY = new Set(['backup', 'restore', 'migrate-to-postgres']);

function usesPostgres() {
  return databaseEngine(getEnv().DATABASE_URL) === 'postgres';
}

commands.backup = async (args, io) => {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  if (positionals.length !== 1)
    throw new CliError('Name one backup file: npm run admin -- backup FILE');
  const { accounts } = await backupDatabase(positionals[0]);
  io.out(`Backed up ${databaseFile()} to ${positionals[0]} (${accounts} accounts, integrity ok).`);
};

commands.restore = async (args, io) => {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  if (positionals.length !== 1)
    throw new CliError('Name one backup file: npm run admin -- restore FILE');
  await closeDatabase();
  const { accounts } = await restoreDatabase(positionals[0]);
  await migrateDatabase();
  io.out(`Restored ${databaseFile()} from ${positionals[0]} (${accounts} accounts).`);
};

commands['migrate-to-postgres'] = async (args, io) => {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const target = positionals.length === 0 ? process.env.TARGET_DATABASE_URL : positionals[0];
  if (positionals.length > 1 || !target) {
    throw new CliError(
      'Name the PostgreSQL database to copy into: TARGET_DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/DATABASE npm run admin -- migrate-to-postgres (or give the URL as the argument).',
    );
  }
  const source = databaseFile();
  try {
    const report = await migrateToPostgres(target, { sourceFile: source });
    const width = Math.max(...report.tables.map(({ table }) => table.length));
    io.out(`Copied ${source} into ${report.target}:`);
    for (const { table, rows } of report.tables) io.out(`  ${table.padEnd(width)}  ${rows}`);
    const total = report.tables.reduce((sum, { rows }) => sum + rows, 0);
    io.out(
      `${total} rows in ${report.tables.length} tables, counts verified; ${source} is left as it was.`,
    );
    const env = getEnv();
    // Where the keys are, never the keys: the Secrets were copied sealed under this console's master key.
    io.out(
      env.ACCESSKEY_MASTER_KEY
        ? `Give every instance the same ACCESSKEY_MASTER_KEY${env.ACCESSKEY_MASTER_KEY_PREVIOUS ? ' and ACCESSKEY_MASTER_KEY_PREVIOUS' : ''}: the AccessKey Secrets are still sealed under it.`
        : `Set ACCESSKEY_MASTER_KEY on every instance to the key in ${path.join(dataDir(env), 'master-key')}: the AccessKey Secrets are still sealed under it.`,
    );
    io.out(
      env.AUTH_SECRET
        ? 'Keep AUTH_SECRET as it is on every instance, so open sessions stay valid.'
        : `Set AUTH_SECRET on every instance to the value in ${path.join(dataDir(env), 'auth-secret')}, or everyone signs in again.`,
    );
    io.out('Then set DATABASE_URL to the PostgreSQL URL and start the console.');
  } catch (error) {
    if (error instanceof MigrationError) throw new CliError(error.message);
    throw error;
  }
};

commands.scan = async (args, io) => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { disable: { type: 'boolean', default: false } },
  });
  if (positionals.length === 0) {
    throw new CliError(
      'Name the files or folders to scan: npm run admin -- scan PATH… [--disable]',
    );
  }
  const missing = positionals.filter((target) => !existsSync(target));
  if (missing.length > 0) {
    throw new CliError(`Nothing was scanned: ${missing.join(', ')} does not exist.`);
  }
  const report = await scanForSecrets(positionals, {
    disable: values.disable ?? false,
    request: CLI.request,
  });
  for (const problem of report.unreadable) io.err(`Could not read ${problem}; skipped.`);
  for (const { file, line, key } of report.findings) {
    io.out(
      key
        ? `${file}:${line}\t${key.accessKeyId}\t${key.email}\t${key.leakedAt ? 'already marked leaked' : key.status}`
        : `${file}:${line}\t(no AccessKey in this console has this Secret)`,
    );
  }
  for (const key of report.disabled) {
    io.out(`Disabled ${key.accessKeyId} of ${key.email} and marked it leaked.`);
  }
  const keys = new Set(report.findings.flatMap(({ key }) => (key ? [key.keyId] : [])));
  const found = report.findings.length;
  io.out(
    `Scanned ${report.files} file${report.files === 1 ? '' : 's'} (${report.binaries} binary skipped): ${
      found === 0
        ? 'no AccessKey Secret found.'
        : `${found} Secret${found === 1 ? '' : 's'} found, of ${keys.size} AccessKey${keys.size === 1 ? '' : 's'} in this console.`
    }${
      values.disable
        ? ` ${report.disabled.length} disabled now, ${report.mailed} owner mail${report.mailed === 1 ? '' : 's'} sent.`
        : found > 0 && keys.size > 0
          ? ' Run again with --disable to disable them and mail their owners.'
          : ''
    }`,
  );
  return found > 0 ? SCAN_FOUND_EXIT_CODE : 0;
};

export function registerCommand(name: string, command: Command) {
  commands[name] = command;
}

/** Runs one operator command against the database; returns the process exit code. */
export async function runAdmin(argv: string[], io: Output): Promise<number> {
  const [name, ...args] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    io.err(name ? `Unknown command "${name}".\n\n${USAGE}` : USAGE);
    return 1;
  }
  try {
    if (SQLITE_ONLY.has(name) && usesPostgres()) {
      throw new CliError(
        name === 'migrate-to-postgres'
          ? `DATABASE_URL already selects PostgreSQL (${redactDatabaseUrl(getEnv().DATABASE_URL!)}). migrate-to-postgres copies the SQLite database: run it with the SQLite settings (DATA_DIR, or DATABASE_URL naming the file), then switch DATABASE_URL.`
          : `${name} works on the SQLite database file, and DATABASE_URL selects PostgreSQL. Back it up with pg_dump (for example pg_dump --format=custom --file=console.dump "$DATABASE_URL") and restore with pg_restore (pg_restore --clean --dbname="$DATABASE_URL" console.dump).`,
      );
    }
    // restore replaces the file first; migrate-to-postgres brings its source up to date itself.
    if (name !== 'restore' && name !== 'migrate-to-postgres') await migrateDatabase();
    return (await command(args, io)) ?? 0;
  } catch (error) {
    if (error instanceof CliError || error instanceof UserError || error instanceof BackupError) {
      io.err(error.message);
    } else if (
      error instanceof TypeError &&
      'code' in error &&
      String(error.code).startsWith('ERR_PARSE_ARGS')
    ) {
      io.err(`${error.message}\n\n${USAGE}`);
    } else throw error;
    return 1;
  }
}
