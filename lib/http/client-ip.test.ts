import { describe, expect, it } from 'vitest';
import { clientIp } from './client-ip';

describe('clientIp', () => {
  it('takes the right-most x-forwarded-for entry, the one our own server or proxy set', () => {
    expect(clientIp('127.0.0.1')).toBe('127.0.0.1');
    expect(clientIp('10.0.0.1, 203.0.113.9')).toBe('203.0.113.9');
    expect(clientIp('spoofed,  ::ffff:192.0.2.1 ')).toBe('::ffff:192.0.2.1');
  });

  it('gives null for nothing usable and caps the length', () => {
    expect(clientIp(undefined)).toBeNull();
    expect(clientIp('')).toBeNull();
    expect(clientIp('1.2.3.4, ')).toBeNull();
    expect(clientIp('x'.repeat(100))).toHaveLength(64);
  });
});
