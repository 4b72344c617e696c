import { describe, expect, it } from 'vitest';
import {
  allowListMatcher,
  AllowListError,
  deserializeAllowList,
  isNarrowing,
  MAX_ALLOWED_IPS,
  parseAllowList,
  serializeAllowList,
} from './ip-allow-list';

function problem(input: string) {
  try {
    parseAllowList(input);
  } catch (error) {
    if (error instanceof AllowListError) return error.message;
    throw error;
  }
  return null;
}

function matches(entries: string[], ip: string | null) {
  const matcher = allowListMatcher(serializeAllowList(entries));
  if (matcher === null) throw new Error('An empty list has no matcher.');
  return matcher(ip);
}

describe('parseAllowList', () => {
  it('takes addresses and ranges separated by commas, spaces or new lines; empty means any', () => {
    expect(parseAllowList('')).toEqual([]);
    expect(parseAllowList('  \n , ')).toEqual([]);
    expect(parseAllowList('192.0.2.1, 198.51.100.0/24\n2001:db8::/32  ::1')).toEqual([
      '192.0.2.1',
      '198.51.100.0/24',
      '2001:db8::/32',
      '::1',
    ]);
  });

  it('stores the canonical form, without duplicates', () => {
    expect(parseAllowList('2001:0DB8:0000::0001 2001:db8::1 192.0.2.1/32 192.0.2.1')).toEqual([
      '2001:db8::1',
      '192.0.2.1',
    ]);
    expect(parseAllowList('10.0.0.0/08')).toEqual(['10.0.0.0/8']);
  });

  it('stores an IPv4-mapped IPv6 entry as its IPv4 form', () => {
    expect(parseAllowList('::ffff:192.0.2.7 ::ffff:198.51.100.0/120')).toEqual([
      '192.0.2.7',
      '198.51.100.0/24',
    ]);
  });

  it('takes the whole-internet ranges, on purpose', () => {
    expect(parseAllowList('0.0.0.0/0 ::/0')).toEqual(['0.0.0.0/0', '::/0']);
  });

  it('refuses an invalid entry with a message naming it', () => {
    for (const entry of [
      'localhost',
      '192.0.2.256',
      '127.1',
      '010.0.0.1',
      '0x7f.0.0.1',
      '192.0.2.0/33',
      '2001:db8::/129',
      'fe80::1%eth0',
      '192.0.2.0/',
      '/24',
      '1.2.3.4/-1',
      '2001:db8::g',
    ]) {
      expect(problem(`192.0.2.1, ${entry}`), entry).toContain(`"${entry}"`);
    }
  });

  it('refuses a range that does not start at its network address, suggesting it', () => {
    expect(problem('10.1.2.3/8')).toBe(
      'The IP allow-list entry "10.1.2.3/8" does not start its range; did you mean 10.0.0.0/8?',
    );
    expect(problem('2001:db8::1/32')).toContain('did you mean 2001:db8::/32?');
  });

  it('quotes a long entry shortened, so the message stays a sentence', () => {
    const message = problem(`${'x'.repeat(1000)}`)!;
    expect(message).toMatch(/^The IP allow-list entry "x{57}…" is not an IPv4/);
    expect(message.length).toBeLessThan(200);
  });

  it(`takes at most ${MAX_ALLOWED_IPS} entries`, () => {
    const addresses = (count: number) =>
      Array.from({ length: count }, (_, index) => `192.0.2.${index + 1}`).join(' ');
    expect(parseAllowList(addresses(MAX_ALLOWED_IPS))).toHaveLength(MAX_ALLOWED_IPS);
    expect(problem(addresses(MAX_ALLOWED_IPS + 1))).toBe(
      `An AccessKey takes at most ${MAX_ALLOWED_IPS} addresses or ranges; this list has ${MAX_ALLOWED_IPS + 1}.`,
    );
    // Duplicates count once.
    expect(parseAllowList(`${addresses(MAX_ALLOWED_IPS)} 192.0.2.1`)).toHaveLength(MAX_ALLOWED_IPS);
  });

  it('round-trips through the column: null for an empty list', () => {
    expect(serializeAllowList([])).toBeNull();
    expect(deserializeAllowList(null)).toEqual([]);
    const list = ['192.0.2.0/24', '::1'];
    expect(deserializeAllowList(serializeAllowList(list))).toEqual(list);
  });
});

