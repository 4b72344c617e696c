import { beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { getDb, migrateDatabase } from '@/db';
import { apiRateLimits } from '@/db/schema';
import {
  flushRateLimits,
  RATE_LIMIT_WINDOW_MS,
  resetRateLimitsForTests,
  takeRateLimit,
} from './api-rate-limit';

process.env.API_RATE_LIMIT = '5';

beforeAll(() => migrateDatabase());

const windowStart = Math.ceil(Date.now() / RATE_LIMIT_WINDOW_MS) * RATE_LIMIT_WINDOW_MS;

describe('Open API rate limit', () => {
  it('allows API_RATE_LIMIT requests per key per window, then says when to retry', () => {
    const now = windowStart + 1000;
    for (let i = 0; i < 5; i++) expect(takeRateLimit('AKLIMIT1', now).allowed).toBe(true);
    expect(takeRateLimit('AKLIMIT1', now)).toEqual({ allowed: false, retryAfterSeconds: 299 });
    // Another key has its own budget; the next window starts afresh.
    expect(takeRateLimit('AKLIMIT2', now).allowed).toBe(true);
    expect(takeRateLimit('AKLIMIT1', windowStart + RATE_LIMIT_WINDOW_MS).allowed).toBe(true);
  });

  it('shares the count with other instances through the database', () => {
    const now = windowStart + 10_000;
    for (let i = 0; i < 3; i++) expect(takeRateLimit('AKSHARED', now).allowed).toBe(true);
    flushRateLimits(now);
    // A second instance starts with what the first one wrote.
    resetRateLimitsForTests();
    expect(takeRateLimit('AKSHARED', now + 1).allowed).toBe(true);
    expect(takeRateLimit('AKSHARED', now + 1).allowed).toBe(true);
    expect(takeRateLimit('AKSHARED', now + 1).allowed).toBe(false);
  });

  it('picks up another instance’s requests within a second', () => {
    const now = windowStart + 20_000;
    expect(takeRateLimit('AKLAG', now).allowed).toBe(true);
    flushRateLimits(now);
    // Another instance records 4 requests of the same key in the shared row.
    getDb()
      .update(apiRateLimits)
      .set({ count: sql`${apiRateLimits.count} + 4` })
      .where(eq(apiRateLimits.accessKeyId, 'AKLAG'))
      .run();
    // Within the same second this instance still trusts its own view; a second later it has synced.
    expect(takeRateLimit('AKLAG', now + 10)).toEqual({ allowed: true });
    expect(takeRateLimit('AKLAG', now + 2000)).toMatchObject({ allowed: false });
  });
});
