import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { asc, sql } from 'drizzle-orm';
import { getDb, getEngine, migrateDatabase, sqliteHandle } from '@/db';
import { keyUsage, productUsage } from '@/db/schema';
import {
  countUsage,
  flushUsage,
  HOUR_MS,
  MAX_USAGE_ENTRIES,
  pendingUsage,
  resetUsageForTests,
  stopUsageCounting,
} from './counter';
import { pruneUsage, USAGE_RETENTION_DAYS } from './prune';

vi.hoisted(() => {
  // The tests flush themselves.
  process.env.USAGE_FLUSH_SECONDS = '300';
});

beforeAll(async () => {
  await migrateDatabase();
});

afterEach(async () => {
  resetUsageForTests();
  await getDb().delete(keyUsage);
  await getDb().delete(productUsage);
});

const HOUR = Date.UTC(2026, 10, 28, 9);

async function storedProducts() {
  const rows = await getDb()
    .select()
    .from(productUsage)
    .orderBy(asc(productUsage.hourStart), asc(productUsage.product));
  return rows.map((row) => ({ ...row, hourStart: row.hourStart.getTime() }));
}

async function storedRows() {
  const rows = await getDb()
    .select()
    .from(keyUsage)
    .orderBy(asc(keyUsage.hourStart), asc(keyUsage.product), asc(keyUsage.keyId));
  return rows.map((row) => ({ ...row, hourStart: row.hourStart.getTime() }));
}

/** Makes every write of a row for `keyId` fail inside the database, as a broken disk or lock would. */
async function failWritesOf(keyId: number) {
  if (getEngine() === 'postgres') {
    await getDb().execute(
      sql.raw(`create function usage_refuse() returns trigger language plpgsql as $$
        begin raise exception 'refused by the test'; end $$`),
    );
    await getDb().execute(
      sql.raw(`create trigger usage_refuse before insert on key_usage for each row
        when (new.key_id = ${keyId}) execute function usage_refuse()`),
    );
    return async () => {
      await getDb().execute(sql.raw('drop trigger usage_refuse on key_usage'));
      await getDb().execute(sql.raw('drop function usage_refuse'));
    };
  }
  sqliteHandle().exec(
    `create trigger usage_refuse before insert on key_usage when new.key_id = ${keyId}
      begin select raise(abort, 'refused by the test'); end`,
  );
  return async () => {
    sqliteHandle().exec('drop trigger usage_refuse');
  };
}