describe('allowListMatcher', () => {
  it('is null for no list: any address passes', () => {
    expect(allowListMatcher(null)).toBeNull();
  });

  it('matches a single address exactly', () => {
    expect(matches(['192.0.2.1'], '192.0.2.1')).toBe(true);
    expect(matches(['192.0.2.1'], '192.0.2.2')).toBe(false);
    expect(matches(['::1'], '::1')).toBe(true);
    expect(matches(['::1'], '::2')).toBe(false);
  });

  it('matches CIDR edges: first and last address in, neighbours out', () => {
    const list = ['198.51.100.0/24', '2001:db8:a::/48'];
    expect(matches(list, '198.51.100.0')).toBe(true);
    expect(matches(list, '198.51.100.255')).toBe(true);
    expect(matches(list, '198.51.99.255')).toBe(false);
    expect(matches(list, '198.51.101.0')).toBe(false);
    expect(matches(list, '2001:db8:a::')).toBe(true);
    expect(matches(list, '2001:db8:a:ffff:ffff:ffff:ffff:ffff')).toBe(true);
    expect(matches(list, '2001:db8:b::')).toBe(false);
    expect(matches(list, '2001:db8:9:ffff:ffff:ffff:ffff:ffff')).toBe(false);
  });

  it('matches an IPv4-mapped IPv6 request address as its IPv4 form', () => {
    expect(matches(['127.0.0.1'], '::ffff:127.0.0.1')).toBe(true);
    expect(matches(['10.0.0.0/8'], '::ffff:10.20.30.40')).toBe(true);
    expect(matches(['10.0.0.0/8'], '::ffff:11.0.0.1')).toBe(false);
    // Stored mapped entries were unmapped on the way in.
    expect(matches(parseAllowList('::ffff:127.0.0.1'), '127.0.0.1')).toBe(true);
  });

  it('keeps the families apart: ::1 is not 127.0.0.1, 0.0.0.0/0 is not IPv6', () => {
    expect(matches(['127.0.0.1'], '::1')).toBe(false);
    expect(matches(['::1'], '127.0.0.1')).toBe(false);
    expect(matches(['0.0.0.0/0'], '2001:db8::1')).toBe(false);
    expect(matches(['0.0.0.0/0'], '203.0.113.9')).toBe(true);
    expect(matches(['::/0'], '2001:db8::1')).toBe(true);
    expect(matches(['::/0'], '203.0.113.9')).toBe(false);
  });

  it('refuses a missing or unreadable address', () => {
    expect(matches(['0.0.0.0/0', '::/0'], null)).toBe(false);
    expect(matches(['0.0.0.0/0', '::/0'], 'not-an-address')).toBe(false);
    expect(matches(['0.0.0.0/0', '::/0'], '')).toBe(false);
  });

  it('is compiled once per distinct list', () => {
    const stored = serializeAllowList(['192.0.2.0/24']);
    expect(allowListMatcher(stored)).toBe(allowListMatcher(stored));
  });
});

describe('isNarrowing', () => {
  it('treats any list as narrower than any address, and clearing as widening', () => {
    expect(isNarrowing([], ['192.0.2.1'])).toBe(true);
    expect(isNarrowing([], [])).toBe(true);
    expect(isNarrowing(['192.0.2.1'], [])).toBe(false);
  });

  it('accepts removing entries and replacing a range by part of it', () => {
    expect(isNarrowing(['192.0.2.0/24', '::1'], ['::1'])).toBe(true);
    expect(isNarrowing(['192.0.2.0/24'], ['192.0.2.128/25', '192.0.2.7'])).toBe(true);
    expect(isNarrowing(['2001:db8::/32'], ['2001:db8:1::/48'])).toBe(true);
  });

  it('refuses adding an address, growing a range or crossing families', () => {
    expect(isNarrowing(['192.0.2.1'], ['192.0.2.1', '192.0.2.2'])).toBe(false);
    expect(isNarrowing(['192.0.2.0/25'], ['192.0.2.0/24'])).toBe(false);
    expect(isNarrowing(['192.0.2.0/24'], ['198.51.100.1'])).toBe(false);
    expect(isNarrowing(['0.0.0.0/0'], ['::1'])).toBe(false);
  });
});
