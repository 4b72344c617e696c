import { describe, expect, it } from 'vitest';
import { minutesUntil, nextAllowedAt, secondsUntil } from './throttle';

const now = Date.parse('2026-01-01T12:00:00Z');
const ago = (ms: number) => new Date(now - ms);

describe('nextAllowedAt', () => {
  it('allows at once while fewer attempts than the limit fall in the window', () => {
    const limit = { max: 3, windowMs: 60_000 };
    expect(nextAllowedAt([{ times: [ago(1), ago(2)], limit }], now)).toBeNull();
    expect(nextAllowedAt([{ times: [], limit }], now)).toBeNull();
  });

  it('waits until the oldest counted attempt leaves the window', () => {
    const limit = { max: 2, windowMs: 60_000 };
    expect(nextAllowedAt([{ times: [ago(1_000), ago(10_000)], limit }], now)).toEqual(
      new Date(now + 50_000),
    );
    expect(nextAllowedAt([{ times: [ago(1_000), ago(60_000)], limit }], now)).toBeNull();
  });

  it('takes the latest of several limits', () => {
    const times = [ago(30_000), ago(40_000)];
    expect(
      nextAllowedAt(
        [
          { times, limit: { max: 1, windowMs: 60_000 } },
          { times, limit: { max: 2, windowMs: 3_600_000 } },
        ],
        now,
      ),
    ).toEqual(new Date(now + 3_560_000));
  });
});

describe('secondsUntil and minutesUntil', () => {
  it('round up to whole units and never say zero', () => {
    expect(secondsUntil(new Date(now + 1), now)).toBe(1);
    expect(secondsUntil(new Date(now + 42_000), now)).toBe(42);
    expect(secondsUntil(new Date(now + 60_000), now)).toBe(60);
    expect(secondsUntil(new Date(now - 5), now)).toBe(1);
    expect(minutesUntil(new Date(now + 60_001), now)).toBe(2);
    expect(minutesUntil(new Date(now + 5_000), now)).toBe(1);
  });
});
