import { randomBytes } from 'node:crypto';
import { openSecret, sealSecret } from '@/lib/crypto';

export const SIGNING_SECRET_PREFIX = 'gws_';
export { PREVIOUS_SECRET_TTL_MS } from './secret-policy';

/** 32 random bytes, base64url, behind a prefix that says what the string is. Upstreams key their HMAC with the string as is. */
export function generateSigningSecret(): string {
  return `${SIGNING_SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** Never the slug, which may change: the row id is the product for its whole life. */
export function signingSecretContext(productId: number): string {
  return `product:${productId}`;
}

export function sealSigningSecret(secret: string, productId: number, key?: Buffer): string {
  return sealSecret(secret, signingSecretContext(productId), key);
}

export function openSigningSecret(sealed: string, productId: number, keys?: Buffer[]): string {
  return openSecret(sealed, signingSecretContext(productId), keys);
}

/** The sealed secrets the gateway signs with now: the current one, and the previous one until it expires. */
export function liveSealedSecrets(
  product: {
    signingSecretCiphertext: string;
    previousSigningSecretCiphertext: string | null;
    previousSigningSecretExpiresAt: Date | null;
  },
  now: number,
): string[] {
  const previous = product.previousSigningSecretCiphertext;
  const until = product.previousSigningSecretExpiresAt;
  return previous !== null && until !== null && until.getTime() > now
    ? [product.signingSecretCiphertext, previous]
    : [product.signingSecretCiphertext];
}
