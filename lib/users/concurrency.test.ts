import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { raceWorkers } from '@/test/race-workers';
import { prepareTestEnvironment } from '@/test/environment';

prepareTestEnvironment();
const { migrateDatabase } = await import('@/db');
const { countUsers, createUser } = await import('@/lib/users/accounts');

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
    const summaries = await raceWorkers<{ failed: string[] }>(
      path.join(__dirname, 'account-writes.worker.ts'),
      Array.from({ length: 4 }, (_, index) => [`w${index}`, '40', String(target.id)]),
    );
    const failed = summaries.flatMap((summary) => summary.failed);
    expect(failed).toEqual([]);
    expect(await countUsers()).toBe(before + 4 * 40);
  }, 60_000);
});
