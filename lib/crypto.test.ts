import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyFingerprint, openSecret, SealError, sealedWith, sealSecret } from '@/lib/crypto';

const key = randomBytes(32);
const otherKey = randomBytes(32);
const ID = 'AKEXAMPLE0000000000000000';
const SECRET = 'SKexample0123456789abcdefghijklmnopqrstu';

function tamper(sealed: string, part: 2 | 3) {
  const parts = sealed.split('.');
  const bytes = Buffer.from(parts[part], 'base64url');
  bytes[bytes.length >> 1] ^= 0x01;
  parts[part] = bytes.toString('base64url');
  return parts.join('.');
}

describe('sealSecret / openSecret', () => {
  it('round-trips and never contains the Secret in clear', () => {
    const sealed = sealSecret(SECRET, ID, key);
    expect(sealed).not.toContain(SECRET);
    expect(sealed).not.toContain(Buffer.from(SECRET).toString('base64url'));
    expect(sealedWith(sealed)).toBe(keyFingerprint(key));
    expect(openSecret(sealed, ID, [key])).toBe(SECRET);
  });

  it('uses a fresh nonce each time', () => {
    expect(sealSecret(SECRET, ID, key)).not.toBe(sealSecret(SECRET, ID, key));
  });

  it('picks the key that sealed the value among several', () => {
    const sealed = sealSecret(SECRET, ID, otherKey);
    expect(openSecret(sealed, ID, [key, otherKey])).toBe(SECRET);
  });

  it('detects a modified ciphertext or nonce', () => {
    const sealed = sealSecret(SECRET, ID, key);
    expect(() => openSecret(tamper(sealed, 3), ID, [key])).toThrow(SealError);
    expect(() => openSecret(tamper(sealed, 2), ID, [key])).toThrow(SealError);
  });

  it('binds the value to its AccessKey ID', () => {
    const sealed = sealSecret(SECRET, ID, key);
    expect(() => openSecret(sealed, 'AKSOMEOTHERKEY0000000000', [key])).toThrow(
      'The sealed secret failed its integrity check.',
    );
  });

  it('refuses a value sealed with a key that is not configured', () => {
    const sealed = sealSecret(SECRET, ID, otherKey);
    expect(() => openSecret(sealed, ID, [key])).toThrow(
      'The secret was sealed with a master key that is not configured.',
    );
  });

  it('refuses a fingerprint forged to point at another key', () => {
    const parts = sealSecret(SECRET, ID, otherKey).split('.');
    parts[1] = keyFingerprint(key);
    expect(() => openSecret(parts.join('.'), ID, [key, otherKey])).toThrow(SealError);
  });

  it('refuses garbage', () => {
    expect(() => openSecret('not-a-sealed-value', ID, [key])).toThrow(SealError);
  });
});
