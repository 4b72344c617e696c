import { UserFacingError } from '@/lib/errors';

export const DAY_MS = 24 * 60 * 60 * 1000;

import { EXPIRY_DAYS } from './limits';

export { EXPIRY_DAYS };

/** What the Create form sends: 'never', a number of days from EXPIRY_DAYS, or 'date' with a day. */
export type ExpiryChoice =
  { kind: 'never' } | { kind: 'days'; days: number } | { kind: 'date'; date: string };

export class ExpiryError extends UserFacingError {}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The last millisecond of a UTC calendar day. */
export function endOfUtcDay(instant: number): Date {
  const day = new Date(instant);
  return new Date(
    Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 23, 59, 59, 999),
  );
}

/** 'YYYY-MM-DD' for the UTC day of an instant, as a date input wants it. */
export function utcDay(instant: number): string {
  return new Date(instant).toISOString().slice(0, 10);
}

/** The end of the UTC day a 'YYYY-MM-DD' names, or null when it is no real date. */
export function parseUtcDay(value: string): Date | null {
  const match = ISO_DAY.exec(value);
  if (!match) return null;
  const [year, month, day] = match.slice(1).map(Number);
  const start = Date.UTC(year, month - 1, day);
  const parsed = new Date(start);
  if (
    parsed.getUTCFullYear() !== year ||
    parsed.getUTCMonth() !== month - 1 ||
    parsed.getUTCDate() !== day
  ) {
    return null;
  }
  return endOfUtcDay(start);
}

/**
 * The latest expiry a key created at `now` may have under a maximum lifetime of `maxDays`: the end of
 * the UTC day `maxDays` from now, so that a date exactly that many days ahead is allowed too.
 */
export function latestExpiry(now: number, maxDays: number): Date {
  return endOfUtcDay(now + maxDays * DAY_MS);
}

/**
 * When a key created now with this choice expires (null: never), refusing what the policy forbids:
 * the server checks this whatever the form offered, so a crafted call cannot get around it.
 */
export function resolveExpiry(
  choice: ExpiryChoice,
  policy: { maxLifetimeDays: number | null },
  now: number,
): Date | null {
  const max = policy.maxLifetimeDays;
  if (choice.kind === 'never') {
    if (max !== null) {
      throw new ExpiryError('expiryNeverNotAllowed', { days: max });
    }
    return null;
  }
  let expiresAt: Date;
  if (choice.kind === 'days') {
    if (!(EXPIRY_DAYS as readonly number[]).includes(choice.days)) {
      throw new ExpiryError('expiryChoiceInvalid');
    }
    expiresAt = new Date(now + choice.days * DAY_MS);
  } else {
    const day = parseUtcDay(choice.date);
    if (day === null) throw new ExpiryError('expiryDateInvalid');
    if (day.getTime() <= now) throw new ExpiryError('expiryDatePast');
    // No key outlives the console's own timestamps by centuries: 10 years is plenty.
    if (day.getTime() > latestExpiry(now, 3650).getTime()) {
      throw new ExpiryError('expiryDateTooFar', { years: 10 });
    }
    expiresAt = day;
  }
  if (max !== null && expiresAt.getTime() > latestExpiry(now, max).getTime()) {
    throw new ExpiryError('expiryTooLate', { days: max });
  }
  return expiresAt;
}

export function isExpired(expiresAt: Date | null, now: number): boolean {
  return expiresAt !== null && expiresAt.getTime() <= now;
}

/**
 * How long until a key expires, for "Expires in 6 days": whole days (rounded, so a 30-day key reads
 * 30 when it is created) down to a day and a half, then hours; 0 hours is "less than an hour".
 */
export function timeLeft(expiresAt: Date, now: number): { days: number } | { hours: number } {
  const left = expiresAt.getTime() - now;
  const hour = 60 * 60 * 1000;
  if (left >= 36 * hour) return { days: Math.round(left / DAY_MS) };
  return { hours: Math.max(0, Math.round(left / hour)) };
}