describe('usage counter', () => {
  it('counts calls, 4xx and 5xx per key, product and UTC hour', async () => {
    for (const status of [200, 200, 204, 400, 403, 429, 499, 500, 502]) {
      countUsage(1, 'open-api', status, HOUR + 10);
    }
    countUsage(1, 'weather', 200, HOUR + 20);
    countUsage(2, 'open-api', 404, HOUR + HOUR_MS - 1);
    countUsage(1, 'open-api', 503, HOUR + HOUR_MS);
    await flushUsage(HOUR + HOUR_MS + 1);
    expect(await storedRows()).toEqual([
      {
        keyId: 1,
        product: 'open-api',
        hourStart: HOUR,
        calls: 9,
        clientErrors: 4,
        serverErrors: 2,
      },
      {
        keyId: 2,
        product: 'open-api',
        hourStart: HOUR,
        calls: 1,
        clientErrors: 1,
        serverErrors: 0,
      },
      { keyId: 1, product: 'weather', hourStart: HOUR, calls: 1, clientErrors: 0, serverErrors: 0 },
      {
        keyId: 1,
        product: 'open-api',
        hourStart: HOUR + HOUR_MS,
        calls: 1,
        clientErrors: 0,
        serverErrors: 1,
      },
    ]);
    // Every key's calls together, per product and hour, for the administrators' charts.
    expect(await storedProducts()).toEqual([
      { product: 'open-api', hourStart: HOUR, calls: 10, clientErrors: 5, serverErrors: 2 },
      { product: 'weather', hourStart: HOUR, calls: 1, clientErrors: 0, serverErrors: 0 },
      {
        product: 'open-api',
        hourStart: HOUR + HOUR_MS,
        calls: 1,
        clientErrors: 0,
        serverErrors: 1,
      },
    ]);
    expect(pendingUsage().rows).toEqual([]);
  });

  it('adds each flush to the stored row, so instances sharing the database add up', async () => {
    countUsage(7, 'open-api', 200, HOUR);
    countUsage(7, 'open-api', 500, HOUR);
    await flushUsage(HOUR + 1);
    // Another instance's flush of the same key and hour, then this one's next flush.
    await getDb()
      .insert(keyUsage)
      .values({
        keyId: 7,
        product: 'open-api',
        hourStart: new Date(HOUR),
        calls: 5,
        clientErrors: 5,
      })
      .onConflictDoUpdate({
        target: [keyUsage.keyId, keyUsage.product, keyUsage.hourStart],
        set: { calls: sql`${keyUsage.calls} + excluded.calls` },
      });
    countUsage(7, 'open-api', 429, HOUR + 2);
    await flushUsage(HOUR + 3);
    await flushUsage(HOUR + 4);
    expect(await storedRows()).toEqual([
      {
        keyId: 7,
        product: 'open-api',
        hourStart: HOUR,
        calls: 8,
        clientErrors: 1,
        serverErrors: 1,
      },
    ]);
  });

  it('keeps counts a failed flush could not write, and writes each exactly once later', async () => {
    const restore = await failWritesOf(1_000_000);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      // 600 keys fill two statements; the second fails on the last key.
      for (let keyId = 1; keyId <= 600; keyId++) countUsage(keyId, 'open-api', 200, HOUR);
      countUsage(1_000_000, 'open-api', 500, HOUR);
      await expect(flushUsage(HOUR + 1)).rejects.toThrow();
      expect(errors).toHaveBeenCalledWith(
        // 101 key rows and the one product row.
        expect.stringMatching(/^\[usage\] could not write 102 usage counts/),
        // The database's reason, not the statement with its parameters.
        expect.stringMatching(/refused by the test/),
      );
      expect(errors.mock.calls[0][1]).not.toMatch(/insert into/i);
      expect(await storedRows()).toHaveLength(500);
      expect(await storedProducts()).toEqual([]);
      expect(pendingUsage().entries).toBe(101);
      // Calls counted meanwhile join the kept counts.
      countUsage(600, 'open-api', 404, HOUR + 2);
      countUsage(1, 'open-api', 200, HOUR + 2);
    } finally {
      await restore();
      errors.mockRestore();
    }
    await flushUsage(HOUR + 3);
    const rows = await storedRows();
    expect(rows).toHaveLength(601);
    expect(rows.reduce((sum, row) => sum + row.calls, 0)).toBe(603);
    expect(rows.find((row) => row.keyId === 1)).toMatchObject({ calls: 2 });
    expect(rows.find((row) => row.keyId === 600)).toMatchObject({ calls: 2, clientErrors: 1 });
    expect(rows.find((row) => row.keyId === 1_000_000)).toMatchObject({
      calls: 1,
      serverErrors: 1,
    });
    // The products' totals count every call once, the ones of the failed flush included.
    expect(await storedProducts()).toEqual([
      { product: 'open-api', hourStart: HOUR, calls: 603, clientErrors: 1, serverErrors: 1 },
    ]);
    expect(pendingUsage().entries).toBe(0);
  });

  it(`holds at most ${MAX_USAGE_ENTRIES.toLocaleString('en')} counts in memory, still adding to those it holds`, () => {
    for (let keyId = 1; keyId <= MAX_USAGE_ENTRIES; keyId++)
      countUsage(keyId, 'open-api', 200, HOUR);
    countUsage(MAX_USAGE_ENTRIES + 1, 'open-api', 200, HOUR);
    countUsage(1, 'weather', 200, HOUR);
    countUsage(1, 'open-api', 500, HOUR);
    const held = pendingUsage();
    expect(held.entries).toBe(MAX_USAGE_ENTRIES);
    expect(held.uncounted).toBe(2);
    expect(held.rows.find((row) => row.keyId === 1)).toMatchObject({ calls: 2, serverErrors: 1 });
  });

  it('writes what is left at a graceful stop', async () => {
    countUsage(3, 'open-api', 200);
    await stopUsageCounting();
    expect(await storedRows()).toEqual([expect.objectContaining({ keyId: 3, calls: 1 })]);
  });

  it(`prunes hours older than ${USAGE_RETENTION_DAYS} days, at most once an hour`, async () => {
    const day = 24 * HOUR_MS;
    const now = HOUR + 30 * 60_000;
    const at = (age: number) => ({
      keyId: 9,
      product: 'open-api',
      hourStart: new Date(HOUR - age),
      calls: 1,
    });
    await getDb()
      .insert(keyUsage)
      .values([
        at(USAGE_RETENTION_DAYS * day + HOUR_MS),
        at(USAGE_RETENTION_DAYS * day - 3 * HOUR_MS),
      ]);
    await pruneUsage(now);
    expect((await storedRows()).map((row) => row.hourStart)).toEqual([
      HOUR - USAGE_RETENTION_DAYS * day + 3 * HOUR_MS,
    ]);

    // The flush prunes on its first run, then not again within the hour.
    await getDb()
      .insert(keyUsage)
      .values(at(100 * day));
    countUsage(9, 'open-api', 200, now);
    await flushUsage(now);
    expect(await storedRows()).toHaveLength(2);
    await getDb()
      .insert(keyUsage)
      .values(at(100 * day));
    countUsage(9, 'open-api', 200, now);
    await flushUsage(now + 30 * 60_000);
    expect(await storedRows()).toHaveLength(3);
    await flushUsage(now + HOUR_MS);
    expect(await storedRows()).toHaveLength(2);
  });
});

describe('usage counting switched off', () => {
  it('counts nothing with USAGE_COUNTING=false', async () => {
    vi.resetModules();
    process.env.USAGE_COUNTING = 'false';
    try {
      const counter = await import('./counter');
      counter.countUsage(1, 'open-api', 200);
      expect(counter.pendingUsage()).toEqual({ rows: [], entries: 0, uncounted: 0 });
    } finally {
      delete process.env.USAGE_COUNTING;
      vi.resetModules();
    }
  });
});
