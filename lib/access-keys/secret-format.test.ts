import { randomBytes, randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as zlib from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checksumOf,
  crc32,
  findSecrets,
  generateSecret,
  isFormattedSecret,
  SECRET_LENGTH,
  SECRET_PATTERN_SOURCE,
  SECRET_PREFIX,
  secretHash,
} from './secret-format';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const randomBase62 = (length: number) =>
  Array.from({ length }, () => BASE62[randomInt(62)]).join('');

/** The patterns as the documents publish them, so a change to either shows here. */
function publishedPatterns() {
  const gitleaks = readFileSync('docs/gitleaks.toml', 'utf8');
  const rule = /^regex = '''(.+)'''$/m.exec(gitleaks)?.[1];
  const keyword = /^keywords = \["(.+)"\]$/m.exec(gitleaks)?.[1];
  const doc = readFileSync('docs/secret-format.md', 'utf8');
  const field = (name: string) => new RegExp(`^${name}:\\s+(.+)$`, 'm').exec(doc)?.[1];
  const format = field('Secret format');
  const before = field('Before secret');
  const after = field('After secret');
  if (!rule || !keyword || !format || !before || !after) throw new Error('A pattern is missing.');
  // Hyperscan's \A and \z are JavaScript's ^ and $ (no multiline flag).
  const js = (text: string) => text.replace('\\A', '^').replace('\\z', '$');
  return {
    gitleaks: new RegExp(rule, 'g'),
    keyword,
    github: new RegExp(`(?:${js(before)})(${format})(?=${js(after)})`, 'g'),
    documented: doc.includes(`\n${SECRET_PATTERN_SOURCE}\n`),
  };
}

describe('the Secret format', () => {
  it('is the prefix, 40 random base62 characters and their CRC32 in 6 base62 characters', () => {
    for (let index = 0; index < 1000; index++) {
      const secret = generateSecret();
      expect(secret).toHaveLength(SECRET_LENGTH);
      expect(secret).toMatch(/^akcsk_[0-9A-Za-z]{46}$/);
      expect(secret.slice(-6)).toBe(checksumOf(secret.slice(6, 46)));
      expect(isFormattedSecret(secret)).toBe(true);
    }
    expect(SECRET_LENGTH).toBe(52);
  });

  it('keeps more than 128 random bits and never repeats', () => {
    expect(40 * Math.log2(62)).toBeGreaterThan(128);
    const seen = new Set(Array.from({ length: 5000 }, generateSecret));
    expect(seen.size).toBe(5000);
  });

  it('computes CRC-32 as zlib does (known answers)', () => {
    expect(crc32('')).toBe(0);
    expect(crc32('123456789')).toBe(0xcbf43926);
    expect(crc32('The quick brown fox jumps over the lazy dog')).toBe(0x414fa339);
  });

  // zlib.crc32 exists from Node 20.15 on; the console supports 20.9, so it has its own.
  const zlibCrc32 = (zlib as { crc32?: (data: Buffer) => number }).crc32;
  it.skipIf(!zlibCrc32)('computes the CRC-32 zlib computes for random strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary-ascii', maxLength: 80 }), (text) => {
        expect(crc32(text)).toBe(zlibCrc32!(Buffer.from(text, 'latin1')));
      }),
    );
  });

  it('pads the checksum to 6 characters', () => {
    expect(checksumOf('')).toBe('000000');
    // The largest CRC32 still fits: 62^6 > 2^32.
    expect(62 ** 6).toBeGreaterThan(2 ** 32);
  });

  it('rejects look-alikes: a changed character, a wrong checksum, a wrong length or prefix', () => {
    const secret = generateSecret();
    const flipped = (at: number) =>
      secret.slice(0, at) + (secret[at] === 'a' ? 'b' : 'a') + secret.slice(at + 1);
    for (let at = 6; at < SECRET_LENGTH; at++) expect(isFormattedSecret(flipped(at))).toBe(false);
    expect(isFormattedSecret(secret.slice(0, -1))).toBe(false);
    expect(isFormattedSecret(`${secret}0`)).toBe(false);
    expect(isFormattedSecret(secret.replace(SECRET_PREFIX, 'akcsx_'))).toBe(false);
    expect(isFormattedSecret(secret.slice(6))).toBe(false);
  });

  it('passes almost no random string of the right shape', () => {
    let passed = 0;
    for (let index = 0; index < 20_000; index++) {
      if (isFormattedSecret(`${SECRET_PREFIX}${randomBase62(46)}`)) passed++;
    }
    // One in 2^32 is expected; even one here would be a broken checksum.
    expect(passed).toBe(0);
  });
});

