import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase } from '@/db';
import { ensureInitialAdmin, prepareFolders } from './bootstrap';
import { EnvError, parseEnv } from '@/lib/config/env';
import { verifyPassword } from '@/lib/auth/password';
import { countUsers, findUserByEmail } from '@/lib/users/accounts';

const modeOf = (file: string) => statSync(file).mode & 0o777;
// Root writes wherever permission bits forbid it, so chmod cannot make a folder read-only for it.
const isRoot = process.getuid?.() === 0;

function freshRoot() {
  return mkdtempSync(path.join(tmpdir(), 'bootstrap-test-'));
}

function blockedBy(root: string) {
  const file = path.join(root, 'a-file');
  writeFileSync(file, 'not a folder\n');
  return file;
}

describe('the folders the server writes to', () => {
  it('creates DATA_DIR and the database folder, every new level owner-only', () => {
    const root = freshRoot();
    chmodSync(root, 0o755);
    prepareFolders(
      parseEnv({
        DATA_DIR: path.join(root, 'state', 'data'),
        DATABASE_URL: `file:${path.join(root, 'db', 'nested', 'console.db')}`,
      }),
    );
    for (const folder of ['state', 'state/data', 'db', 'db/nested']) {
      expect(modeOf(path.join(root, folder)), folder).toBe(0o700);
    }
    expect(modeOf(root), 'a folder that was there before keeps its permissions').toBe(0o755);
    expect(existsSync(path.join(root, 'db', 'nested', 'console.db'))).toBe(false);
  });

  it('refuses a DATABASE_URL that names a folder, in one line', () => {
    const root = freshRoot();
    expect(() => prepareFolders(parseEnv({ DATA_DIR: root, DATABASE_URL: root }))).toThrow(
      `DATABASE_URL: ${root} is a folder; name the database file inside it.`,
    );
  });

  it('creates DATA_DIR on PostgreSQL too, where initial-admin.txt still goes', () => {
    const root = freshRoot();
    prepareFolders(
      parseEnv({ DATA_DIR: path.join(root, 'data'), DATABASE_URL: 'postgres://db.test/console' }),
    );
    expect(modeOf(path.join(root, 'data'))).toBe(0o700);
  });

  it('names the variable and the path when a file is in the way', () => {
    const file = blockedBy(freshRoot());
    const prepare = (env: Record<string, string>) => () => prepareFolders(parseEnv(env));

    expect(prepare({ DATA_DIR: file })).toThrow(EnvError);
    expect(prepare({ DATA_DIR: file })).toThrow(
      `DATA_DIR: cannot create the folder ${file}: a file is in the way.`,
    );
    expect(prepare({ DATA_DIR: path.join(file, 'data') })).toThrow(
      `DATA_DIR: cannot create the folder ${path.join(file, 'data')}: a file is in the way at ${file}.`,
    );
    const database = path.join(file, 'db', 'console.db');
    expect(prepare({ DATA_DIR: freshRoot(), DATABASE_URL: database })).toThrow(
      `DATABASE_URL: cannot create the folder ${path.dirname(database)} for the database file: a file is in the way at ${file}.`,
    );
  });

  it.skipIf(isRoot)('refuses a folder under a parent it may not write to', () => {
    const parent = freshRoot();
    chmodSync(parent, 0o500);
    const existing = freshRoot();
    chmodSync(existing, 0o500);
    try {
      expect(() => prepareFolders(parseEnv({ DATA_DIR: path.join(parent, 'data') }))).toThrow(
        `DATA_DIR: cannot create the folder ${path.join(parent, 'data')}: permission denied.`,
      );
      expect(() =>
        prepareFolders(
          parseEnv({ DATA_DIR: freshRoot(), DATABASE_URL: path.join(existing, 'console.db') }),
        ),
      ).toThrow(
        `DATABASE_URL: cannot write to the folder ${existing} for the database file: permission denied.`,
      );
    } finally {
      chmodSync(parent, 0o700);
      chmodSync(existing, 0o700);
    }
  });

  // The kernel's sysfs refuses new folders even to root, so this runs where the test above cannot.
  it.skipIf(!existsSync('/sys/kernel'))('refuses a folder the file system will not hold', () => {
    const folder = '/sys/accesskey-console-test/data';
    expect(() => prepareFolders(parseEnv({ DATA_DIR: folder }))).toThrow(
      new RegExp(
        `^DATA_DIR: cannot create the folder ${folder}: (permission denied|the file system is read-only)\\.$`,
      ),
    );
  });
});

describe('the first administrator', () => {
  beforeAll(async () => {
    await migrateDatabase();
  });

  it('is created only once its password is on disk, and the password recorded is the one that works', async () => {
    const env = (dataDir: string) =>
      parseEnv({ DATA_DIR: dataDir, ADMIN_EMAIL: 'first@boot.test' });

    const blocked = path.join(blockedBy(freshRoot()), 'data');
    await expect(ensureInitialAdmin(env(blocked))).rejects.toThrow(
      /^DATA_DIR: cannot write .*initial-admin\.txt\..*: a file is in the way at /,
    );
    expect(await countUsers(), 'no account without a recorded password').toBe(0);

    // Two instances starting together on one shared folder: one account, and its password in the file.
    const dataDir = freshRoot();
    await Promise.all([ensureInitialAdmin(env(dataDir)), ensureInitialAdmin(env(dataDir))]);
    expect(await countUsers()).toBe(1);
    const file = path.join(dataDir, 'initial-admin.txt');
    expect(modeOf(file)).toBe(0o600);
    expect(readdirSync(dataDir)).toEqual(['initial-admin.txt']);
    const recorded = readFileSync(file, 'utf8');
    const password = recorded.match(/^email: first@boot\.test\npassword: (\S+)\n$/)![1];
    const admin = await findUserByEmail('first@boot.test');
    expect(admin?.role).toBe('admin');
    expect(await verifyPassword(password, admin!.passwordHash)).toBe(true);

    await ensureInitialAdmin(env(dataDir));
    expect(readFileSync(file, 'utf8'), 'a later start leaves it alone').toBe(recorded);
  });
});
