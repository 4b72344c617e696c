import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, getEngine, migrateDatabase } from '@/db';
import { users } from '@/db/schema';
import { runAdmin, USAGE } from './admin-cli';
import { verifyPassword } from '@/lib/auth/password';
import { findUserByEmail } from '@/lib/users/accounts';

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAdmin(argv, {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const countUsers = () => getDb().$count(users);

beforeAll(async () => {
  await migrateDatabase();
});

describe('operator CLI', () => {
  it('creates an administrator with Programmatic Access', async () => {
    const result = await run(
      'create-user',
      '--email',
      'Ops@Example.COM',
      '--password',
      'a-long-password-1',
      '--name',
      'Ops',
      '--admin',
      '--programmatic-access',
    );
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toMatch(
      /Created admin ops@example\.com \(id \d+\), Programmatic Access granted\./,
    );
    const user = await findUserByEmail('ops@example.com');
    expect(user).toMatchObject({ role: 'admin', programmaticAccess: true, name: 'Ops' });
    expect(await verifyPassword('a-long-password-1', user!.passwordHash)).toBe(true);
  });

  it.each([
    [
      ['create-user', '--email', 'not-an-email', '--password', 'a-long-password-1'],
      'Enter a valid email address.',
    ],
    [
      ['create-user', '--email', 'x@example.com', '--password', 'short'],
      'Password must be at least 12 characters.',
    ],
    [
      ['create-user', '--email', 'OPS@example.com', '--password', 'a-long-password-1'],
      'already exists',
    ],
    [['create-user', '--mail', 'x@example.com'], "Unknown option '--mail'"],
    [
      ['set-password', '--email', 'nobody@example.com', '--password', 'a-long-password-2'],
      'No account has the email',
    ],
    [['frobnicate'], 'Unknown command "frobnicate".'],
  ])('refuses %j with a clear message and writes nothing', async (argv, message) => {
    const before = await countUsers();
    const result = await run(...argv);
    expect(result.code).toBe(1);
    expect(result.err).toContain(message);
    expect(await countUsers()).toBe(before);
  });

  it('sets a password and lists accounts', async () => {
    expect(
      (await run('set-password', '--email', 'ops@example.com', '--password', 'another-password-2'))
        .code,
    ).toBe(0);
    const user = await findUserByEmail('ops@example.com');
    expect(await verifyPassword('another-password-2', user!.passwordHash)).toBe(true);
    const list = await run('list-users');
    expect(list.out).toContain('ops@example.com\tOps\tadmin\tyes\tno');
    expect(list.out).toMatch(/\d+ accounts?\./);
  });

  it('lists migrate-to-postgres in its help', async () => {
    const result = await run();
    expect(result.code).toBe(1);
    expect(result.err).toBe(USAGE);
    expect(USAGE).toMatch(/^ {2}migrate-to-postgres \[URL\]$/m);
    expect(USAGE).toContain('pg_dump and pg_restore');
  });

  it.runIf(getEngine() === 'sqlite')(
    'asks migrate-to-postgres for one PostgreSQL URL, without echoing it',
    async () => {
      const missing = await run('migrate-to-postgres');
      expect(missing).toMatchObject({ code: 1 });
      expect(missing.err).toContain('Name the PostgreSQL database to copy into');
      for (const url of ['mysql://root:hunter2@db/console', 'postgres://root:hunter2@[oops']) {
        const wrong = await run('migrate-to-postgres', url);
        expect(wrong.code).toBe(1);
        expect(wrong.err).toContain('Name the PostgreSQL database to copy into');
        expect(wrong.err).not.toContain('hunter2');
      }
    },
  );
});

// The file-level commands are SQLite's; on PostgreSQL they point the operator to its own tools.
describe.runIf(getEngine() === 'postgres')('operator CLI on PostgreSQL', () => {
  it.each([['backup'], ['restore']])(
    '%s refuses and points to pg_dump and pg_restore',
    async (command) => {
      const result = await run(command, '/tmp/never-written.db');
      expect(result.code).toBe(1);
      expect(result.err).toContain('DATABASE_URL selects PostgreSQL');
      expect(result.err).toMatch(/pg_dump .*pg_restore/);
    },
  );

  it('refuses migrate-to-postgres: the database is PostgreSQL already', async () => {
    const result = await run('migrate-to-postgres', 'postgres://someone:hunter2@db/console');
    expect(result.code).toBe(1);
    expect(result.err).toContain('DATABASE_URL already selects PostgreSQL');
    expect(result.err).not.toContain('hunter2');
  });
});
