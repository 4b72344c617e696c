import { parseArgs } from 'node:util';
import { desc } from 'drizzle-orm';
import { z } from 'zod';
import { closeDatabase, getDb, migrateDatabase } from '@/db';
import { backupDatabase, BackupError, restoreDatabase } from '@/lib/backup';
import { databaseFile } from '@/lib/env';
import { users } from '@/db/schema';
import { MasterKeyError, rotateMasterKey, type RotationReport } from '@/lib/master-key';
import {
  emailSchema,
  nameSchema,
  passwordSchema,
  createUser,
  findUserByEmail,
  setPassword,
  UserError,
} from '@/lib/users';

export type Output = { out: (line: string) => void; err: (line: string) => void };

export const USAGE = `Usage: npm run admin -- <command> [options]

Commands:
  create-user --email E --password P [--name N] [--admin] [--programmatic-access]
  set-password --email E --password P
  list-users
  backup FILE          online copy of the database, safe while the server runs
  restore FILE         replace the database with a backup (the server must be stopped)
  rotate-master-key    re-encrypt every AccessKey Secret under a new master key
                       (with ACCESSKEY_MASTER_KEY set: put the new key there and the old one in
                       ACCESSKEY_MASTER_KEY_PREVIOUS first; without it, a new data/master-key is generated)`;

const CLI = { actor: null, request: { ip: null, userAgent: 'admin-cli' } };

export class CliError extends Error {}

function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new CliError(result.error.issues[0]?.message ?? 'Invalid input.');
  return result.data;
}

type Command = (args: string[], io: Output) => Promise<void>;

function describeRotation(report: RotationReport) {
  const counts = `${report.resealed} of ${report.total} AccessKey Secret${report.total === 1 ? '' : 's'} re-encrypted, ${report.alreadyCurrent} already under it`;
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
    const rows = getDb().select().from(users).orderBy(desc(users.createdAt)).all();
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
  closeDatabase();
  const { accounts } = await restoreDatabase(positionals[0]);
  migrateDatabase();
  io.out(`Restored ${databaseFile()} from ${positionals[0]} (${accounts} accounts).`);
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
    if (name !== 'restore') migrateDatabase();
    await command(args, io);
    return 0;
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
