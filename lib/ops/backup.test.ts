import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { getEngine, migrateDatabase } from '@/db';
import { runAdmin } from './admin-cli';
import { markServerRunning, markServerStopped } from './backup';
import { createUser, findUserByEmail } from '@/lib/users/accounts';

const SYSTEM = { actor: null, request: { ip: null, userAgent: 'test' } };
const folder = mkdtempSync(path.join(tmpdir(), 'backup-test-'));

async function run(...argv: string[]) {
  const err: string[] = [];
  const code = await runAdmin(argv, { out: () => {}, err: (line) => err.push(line) });
  return { code, err: err.join('\n') };
}

const account = (email: string) => ({
  email,
  name: email,
  role: 'member' as const,
  programmaticAccess: false,
  password: null,
});

// The online backup and the file restore are SQLite's own (a copy of the database file, checked with
// integrity_check); a PostgreSQL deployment backs up with pg_dump and pg_restore instead.
describe.skipIf(getEngine() !== 'sqlite')('backup and restore', () => {
  beforeAll(async () => {
    await migrateDatabase();
  });

  it('round-trips a populated database', async () => {
    await createUser(account('kept@example.test'), SYSTEM);
    const file = path.join(folder, 'first.db');
    expect(await run('backup', file)).toEqual({ code: 0, err: '' });
    expect(existsSync(file)).toBe(true);

    await createUser(account('after-backup@example.test'), SYSTEM);
    expect(await run('restore', file)).toEqual({ code: 0, err: '' });
    expect(await findUserByEmail('kept@example.test')).toBeDefined();
    expect(await findUserByEmail('after-backup@example.test')).toBeUndefined();
  });

  it('never overwrites an existing backup', async () => {
    const file = path.join(folder, 'exists.db');
    writeFileSync(file, 'x');
    expect(await run('backup', file)).toMatchObject({
      code: 1,
      err: expect.stringContaining('already exists'),
    });
  });

  it('refuses to restore while the server runs, or from a file that is not a console database', async () => {
    const file = path.join(folder, 'second.db');
    expect((await run('backup', file)).code).toBe(0);
    markServerRunning();
    try {
      expect(await run('restore', file)).toMatchObject({
        code: 1,
        err: expect.stringContaining('Stop it before restoring'),
      });
    } finally {
      markServerStopped();
    }
    const junk = path.join(folder, 'junk.db');
    writeFileSync(junk, 'not a database at all');
    expect(await run('restore', junk)).toMatchObject({
      code: 1,
      err: expect.stringContaining('not a readable SQLite database'),
    });
    expect(await findUserByEmail('kept@example.test')).toBeDefined();
  });
});
