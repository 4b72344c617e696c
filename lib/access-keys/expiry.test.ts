import { describe, expect, it } from 'vitest';
import {
  DAY_MS,
  endOfUtcDay,
  ExpiryError,
  isExpired,
  latestExpiry,
  parseUtcDay,
  resolveExpiry,
  timeLeft,
  type ExpiryChoice,
} from './expiry';

const now = Date.UTC(2026, 11, 7, 15, 30); // 2026-12-07 15:30 UTC
const none: { maxLifetimeDays: number | null } = { maxLifetimeDays: null };
const ninety = { maxLifetimeDays: 90 };

function refusal(choice: ExpiryChoice, policy = none) {
  try {
    resolveExpiry(choice, policy, now);
  } catch (error) {
    if (error instanceof ExpiryError) return error.message;
    throw error;
  }
  return null;
}

describe('resolveExpiry', () => {
  it('gives never, N days from now, or the end of a chosen UTC day', () => {
    expect(resolveExpiry({ kind: 'never' }, none, now)).toBeNull();
    expect(resolveExpiry({ kind: 'days', days: 7 }, none, now)).toEqual(new Date(now + 7 * DAY_MS));
    expect(resolveExpiry({ kind: 'days', days: 365 }, none, now)).toEqual(
      new Date(now + 365 * DAY_MS),
    );
    expect(resolveExpiry({ kind: 'date', date: '2027-01-31' }, none, now)).toEqual(
      new Date('2027-01-31T23:59:59.999Z'),
    );
  });

  it('takes today as a date (it ends tonight) but nothing earlier', () => {
    expect(resolveExpiry({ kind: 'date', date: '2026-12-07' }, none, now)).toEqual(
      new Date('2026-12-07T23:59:59.999Z'),
    );
    expect(refusal({ kind: 'date', date: '2026-12-06' })).toBe(
      'That expiry date has passed. Choose today or a later date.',
    );
  });

  it('refuses lifetimes it does not offer and dates that are not dates', () => {
    expect(refusal({ kind: 'days', days: 8 })).toBe('Choose when the AccessKey expires.');
    expect(refusal({ kind: 'days', days: 0 })).toBe('Choose when the AccessKey expires.');
    for (const date of ['2027-02-30', '2027-13-01', '27-01-01', '2027-1-1', 'tomorrow', '']) {
      expect(refusal({ kind: 'date', date }), date).toBe('Enter the expiry date as YYYY-MM-DD.');
    }
    expect(refusal({ kind: 'date', date: '2040-01-01' })).toBe(
      'Choose an expiry date within 10 years.',
    );
  });

  it('under a maximum lifetime refuses Never and anything later than the maximum', () => {
    expect(refusal({ kind: 'never' }, ninety)).toBe(
      'Keys must expire within 90 days, as an administrator has set. Choose a lifetime of at most 90 days.',
    );
    expect(refusal({ kind: 'days', days: 365 }, ninety)).toMatch(
      /^Keys must expire within 90 days/,
    );
    expect(refusal({ kind: 'days', days: 90 }, ninety)).toBeNull();
    expect(refusal({ kind: 'days', days: 30 }, ninety)).toBeNull();
  });

  it('under a maximum takes a date up to the end of the day that many days ahead', () => {
    // 2026-12-07 + 90 days = 2027-03-07.
    expect(refusal({ kind: 'date', date: '2027-03-07' }, ninety)).toBeNull();
    expect(refusal({ kind: 'date', date: '2027-03-08' }, ninety)).toMatch(
      /^Keys must expire within 90 days/,
    );
    expect(refusal({ kind: 'days', days: 7 }, { maxLifetimeDays: 1 })).toMatch(
      /^Keys must expire within 1 day,/,
    );
  });
});

describe('dates', () => {
  it('end a UTC day at its last millisecond', () => {
    expect(endOfUtcDay(now)).toEqual(new Date('2026-12-07T23:59:59.999Z'));
    expect(latestExpiry(now, 90)).toEqual(new Date('2027-03-07T23:59:59.999Z'));
    expect(parseUtcDay('2028-02-29')).toEqual(new Date('2028-02-29T23:59:59.999Z'));
    expect(parseUtcDay('2027-02-29')).toBeNull();
  });

  it('call a key expired from its expiry on', () => {
    expect(isExpired(null, now)).toBe(false);
    expect(isExpired(new Date(now), now)).toBe(true);
    expect(isExpired(new Date(now + 1), now)).toBe(false);
  });

  it('count the time left in rounded days, then hours', () => {
    expect(timeLeft(new Date(now + 30 * DAY_MS - 5000), now)).toEqual({ days: 30 });
    expect(timeLeft(new Date(now + 6 * DAY_MS + 5000), now)).toEqual({ days: 6 });
    expect(timeLeft(new Date(now + 36 * 3_600_000), now)).toEqual({ days: 2 });
    expect(timeLeft(new Date(now + 35 * 3_600_000), now)).toEqual({ hours: 35 });
    expect(timeLeft(new Date(now + 5 * 3_600_000 + 1), now)).toEqual({ hours: 5 });
    expect(timeLeft(new Date(now + 60_000), now)).toEqual({ hours: 0 });
  });
});
