import { and, eq, lt, sql } from 'drizzle-orm';
import { getDb } from '@/db';
import { apiRateLimits } from '@/db/schema';
import { getEnv } from '@/lib/env';

export const RATE_LIMIT_WINDOW_MS = 5 * 60 * 1000;
// How stale another instance's share of the count may be: one second of its traffic.
const SYNC_INTERVAL_MS = 1000;

type Counter = { windowStart: number; shared: number; pending: number; syncedAt: number };

const counters = new Map<string, Counter>();
let timer: NodeJS.Timeout | undefined;

function syncCounter(accessKeyId: string, counter: Counter, now: number) {
  const windowStart = new Date(counter.windowStart);
  const row = getDb()
    .insert(apiRateLimits)
    .values({ accessKeyId, windowStart, count: counter.pending })
    .onConflictDoUpdate({
      target: [apiRateLimits.accessKeyId, apiRateLimits.windowStart],
      set: { count: sql`${apiRateLimits.count} + ${counter.pending}` },
    })
    .returning({ count: apiRateLimits.count })
    .get();
  counter.shared = row?.count ?? counter.pending;
  counter.pending = 0;
  counter.syncedAt = now;
}

/** Writes every instance-local count to the database; runs each second while there is traffic. */
export function flushRateLimits(now = Date.now()) {
  for (const [accessKeyId, counter] of counters) {
    if (counter.pending > 0) syncCounter(accessKeyId, counter, now);
    else if (now - counter.windowStart >= RATE_LIMIT_WINDOW_MS) counters.delete(accessKeyId);
  }
  getDb()
    .delete(apiRateLimits)
    .where(lt(apiRateLimits.windowStart, new Date(now - 2 * RATE_LIMIT_WINDOW_MS)))
    .run();
}

/**
 * Counts one request of an AccessKey against API_RATE_LIMIT per five-minute window. The count lives in
 * the database, shared by every instance; each instance adds its own requests locally and syncs at most
 * once a second, so the hot path rarely writes.
 */
export function takeRateLimit(
  accessKeyId: string,
  now = Date.now(),
): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
  const windowStart = now - (now % RATE_LIMIT_WINDOW_MS);
  let counter = counters.get(accessKeyId);
  if (!counter || counter.windowStart !== windowStart) {
    counter = { windowStart, shared: 0, pending: 0, syncedAt: 0 };
    counters.set(accessKeyId, counter);
    counter.shared =
      getDb()
        .select({ count: apiRateLimits.count })
        .from(apiRateLimits)
        .where(
          and(
            eq(apiRateLimits.accessKeyId, accessKeyId),
            eq(apiRateLimits.windowStart, new Date(windowStart)),
          ),
        )
        .get()?.count ?? 0;
    counter.syncedAt = now;
  } else if (now - counter.syncedAt >= SYNC_INTERVAL_MS) {
    syncCounter(accessKeyId, counter, now);
  }
  if (counter.shared + counter.pending >= getEnv().API_RATE_LIMIT) {
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((windowStart + RATE_LIMIT_WINDOW_MS - now) / 1000)),
    };
  }
  counter.pending++;
  if (!timer) {
    timer = setInterval(() => flushRateLimits(), SYNC_INTERVAL_MS);
    timer.unref();
  }
  return { allowed: true };
}

export function resetRateLimitsForTests() {
  counters.clear();
}
