import { describe, expect, it } from 'vitest';
import { OncePerInterval } from './once-per-interval';

describe('OncePerInterval', () => {
  it('lets a key through once per interval', () => {
    const once = new OncePerInterval(1000);
    expect(once.take('a', 0)).toBe(true);
    expect(once.take('a', 999)).toBe(false);
    expect(once.take('b', 999)).toBe(true);
    expect(once.take('a', 1000)).toBe(true);
  });

  it('stays bounded: when full, stale entries make room, and recent ones keep new keys out', () => {
    const once = new OncePerInterval(1000, 2);
    expect(once.take('a', 0)).toBe(true);
    expect(once.take('b', 500)).toBe(true);
    expect(once.take('c', 600)).toBe(false);
    // 'a' is stale at 1000 and leaves; 'b' stays, so 'c' fits and 'd' does not.
    expect(once.take('c', 1000)).toBe(true);
    expect(once.take('d', 1001)).toBe(false);
    expect(once.take('b', 1001)).toBe(false);
  });
});
