import { and, eq, lt, sql } from 'drizzle-orm';
import { getDb } from '@/db';
import { apiRateLimits } from '@/db/schema';
import { getEnv } from '@/lib/config/env';

export const RATE_LIMIT_WINDOW_MS = 5 * 60 * 1000;
// How stale another instance's share of the count may be: one second of its traffic.
const SYNC_INTERVAL_MS = 1000;

type Counter = {
  windowStart: number;
  shared: number;
  pending: number;
  syncedAt: number;
  /** The read or write in flight; requests of the key wait for it rather than start another. */
  syncing?: Promise<void>;
};

const counters = new Map<string, Counter>();
let timer: NodeJS.Timeout | undefined;

async function loadCounter(accessKeyId: string, counter: Counter) {
  const [row] = await getDb()
    .select({ count: apiRateLimits.count })
    .from(apiRateLimits)
    .where(
      and(
        eq(apiRateLimits.accessKeyId, accessKeyId),
        eq(apiRateLimits.windowStart, new Date(counter.windowStart)),
      ),
    );
  counter.shared = row?.count ?? 0;
}

async function syncCounter(accessKeyId: string, counter: Counter) {
  const added = counter.pending;
  counter.pending = 0;
  try {
    const [row] = await getDb()
      .insert(apiRateLimits)
      .values({ accessKeyId, windowStart: new Date(counter.windowStart), count: added })
      .onConflictDoUpdate({
        target: [apiRateLimits.accessKeyId, apiRateLimits.windowStart],
        set: { count: sql`${apiRateLimits.count} + ${added}` },
      })
      .returning({ count: apiRateLimits.count });
    counter.shared = row.count;
  } catch (error) {
    // Kept for the next sync: a busy database delays the shared count, it does not lose requests.
    counter.pending += added;
    throw error;
  }
}

/** Runs one read or write of a counter at a time; a failure leaves the local count in force. */
function startSync(counter: Counter, work: () => Promise<void>, now: number) {
  counter.syncedAt = now;
  counter.syncing = work()
    .catch((error: unknown) => {
      console.error(
        '[api] could not sync the rate limit',
        error instanceof Error ? error.message : error,
      );
    })
    .finally(() => {
      counter.syncing = undefined;
    });
  return counter.syncing;
}

/** Writes every instance-local count to the database; runs each second while there is traffic. */
export async function flushRateLimits(now = Date.now()) {
  const writes: Promise<void>[] = [];
  for (const [accessKeyId, counter] of counters) {
    if (counter.syncing) writes.push(counter.syncing);
    else if (counter.pending > 0) {
      writes.push(startSync(counter, () => syncCounter(accessKeyId, counter), now));
    } else if (now - counter.windowStart >= RATE_LIMIT_WINDOW_MS) counters.delete(accessKeyId);
  }
  await Promise.all(writes);
  await getDb()
    .delete(apiRateLimits)
    .where(lt(apiRateLimits.windowStart, new Date(now - 2 * RATE_LIMIT_WINDOW_MS)));
}

/**
 * Counts one request of an AccessKey against API_RATE_LIMIT per five-minute window. The count lives in
 * the database, shared by every instance; each instance adds its own requests locally and syncs at most
 * once a second, so the hot path rarely touches the database. Other budgets share the mechanism under
 * a name of their own in place of the AccessKey ID (the leak reports of one address, `leak-report:IP`),
 * with their own `limit`.
 */
export async function takeRateLimit(
  accessKeyId: string,
  now = Date.now(),
  limit = getEnv().API_RATE_LIMIT,
): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }> {
  const windowStart = now - (now % RATE_LIMIT_WINDOW_MS);
  let counter = counters.get(accessKeyId);
  if (!counter || counter.windowStart !== windowStart) {
    counter = { windowStart, shared: 0, pending: 0, syncedAt: now };
    counters.set(accessKeyId, counter);
    const fresh = counter;
    await startSync(fresh, () => loadCounter(accessKeyId, fresh), now);
  } else if (counter.syncing) {
    await counter.syncing;
  } else if (now - counter.syncedAt >= SYNC_INTERVAL_MS) {
    const current = counter;
    await startSync(current, () => syncCounter(accessKeyId, current), now);
  }
  if (counter.shared + counter.pending >= limit) {
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((windowStart + RATE_LIMIT_WINDOW_MS - now) / 1000)),
    };
  }
  counter.pending++;
  if (!timer) {
    timer = setInterval(() => {
      flushRateLimits().catch((error: unknown) => {
        console.error(
          '[api] could not flush rate limits',
          error instanceof Error ? error.message : error,
        );
      });
    }, SYNC_INTERVAL_MS);
    timer.unref();
  }
  return { allowed: true };
}

export function resetRateLimitsForTests() {
  counters.clear();
}
