import { and, desc, eq, gt, lt } from 'drizzle-orm';
import { getDb } from '@/db';
import { signInFailures } from '@/db/schema';
import type { Locale } from '@/lib/i18n/locales';
import { translate } from '@/lib/i18n/translator';
import { minutesUntil, nextAllowedAt } from '@/lib/throttle';

export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT_AND_IP = 10;
// Far higher than a person mistyping: only password spraying across many accounts reaches it.
export const MAX_FAILURES_PER_IP = 100;
const PER_ACCOUNT_AND_IP = { max: MAX_FAILURES_PER_ACCOUNT_AND_IP, windowMs: SIGN_IN_WINDOW_MS };
const PER_IP = { max: MAX_FAILURES_PER_IP, windowMs: SIGN_IN_WINDOW_MS };

/** When the (email, ip) pair or the ip may try again, or null when it is not locked. */
export async function signInLockedUntil(
  email: string,
  ip: string,
  now = Date.now(),
): Promise<Date | null> {
  const since = new Date(now - SIGN_IN_WINDOW_MS);
  const db = getDb();
  const pair = await db
    .select({ createdAt: signInFailures.createdAt })
    .from(signInFailures)
    .where(
      and(
        eq(signInFailures.email, email),
        eq(signInFailures.ip, ip),
        gt(signInFailures.createdAt, since),
      ),
    )
    .orderBy(desc(signInFailures.createdAt))
    .limit(MAX_FAILURES_PER_ACCOUNT_AND_IP);
  const fromIp = await db
    .select({ createdAt: signInFailures.createdAt })
    .from(signInFailures)
    .where(and(eq(signInFailures.ip, ip), gt(signInFailures.createdAt, since)))
    .orderBy(desc(signInFailures.createdAt))
    .limit(MAX_FAILURES_PER_IP);
  return nextAllowedAt(
    [
      { times: pair.map((row) => row.createdAt), limit: PER_ACCOUNT_AND_IP },
      { times: fromIp.map((row) => row.createdAt), limit: PER_IP },
    ],
    now,
  );
}

export async function recordSignInFailure(email: string, ip: string, now = Date.now()) {
  const db = getDb();
  await db.insert(signInFailures).values({ email, ip, createdAt: new Date(now) });
  await db
    .delete(signInFailures)
    .where(lt(signInFailures.createdAt, new Date(now - 2 * SIGN_IN_WINDOW_MS)));
}

export async function clearSignInFailures(email: string, ip: string) {
  await getDb()
    .delete(signInFailures)
    .where(and(eq(signInFailures.email, email), eq(signInFailures.ip, ip)));
}

export function retryMessage(until: Date, locale: Locale, now = Date.now()) {
  return translate(locale, 'login.throttled', { minutes: minutesUntil(until, now) });
}
