import { beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { getDb, migrateDatabase } from '@/db';
import { apiRateLimits } from '@/db/schema';
import {
  flushRateLimits,
  RATE_LIMIT_WINDOW_MS,
  resetRateLimitsForTests,
  takeRateLimit,
} from './rate-limit';

process.env.API_RATE_LIMIT = '5';

beforeAll(async () => {
  await migrateDatabase();
});

const windowStart = Math.ceil(Date.now() / RATE_LIMIT_WINDOW_MS) * RATE_LIMIT_WINDOW_MS;

async function allowed(accessKeyId: string, now: number) {
  return (await takeRateLimit(accessKeyId, now)).allowed;
}

describe('Open API rate limit', () => {
  it('allows API_RATE_LIMIT requests per key per window, then says when to retry', async () => {
    const now = windowStart + 1000;
    for (let i = 0; i < 5; i++) expect(await allowed('AKLIMIT1', now)).toBe(true);
    expect(await takeRateLimit('AKLIMIT1', now)).toEqual({
      allowed: false,
      retryAfterSeconds: 299,
    });
    // Another key has its own budget; the next window starts afresh.
    expect(await allowed('AKLIMIT2', now)).toBe(true);
    expect(await allowed('AKLIMIT1', windowStart + RATE_LIMIT_WINDOW_MS)).toBe(true);
  });

  it('shares the count with other instances through the database', async () => {
    const now = windowStart + 10_000;
    for (let i = 0; i < 3; i++) expect(await allowed('AKSHARED', now)).toBe(true);
    await flushRateLimits(now);
    // A second instance starts with what the first one wrote.
    resetRateLimitsForTests();
    expect(await allowed('AKSHARED', now + 1)).toBe(true);
    expect(await allowed('AKSHARED', now + 1)).toBe(true);
    expect(await allowed('AKSHARED', now + 1)).toBe(false);
  });

  it('picks up another instance’s requests within a second', async () => {
    const now = windowStart + 20_000;
    expect(await allowed('AKLAG', now)).toBe(true);
    await flushRateLimits(now);
    // Another instance records 4 requests of the same key in the shared row.
    await getDb()
      .update(apiRateLimits)
      .set({ count: sql`${apiRateLimits.count} + 4` })
      .where(eq(apiRateLimits.accessKeyId, 'AKLAG'));
    // Within the same second this instance still trusts its own view; a second later it has synced.
    expect(await takeRateLimit('AKLAG', now + 10)).toEqual({ allowed: true });
    expect(await takeRateLimit('AKLAG', now + 2000)).toMatchObject({ allowed: false });
  });
});
