import { beforeAll, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { getDb, migrateDatabase } from '@/db';
import { accessKeys } from '@/db/schema';
import { insertAccessKey } from '@/e2e/api-fixtures';
import { createUser } from '@/lib/users/accounts';
import { countUsage, flushUsage, HOUR_MS } from './counter';
import {
  alignRange,
  bucketUsage,
  DAY_MS,
  findUsageKey,
  forProduct,
  lastBuckets,
  readBusiestKeys,
  readKeyUsage,
  readProductUsage,
  readSparklines,
} from './series';

vi.hoisted(() => {
  process.env.ACCESSKEY_MASTER_KEY = Buffer.alloc(32, 3).toString('base64');
  // The test flushes itself.
  process.env.USAGE_FLUSH_SECONDS = '300';
});

beforeAll(async () => {
  await migrateDatabase();
});

const DAY = Date.UTC(2026, 10, 27);
const at = (ms: number) => new Date(ms);
const row = (
  product: string,
  hourStart: number,
  calls: number,
  clientErrors = 0,
  serverErrors = 0,
) => ({
  product,
  hourStart: at(hourStart),
  calls,
  clientErrors,
  serverErrors,
});

let counter = 0;
async function member(role: 'admin' | 'member' = 'member') {
  counter += 1;
  return createUser(
    {
      email: `usage-${counter}@example.test`,
      name: `Usage ${counter}`,
      role,
      programmaticAccess: true,
      password: null,
    },
    { actor: null, request: { ip: null, userAgent: 'vitest' } },
  );
}

describe('usage ranges', () => {
  it('rounds to whole UTC hours or days, the end up and exclusive', () => {
    expect(alignRange('hour', at(DAY + 90 * 60_000), at(DAY + 3 * HOUR_MS + 1))).toEqual({
      granularity: 'hour',
      from: at(DAY + HOUR_MS),
      to: at(DAY + 4 * HOUR_MS),
    });
    expect(alignRange('day', at(DAY + 5 * HOUR_MS), at(DAY + 5 * HOUR_MS))).toEqual({
      granularity: 'day',
      from: at(DAY),
      to: at(DAY + DAY_MS),
    });
    expect(lastBuckets('hour', 24, DAY + 10 * HOUR_MS + 5)).toEqual({
      granularity: 'hour',
      from: at(DAY - 13 * HOUR_MS),
      to: at(DAY + 11 * HOUR_MS),
    });
    expect(lastBuckets('day', 30, DAY + 10 * HOUR_MS)).toEqual({
      granularity: 'day',
      from: at(DAY - 29 * DAY_MS),
      to: at(DAY + DAY_MS),
    });
  });

  it('sums hours into hours or days, every bucket present, products most-called first', () => {
    const rows = [
      row('open-api', DAY + HOUR_MS, 3, 1),
      row('weather', DAY + HOUR_MS, 5, 0, 2),
      row('open-api', DAY + 2 * HOUR_MS, 1),
      row('open-api', DAY + DAY_MS + 23 * HOUR_MS, 4, 4),
      // Outside the range: ignored.
      row('open-api', DAY - HOUR_MS, 100),
      row('open-api', DAY + 2 * DAY_MS, 100),
    ];
    const days = bucketUsage(rows, alignRange('day', at(DAY), at(DAY + 2 * DAY_MS)));
    expect(days.totals).toEqual({ calls: 13, clientErrors: 5, serverErrors: 2 });
    expect(days.byProduct).toEqual([
      { product: 'open-api', calls: 8, clientErrors: 5, serverErrors: 0 },
      { product: 'weather', calls: 5, clientErrors: 0, serverErrors: 2 },
    ]);
    expect(days.buckets).toEqual([
      {
        start: at(DAY),
        calls: 9,
        clientErrors: 1,
        serverErrors: 2,
        byProduct: [
          { product: 'weather', calls: 5, clientErrors: 0, serverErrors: 2 },
          { product: 'open-api', calls: 4, clientErrors: 1, serverErrors: 0 },
        ],
      },
      {
        start: at(DAY + DAY_MS),
        calls: 4,
        clientErrors: 4,
        serverErrors: 0,
        byProduct: [{ product: 'open-api', calls: 4, clientErrors: 4, serverErrors: 0 }],
      },
    ]);

    const weather = forProduct(days, 'weather');
    expect(weather.totals).toEqual({ calls: 5, clientErrors: 0, serverErrors: 2 });
    expect(weather.buckets.map((bucket) => [bucket.calls, bucket.serverErrors])).toEqual([
      [5, 2],
      [0, 0],
    ]);
    expect(forProduct(days, 'nothing').totals).toEqual({
      calls: 0,
      clientErrors: 0,
      serverErrors: 0,
    });

    const hours = bucketUsage(rows, alignRange('hour', at(DAY), at(DAY + 3 * HOUR_MS)));
    expect(hours.buckets.map((bucket) => [bucket.start.getTime() - DAY, bucket.calls])).toEqual([
      [0, 0],
      [HOUR_MS, 8],
      [2 * HOUR_MS, 1],
    ]);
    expect(hours.buckets[0].byProduct).toEqual([]);
  });
});

describe('usage series from the database', () => {
  it('reads one key, all keys per product, sparklines and the busiest keys', async () => {
    const owner = await member();
    const first = await insertAccessKey(owner.id);
    const second = await insertAccessKey(owner.id);
    const gone = await insertAccessKey(owner.id);
    const now = DAY + DAY_MS + 10 * HOUR_MS + 5;
    /** Calls as the fast path counts them, at a past hour, then flushed to both tables. */
    const record = (
      keyId: number,
      product: string,
      hourStart: number,
      calls: number,
      failed = 0,
    ) => {
      for (let call = 0; call < calls; call++) {
        countUsage(keyId, product, call < failed ? 404 : 200, hourStart + call);
      }
    };
    record(first.id, 'open-api', DAY + 3 * HOUR_MS, 2, 1);
    record(first.id, 'weather', DAY + 3 * HOUR_MS, 6);
    record(first.id, 'open-api', DAY + DAY_MS + 10 * HOUR_MS, 1, 1);
    record(second.id, 'open-api', DAY + DAY_MS + 9 * HOUR_MS, 4);
    record(gone.id, 'weather', DAY + DAY_MS, 10, 9);
    await flushUsage(now);
    await getDb().delete(accessKeys).where(eq(accessKeys.id, gone.id));

    const days = await readKeyUsage(first.id, alignRange('day', at(DAY), at(now)));
    expect(days.buckets.map((bucket) => bucket.calls)).toEqual([8, 1]);
    expect(days.byProduct.map((product) => product.product)).toEqual(['weather', 'open-api']);

    // The products' totals keep the deleted key's calls.
    const all = await readProductUsage(alignRange('day', at(DAY), at(now)));
    expect(forProduct(all, 'weather').totals).toEqual({
      calls: 16,
      clientErrors: 9,
      serverErrors: 0,
    });
    expect(all.byProduct).toEqual([
      { product: 'weather', calls: 16, clientErrors: 9, serverErrors: 0 },
      { product: 'open-api', calls: 7, clientErrors: 2, serverErrors: 0 },
    ]);

    const lines = await readSparklines([first.id, second.id, 123_456], now);
    expect(lines.get(first.id)).toHaveLength(24);
    expect(lines.get(first.id)!.at(-1)).toEqual({ calls: 1, errors: 1 });
    expect(lines.get(second.id)!.at(-2)).toEqual({ calls: 4, errors: 0 });
    // Day one's hour 3 is 31 hours back: outside the sparkline.
    expect(lines.get(first.id)!.reduce((sum, point) => sum + point.calls, 0)).toBe(1);
    expect(lines.get(123_456)!.every((point) => point.calls === 0)).toBe(true);

    const busiest = await readBusiestKeys(alignRange('day', at(DAY), at(now)));
    expect(busiest).toEqual([
      {
        keyId: gone.id,
        accessKeyId: null,
        ownerEmail: null,
        calls: 10,
        clientErrors: 9,
        serverErrors: 0,
      },
      {
        keyId: first.id,
        accessKeyId: first.accessKeyId,
        ownerEmail: owner.email,
        calls: 9,
        clientErrors: 2,
        serverErrors: 0,
      },
      {
        keyId: second.id,
        accessKeyId: second.accessKeyId,
        ownerEmail: owner.email,
        calls: 4,
        clientErrors: 0,
        serverErrors: 0,
      },
    ]);
  });

  it('finds a key in its owner’s scope, or in every account’s', async () => {
    const owner = await member();
    const other = await member();
    const admin = await member('admin');
    const key = await insertAccessKey(owner.id);
    expect(await findUsageKey(key.accessKeyId, { ownerId: owner.id })).toMatchObject({
      id: key.id,
      ownerEmail: owner.email,
    });
    expect(await findUsageKey(key.accessKeyId, { ownerId: other.id })).toBeUndefined();
    // An administrator's own scope is their own keys; every key only when asked for.
    expect(await findUsageKey(key.accessKeyId, { ownerId: admin.id })).toBeUndefined();
    expect(await findUsageKey(key.accessKeyId, { anyOwner: true })).toMatchObject({ id: key.id });
    expect(await findUsageKey('AKNOSUCHKEY000000000000', { anyOwner: true })).toBeUndefined();
  });
});
