import { createHash, randomInt } from 'node:crypto';

/**
 * The AccessKey Secret as this console issues it, so that scanners find a leaked one by its shape:
 *
 *   akcsk_ + 40 base62 random characters + 6 base62 characters of the CRC32 of the random part
 *
 * The prefix names the issuer ("AccessKey Console secret key") rather than the provider (CNC), so a
 * Secret of an operator's console is never taken for, or reported as, a provider credential. The
 * underscore keeps the whole token one word (a double click selects it) and lets the pattern start at
 * a word boundary. The random part carries about 238 bits; the checksum lets a scanner drop
 * look-alikes without asking the database (one random 46-character string in 4 billion passes).
 * Secrets issued before this format (40 base62 characters, no prefix) keep working; only new ones
 * carry it.
 */
export const SECRET_PREFIX = 'akcsk_';
export const SECRET_RANDOM_LENGTH = 40;
export const SECRET_CHECKSUM_LENGTH = 6;
export const SECRET_LENGTH = SECRET_PREFIX.length + SECRET_RANDOM_LENGTH + SECRET_CHECKSUM_LENGTH;

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BODY_LENGTH = SECRET_RANDOM_LENGTH + SECRET_CHECKSUM_LENGTH;

/**
 * The pattern published for scanners (docs/gitleaks.toml, docs/secret-format.md): the same text works
 * in JavaScript, Go's RE2 (gitleaks) and GitHub's custom patterns.
 */
export const SECRET_PATTERN_SOURCE = `\\b${SECRET_PREFIX}[0-9A-Za-z]{${BODY_LENGTH}}\\b`;
const EXACT = new RegExp(`^${SECRET_PREFIX}[0-9A-Za-z]{${BODY_LENGTH}}$`);

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3, as zlib and GitHub's tokens use it) of an ASCII string. */
export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (let index = 0; index < text.length; index++) {
    crc = CRC_TABLE[(crc ^ text.charCodeAt(index)) & 0xff] ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A number in base62, left-padded with zeros to `length` characters. */
function base62(value: number, length: number) {
  let text = '';
  for (let rest = value; rest > 0; rest = Math.floor(rest / 62)) text = BASE62[rest % 62] + text;
  return text.padStart(length, '0');
}

export function checksumOf(random: string) {
  return base62(crc32(random), SECRET_CHECKSUM_LENGTH);
}

export function generateSecret(): string {
  let random = '';
  for (let index = 0; index < SECRET_RANDOM_LENGTH; index++) random += BASE62[randomInt(62)];
  return `${SECRET_PREFIX}${random}${checksumOf(random)}`;
}

/** True when `value` is a whole Secret in this format whose checksum holds. */
export function isFormattedSecret(value: string): boolean {
  if (value.length !== SECRET_LENGTH || !EXACT.test(value)) return false;
  const random = value.slice(SECRET_PREFIX.length, SECRET_PREFIX.length + SECRET_RANDOM_LENGTH);
  return value.slice(-SECRET_CHECKSUM_LENGTH) === checksumOf(random);
}

/** Every Secret in this format, checksum verified, that `text` contains, with its offset. */
export function findSecrets(text: string): { secret: string; index: number }[] {
  if (!text.includes(SECRET_PREFIX)) return [];
  const found: { secret: string; index: number }[] = [];
  for (const match of text.matchAll(new RegExp(SECRET_PATTERN_SOURCE, 'g'))) {
    if (isFormattedSecret(match[0])) found.push({ secret: match[0], index: match.index });
  }
  return found;
}

/**
 * What the database keeps to find a key by its Secret (a leak report, a scan): SHA-256, hex. The
 * Secret is sealed with a random IV, so the ciphertext cannot be looked up; a Secret carries at least
 * 128 random bits, so its plain hash cannot be inverted by guessing.
 */
export function secretHash(secret: string) {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