describe('finding Secrets in text', () => {
  it('finds every generated Secret wherever it sits, and nothing in random text', () => {
    const secrets = Array.from({ length: 50 }, generateSecret);
    const noise = () => randomBytes(200).toString('base64');
    const text = secrets
      .map(
        (secret, index) =>
          [
            `SECRET=${secret}`,
            `"secret": "${secret}",`,
            `${secret}`,
            `export ACCESSKEY_SECRET='${secret}'`,
            `url?sk=${secret}&x=1`,
          ][index % 5],
      )
      .map((line) => `${noise()}\n${line}\n`)
      .join('');
    expect(findSecrets(text).map((found) => found.secret)).toEqual(secrets);
    for (let index = 0; index < 200; index++) expect(findSecrets(noise())).toEqual([]);
  });

  it('skips a Secret glued to other word characters, and look-alikes', () => {
    const secret = generateSecret();
    expect(findSecrets(`x${secret}`)).toEqual([]);
    expect(findSecrets(`${secret}0`)).toEqual([]);
    expect(findSecrets(`${SECRET_PREFIX}${randomBase62(46)}`)).toEqual([]);
    expect(findSecrets(` ${secret}.`)).toEqual([{ secret, index: 1 }]);
  });
});

describe('the published patterns (docs/gitleaks.toml, docs/secret-format.md)', () => {
  const patterns = publishedPatterns();
  const secrets = Array.from({ length: 200 }, generateSecret);
  const matches = (pattern: RegExp, text: string) =>
    [...text.matchAll(pattern)].map((match) => match[1] ?? match[0]);

  it('are the pattern the code uses', () => {
    expect(patterns.documented).toBe(true);
    expect(patterns.gitleaks.source).toBe(SECRET_PATTERN_SOURCE);
    expect(patterns.keyword).toBe(SECRET_PREFIX);
  });

  it('find every generated Secret, alone or inside a line', () => {
    for (const secret of secrets) {
      for (const line of [secret, `token: ${secret}`, `"${secret}"`, `a=${secret};`]) {
        expect(matches(patterns.gitleaks, line), line).toEqual([secret]);
        expect(matches(patterns.github, line), line).toEqual([secret]);
      }
    }
  });

  it('find nothing in random strings, old-style Secrets or longer runs', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 0, maxLength: 300 }), (text) => {
        expect(matches(patterns.gitleaks, text)).toEqual([]);
        expect(matches(patterns.github, text)).toEqual([]);
      }),
      { numRuns: 500 },
    );
    const oldStyle = randomBase62(40);
    const tooLong = `${secrets[0]}A`;
    for (const text of [oldStyle, tooLong, `X${secrets[0]}`, `akcsk_${randomBase62(45)}`]) {
      expect(matches(patterns.gitleaks, text), text).toEqual([]);
      expect(matches(patterns.github, text), text).toEqual([]);
    }
  });
});

describe('secretHash', () => {
  it('is the SHA-256 hex of the Secret as UTF-8', () => {
    expect(secretHash('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(secretHash(generateSecret())).toMatch(/^[0-9a-f]{64}$/);
  });
});
