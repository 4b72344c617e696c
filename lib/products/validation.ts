import { z } from 'zod';
import { invalid, type ValidationKey } from '@/lib/i18n/validation';
import { RESERVED_SLUGS } from '@/lib/usage/products';

export const SLUG_PATTERN = /^[a-z0-9-]{2,40}$/;
export const DEFAULT_TIMEOUT_MS = 30_000;
export const MIN_TIMEOUT_MS = 1_000;
export const MAX_TIMEOUT_MS = 300_000;
export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;
// The gateway holds a request body in memory while it checks the signature over it.
export const MAX_MAX_BODY_BYTES = 100 * 1024 * 1024;
const MAX_URL_LENGTH = 2000;

/**
 * The upstream base URL as stored (WHATWG-normalised), or the validation message that says what is
 * wrong with it. Only http and https, a host, no credentials, no query or fragment: the gateway
 * appends the caller's path and query to it.
 */
export function checkUpstreamUrl(
  value: string,
): { url: string } | { error: ValidationKey; values?: { maximum: number } } {
  const text = value.trim();
  if (text === '') return { error: 'upstreamUrlRequired' };
  if (text.length > MAX_URL_LENGTH) {
    return { error: 'upstreamUrlTooLong', values: { maximum: MAX_URL_LENGTH } };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { error: 'upstreamUrlInvalid' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { error: 'upstreamUrlScheme' };
  if (url.hostname === '') return { error: 'upstreamUrlHost' };
  if (url.username !== '' || url.password !== '') return { error: 'upstreamUrlCredentials' };
  if (url.search !== '' || url.hash !== '' || text.includes('?') || text.includes('#')) {
    return { error: 'upstreamUrlQuery' };
  }
  return { url: url.href };
}

const upstreamUrl = z.string({ error: invalid('upstreamUrlRequired') }).transform((value, ctx) => {
  const checked = checkUpstreamUrl(value);
  if ('error' in checked) {
    ctx.addIssue({ code: 'custom', message: invalid(checked.error), params: checked.values });
    return z.NEVER;
  }
  return checked.url;
});

const CONTROL = /[\u0000-\u001f\u007f]/;

const wholeNumber = (message: string, min: number, max: number) =>
  z.coerce.number({ error: message }).int(message).min(min, message).max(max, message);

// The messages are catalog keys (validation.*): the console answers them in the request's language,
// the Open API in English. timeoutMs, maxBodyBytes and enabled are set only through the Open API
// (the console form speaks seconds and MiB), so their sentences are written here, in English.
export const productFields = {
  slug: z
    .string({ error: invalid('slugRule') })
    .trim()
    .regex(SLUG_PATTERN, invalid('slugRule'))
    .refine((value) => !RESERVED_SLUGS.includes(value), invalid('slugReserved'))
    .describe('Names the product in /gateway/{slug}/ and in key scopes; not open-api.'),
  name: z
    .string({ error: invalid('productNameRequired') })
    .trim()
    .min(1, invalid('productNameRequired'))
    .max(100, invalid('productNameTooLong'))
    .refine((value) => !CONTROL.test(value), invalid('productNameControlCharacters')),
  description: z
    .string({ error: invalid('descriptionInvalid') })
    .trim()
    .max(500, invalid('descriptionTooLong'))
    .refine((value) => !CONTROL.test(value), invalid('descriptionControlCharacters')),
  upstreamUrl: upstreamUrl.describe(
    'http or https base URL, with an optional path prefix; no credentials, query or fragment.',
  ),
  timeoutMs: wholeNumber(
    `The timeout must be a whole number of milliseconds from ${MIN_TIMEOUT_MS} to ${MAX_TIMEOUT_MS}.`,
    MIN_TIMEOUT_MS,
    MAX_TIMEOUT_MS,
  ),
  maxBodyBytes: wholeNumber(
    `The body limit must be a whole number of bytes from 0 to ${MAX_MAX_BODY_BYTES}.`,
    0,
    MAX_MAX_BODY_BYTES,
  ),
  enabled: z.boolean({ error: 'enabled must be true or false.' }),
};

/** A new product: slug, name and upstream URL are required, the rest have defaults. */
export const newProductSchema = z.object({
  slug: productFields.slug,
  name: productFields.name,
  description: productFields.description.default(''),
  upstreamUrl: productFields.upstreamUrl,
  timeoutMs: productFields.timeoutMs.default(DEFAULT_TIMEOUT_MS),
  maxBodyBytes: productFields.maxBodyBytes.default(DEFAULT_MAX_BODY_BYTES),
  enabled: productFields.enabled.default(true),
});

/** A change: any subset of the fields. */
export const productChangeSchema = z.object(productFields).partial();

export type NewProduct = z.infer<typeof newProductSchema>;
export type ProductChange = z.infer<typeof productChangeSchema>;

/** A byte count in the largest binary unit that states it exactly: 10 MiB, 512 KiB, 300 bytes. */
export function byteSize(bytes: number): { unit: 'mib' | 'kib' | 'byte'; size: number } {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) {
    return { unit: 'mib', size: bytes / (1024 * 1024) };
  }
  if (bytes >= 1024 && bytes % 1024 === 0) return { unit: 'kib', size: bytes / 1024 };
  return { unit: 'byte', size: bytes };
}

/** "10 MiB", "512 KiB", "300 bytes": the limit as the Open API's error messages state it. */
export function formatBytes(bytes: number): string {
  const { unit, size } = byteSize(bytes);
  if (unit === 'mib') return `${size} MiB`;
  if (unit === 'kib') return `${size} KiB`;
  return `${size} byte${size === 1 ? '' : 's'}`;
}
