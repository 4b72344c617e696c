import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareTestEnvironment } from '@/lib/testing/test-environment';

prepareTestEnvironment();
const { migrateDatabase } = await import('@/db');
const { countUsers, createUser } = await import('@/lib/users');

beforeAll(async () => {
  await migrateDatabase();
});

describe('account writes from several processes at once', () => {
  // Another instance, the admin CLI or a backup may write the same database at any moment: no write
  // may fail for it ("database is locked" on SQLite, a lock timeout or deadlock on PostgreSQL).
  it('never fail because another process holds the write lock', async () => {
    const target = await createUser(
      {
        email: 'target@writes.test',
        name: 'Target',
        role: 'member',
        programmaticAccess: false,
        password: null,
      },
      { actor: null, request: { ip: null, userAgent: 'vitest' } },
    );
    const before = await countUsers();
    const worker = path.join(__dirname, 'testing/account-writes-worker.ts');
    const children = Array.from({ length: 4 }, (_, index) =>
      spawn(process.execPath, ['--import', 'tsx', worker, `w${index}`, '40', String(target.id)], {
        cwd: path.resolve(__dirname, '..'),
        env: process.env,
        stdio: ['pipe', 'pipe', 'inherit'],
      }),
    );
    const lines = children.map((child) =>
      createInterface({ input: child.stdout })[Symbol.asyncIterator](),
    );
    await Promise.all(lines.map(async (line) => expect((await line.next()).value).toBe('ready')));
    for (const child of children) child.stdin.write('go\n');
    const failed = (
      await Promise.all(
        lines.map(
          async (line) =>
            (JSON.parse((await line.next()).value as string) as { failed: string[] }).failed,
        ),
      )
    ).flat();
    expect(failed).toEqual([]);
    expect(await countUsers()).toBe(before + 4 * 40);
  }, 60_000);
});
