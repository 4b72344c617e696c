import { createCipheriv, createDecipheriv, createHash, randomBytes, randomInt } from 'node:crypto';
import { masterKeys } from '@/lib/config/env';

const VERSION = 'v1';

/** Short fingerprint naming which master key sealed a value, so rotation can proceed key by key. */
export function keyFingerprint(key: Buffer) {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/** AES-256-GCM with the AccessKey ID as associated data: a ciphertext moved to another key fails to open. */
export function sealSecret(
  secret: string,
  accessKeyId: string,
  key: Buffer = masterKeys()[0],
): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(accessKeyId, 'utf8'));
  const ciphertext = Buffer.concat([
    cipher.update(secret, 'utf8'),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  return [
    VERSION,
    keyFingerprint(key),
    iv.toString('base64url'),
    ciphertext.toString('base64url'),
  ].join('.');
}

export class SealError extends Error {}

export function openSecret(
  sealed: string,
  accessKeyId: string,
  keys: Buffer[] = masterKeys(),
): string {
  const [version, fingerprint, iv, data] = sealed.split('.');
  if (version !== VERSION || !fingerprint || !iv || !data)
    throw new SealError('Unrecognised sealed secret.');
  const key = keys.find((candidate) => keyFingerprint(candidate) === fingerprint);
  if (!key) throw new SealError('The secret was sealed with a master key that is not configured.');
  const bytes = Buffer.from(data, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(accessKeyId, 'utf8'));
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  try {
    return Buffer.concat([
      decipher.update(bytes.subarray(0, bytes.length - 16)),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    throw new SealError('The sealed secret failed its integrity check.');
  }
}

export function sealedWith(sealed: string) {
  return sealed.split('.')[1];
}

export function sha256Hex(value: string) {
  return createHash('sha256').update(value).digest('hex');
}

export function randomToken(bytes = 32) {
  return randomBytes(bytes).toString('base64url');
}

export function randomDigits(length: number) {
  return Array.from({ length }, () => randomInt(10)).join('');
}
