import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareTestEnvironment } from '@/test/environment';

prepareTestEnvironment();
const { getDb, migrateDatabase } = await import('@/db');
const { accessKeys, auditLogs, mailboxMessages } = await import('@/db/schema');
const { and, eq } = await import('drizzle-orm');
const { createAccessKey } = await import('@/lib/access-keys/keys');
const { generateSecret } = await import('@/lib/access-keys/secret-format');
const { createUser } = await import('@/lib/users/accounts');
const { runAdmin, SCAN_FOUND_EXIT_CODE } = await import('./admin-cli');

const context = { actor: null, request: { ip: null, userAgent: 'vitest' } };

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAdmin(argv, {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function keyOf(email: string) {
  const user = await createUser(
    { email, name: email, role: 'member', programmaticAccess: true, password: null },
    context,
  );
  return { ...(await createAccessKey(user.id, context)), email, userId: user.id };
}

beforeAll(async () => {
  await migrateDatabase();
});

describe('npm run admin -- scan', () => {
  it('finds Secrets by format and checksum, names file:line, key and owner, never the Secret', async () => {
    const planted = await keyOf('planted@example.test');
    const logged = await keyOf('logged@example.test');
    const hidden = await keyOf('hidden@example.test');
    const unknown = generateSecret();
    const lookAlike = `${planted.secret.slice(0, -1)}${planted.secret.endsWith('a') ? 'b' : 'a'}`;

    const root = mkdtempSync(path.join(tmpdir(), 'accesskey-scan-'));
    const tree = path.join(root, 'repo');
    const outside = path.join(root, 'outside');
    for (const folder of ['app', 'logs', 'node_modules/pkg', '.git', 'deep/er/still']) {
      mkdirSync(path.join(tree, folder), { recursive: true });
    }
    mkdirSync(outside);
    writeFileSync(
      path.join(tree, 'app/.env'),
      `# settings\nACCESSKEY_ID=${planted.accessKeyId}\nACCESSKEY_SECRET=${planted.secret}\n`,
    );
    writeFileSync(
      path.join(tree, 'logs/app.log'),
      `ok\r\nsigned with "${logged.secret}" and ${lookAlike}\r\nthen ${unknown}\r\n`,
    );
    writeFileSync(path.join(tree, 'deep/er/still/notes.md'), `x ${logged.secret} y\n`);
    // Out of bounds: installed packages, git objects, binaries, and links out of the tree.
    writeFileSync(path.join(tree, 'node_modules/pkg/index.js'), `"${hidden.secret}"`);
    writeFileSync(path.join(tree, '.git/config'), hidden.secret);
    writeFileSync(
      path.join(tree, 'app/image.bin'),
      Buffer.concat([Buffer.from([0x89, 0x50, 0x00, 0x01]), Buffer.from(hidden.secret)]),
    );
    writeFileSync(path.join(outside, 'secrets.txt'), hidden.secret);
    symlinkSync(outside, path.join(tree, 'linked-folder'));
    symlinkSync(path.join(outside, 'secrets.txt'), path.join(tree, 'linked-file.txt'));

    const result = await run('scan', tree);
    expect(result.code).toBe(SCAN_FOUND_EXIT_CODE);
    expect(result.err).toBe('');
    const lines = result.out.split('\n');
    expect(lines.slice(0, -1)).toEqual([
      `${tree}/app/.env:3\t${planted.accessKeyId}\tplanted@example.test\tenabled`,
      `${tree}/deep/er/still/notes.md:1\t${logged.accessKeyId}\tlogged@example.test\tenabled`,
      `${tree}/logs/app.log:2\t${logged.accessKeyId}\tlogged@example.test\tenabled`,
      `${tree}/logs/app.log:3\t(no AccessKey in this console has this Secret)`,
    ]);
    expect(lines.at(-1)).toBe(
      'Scanned 3 files (1 binary skipped): 4 Secrets found, of 2 AccessKeys in this console. Run again with --disable to disable them and mail their owners.',
    );
    for (const secret of [planted.secret, logged.secret, hidden.secret, unknown]) {
      expect(result.out).not.toContain(secret);
    }
    // Nothing changed without --disable.
    const [row] = await getDb().select().from(accessKeys).where(eq(accessKeys.id, planted.id));
    expect(row).toMatchObject({ status: 'enabled', leakedAt: null });

    const disabled = await run('scan', tree, '--disable');
    expect(disabled.code).toBe(SCAN_FOUND_EXIT_CODE);
    expect(disabled.out).toContain(
      `Disabled ${planted.accessKeyId} of planted@example.test and marked it leaked.`,
    );
    expect(disabled.out).toContain(`Disabled ${logged.accessKeyId} of logged@example.test`);
    expect(disabled.out.split('\n').at(-1)).toMatch(/ 2 disabled now, 2 owner mails sent\.$/);
    for (const key of [planted, logged]) {
      const [after] = await getDb().select().from(accessKeys).where(eq(accessKeys.id, key.id));
      expect(after).toMatchObject({ status: 'disabled', leakedAt: expect.any(Date) });
      const [audit] = await getDb()
        .select()
        .from(auditLogs)
        .where(
          and(eq(auditLogs.action, 'access_key.leaked'), eq(auditLogs.targetId, key.accessKeyId)),
        );
      expect(audit).toMatchObject({ userAgent: 'admin-cli' });
      expect(JSON.parse(audit.detail!)).toMatchObject({ via: 'scan', ownerId: key.userId });
      const mails = await getDb()
        .select()
        .from(mailboxMessages)
        .where(eq(mailboxMessages.to, key.email));
      expect(mails).toHaveLength(1);
      expect(mails[0].text).not.toContain(key.secret);
    }
    const [untouched] = await getDb().select().from(accessKeys).where(eq(accessKeys.id, hidden.id));
    expect(untouched.status).toBe('enabled');

    // A second run finds them again, already marked, and disables nothing more.
    const again = await run('scan', tree, '--disable');
    expect(again.out).toContain('already marked leaked');
    expect(again.out.split('\n').at(-1)).toMatch(/ 0 disabled now, 0 owner mails sent\.$/);
  });

  it('exits 0 when nothing is found, and scans a single file or a link given by name', async () => {
    const key = await keyOf('single@example.test');
    const root = mkdtempSync(path.join(tmpdir(), 'accesskey-scan-'));
    writeFileSync(path.join(root, 'clean.txt'), 'nothing here\n');
    expect(await run('scan', root)).toMatchObject({
      code: 0,
      out: 'Scanned 1 file (0 binary skipped): no AccessKey Secret found.',
    });
    writeFileSync(path.join(root, 'one.txt'), key.secret);
    symlinkSync(path.join(root, 'one.txt'), path.join(root, 'named-link'));
    const named = await run('scan', path.join(root, 'named-link'));
    expect(named.code).toBe(SCAN_FOUND_EXIT_CODE);
    expect(named.out).toContain(`${root}/named-link:1\t${key.accessKeyId}`);
  });

  it('says what it could not read, and asks for a path', async () => {
    const missing = await run('scan', '.', '/nonexistent/accesskey-scan');
    expect(missing).toMatchObject({
      code: 1,
      out: '',
      err: 'Nothing was scanned: /nonexistent/accesskey-scan does not exist.',
    });
    expect(await run('scan')).toMatchObject({
      code: 1,
      err: 'Name the files or folders to scan: npm run admin -- scan PATH… [--disable]',
    });
  });
});
