import { eq } from 'drizzle-orm';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  getConnection,
  getDb,
  getEngine,
  closeConnection,
  migrateDatabase,
  MIGRATION_LOCK,
  openDatabase,
  transaction,
  type Connection,
} from '@/db';
import { mailboxMessages } from '@/db/schema';

beforeAll(async () => {
  await migrateDatabase();
});

async function subjectsTo(to: string) {
  const rows = await getDb()
    .select({ subject: mailboxMessages.subject })
    .from(mailboxMessages)
    .where(eq(mailboxMessages.to, to))
    .orderBy(mailboxMessages.id);
  return rows.map((row) => row.subject);
}

describe('transaction()', () => {
  it('serialises read-then-write transactions, so none loses another one’s update', async () => {
    const to = 'counter@example.test';
    await getDb().insert(mailboxMessages).values({ to, subject: '0', text: '' });
    const increment = () =>
      transaction(async (tx) => {
        const [row] = await tx
          .select({ subject: mailboxMessages.subject })
          .from(mailboxMessages)
          .where(eq(mailboxMessages.to, to));
        // Give every other transaction the chance to read the same value, were they not serialised.
        await sleep(5);
        await tx
          .update(mailboxMessages)
          .set({ subject: String(Number(row.subject) + 1) })
          .where(eq(mailboxMessages.to, to));
      });
    await Promise.all(Array.from({ length: 10 }, increment));
    expect(await subjectsTo(to)).toEqual(['10']);
  });

  it('rolls back everything when the work throws, and keeps a concurrent write made outside it', async () => {
    const to = 'rollback@example.test';
    const failing = transaction(async (tx) => {
      await tx.insert(mailboxMessages).values({ to, subject: 'inside', text: '' });
      await sleep(20);
      throw new Error('refused');
    });
    // Issued while the transaction is open: it must neither join it nor be lost with it.
    await sleep(5);
    await getDb().insert(mailboxMessages).values({ to, subject: 'outside', text: '' });
    await expect(failing).rejects.toThrow('refused');
    expect(await subjectsTo(to)).toEqual(['outside']);
  });

  it('keeps reads outside an open transaction from seeing its uncommitted rows', async () => {
    const to = 'isolation@example.test';
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const open = transaction(async (tx) => {
      await tx.insert(mailboxMessages).values({ to, subject: 'pending', text: '' });
      await held;
      throw new Error('abandoned');
    });
    await sleep(5);
    const read = subjectsTo(to);
    release();
    await expect(open).rejects.toThrow('abandoned');
    expect(await read).toEqual([]);
  });

  it('refuses getDb() inside a transaction, which on PostgreSQL would wait for its own locks', async () => {
    await expect(
      transaction(async () => {
        await getDb().select().from(mailboxMessages).limit(1);
      }),
    ).rejects.toThrow(/through its tx/);
    expect(await subjectsTo('nobody@example.test')).toEqual([]);
  });

  it('refuses to open a transaction inside another instead of waiting for itself', async () => {
    await expect(
      transaction(async () => {
        await transaction(async () => {});
      }),
    ).rejects.toThrow(/cannot open inside another/);
    // The refusal released the write lock: the next transaction runs.
    await expect(transaction(async () => 'ran')).resolves.toBe('ran');
  });
});

describe.runIf(getEngine() === 'postgres')('migrateDatabase() on PostgreSQL', () => {
  it('waits for another instance’s migration, however long it takes', async () => {
    const { pool } = getConnection() as Extract<Connection, { engine: 'postgres' }>;
    const other = await pool.connect();
    try {
      await other.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
      let done = false;
      const migrating = migrateDatabase().then(() => (done = true));
      // Longer than the 5 s lock_timeout that requests get.
      await sleep(6000);
      expect(done).toBe(false);
      await other.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
      await migrating;
      expect(done).toBe(true);
    } finally {
      other.release();
    }
  }, 20_000);
});

describe('a new SQLite database', () => {
  it('is readable by its owner alone, with its WAL and shared-memory files', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'db-mode-')), 'fresh.db');
    const connection = openDatabase(file);
    await migrateDatabase(connection);
    for (const name of [file, `${file}-wal`, `${file}-shm`]) {
      expect(statSync(name).mode & 0o777, name).toBe(0o600);
    }
    await closeConnection(connection);
  });
});
