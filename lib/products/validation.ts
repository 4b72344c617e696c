import { z } from 'zod';

export const SLUG_PATTERN = /^[a-z0-9-]{2,40}$/;
export const DEFAULT_TIMEOUT_MS = 30_000;
export const MIN_TIMEOUT_MS = 1_000;
export const MAX_TIMEOUT_MS = 300_000;
export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;
// The gateway holds a request body in memory while it checks the signature over it.
export const MAX_MAX_BODY_BYTES = 100 * 1024 * 1024;
const MAX_URL_LENGTH = 2000;

export const SLUG_RULE =
  'The slug must be 2 to 40 characters: lowercase letters, digits and hyphens.';

/**
 * The upstream base URL as stored (WHATWG-normalised), or the sentence that says what is wrong
 * with it. Only http and https, a host, no credentials, no query or fragment: the gateway appends
 * the caller's path and query to it.
 */
export function checkUpstreamUrl(value: string): { url: string } | { error: string } {
  const text = value.trim();
  if (text === '')
    return { error: 'Enter the upstream URL, such as https://api.internal:8443/v1.' };
  if (text.length > MAX_URL_LENGTH) {
    return { error: `The upstream URL must be at most ${MAX_URL_LENGTH} characters.` };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return {
      error:
        'The upstream URL is not a valid URL. Write it in full, such as https://api.internal/v1.',
    };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { error: 'The upstream URL must start with http:// or https://.' };
  }
  if (url.hostname === '') return { error: 'The upstream URL must name a host.' };
  if (url.username !== '' || url.password !== '') {
    return {
      error:
        'The upstream URL must not contain a user name or password. Upstreams check the gateway signature instead.',
    };
  }
  if (url.search !== '' || url.hash !== '' || text.includes('?') || text.includes('#')) {
    return {
      error:
        'The upstream URL must not have a query or fragment: the caller’s path and query are appended to it.',
    };
  }
  return { url: url.href };
}

const upstreamUrl = z.string({ error: 'Enter the upstream URL.' }).transform((value, ctx) => {
  const checked = checkUpstreamUrl(value);
  if ('error' in checked) {
    ctx.addIssue({ code: 'custom', message: checked.error });
    return z.NEVER;
  }
  return checked.url;
});

const CONTROL = /[\u0000-\u001f\u007f]/;

const wholeNumber = (message: string, min: number, max: number) =>
  z.coerce.number({ error: message }).int(message).min(min, message).max(max, message);

export const productFields = {
  slug: z
    .string({ error: SLUG_RULE })
    .trim()
    .regex(SLUG_PATTERN, SLUG_RULE)
    .describe('Names the product in /gateway/{slug}/ and in key scopes.'),
  name: z
    .string({ error: 'Enter a name.' })
    .trim()
    .min(1, 'Enter a name.')
    .max(100, 'The name must be at most 100 characters.')
    .refine((value) => !CONTROL.test(value), 'The name must not contain control characters.'),
  description: z
    .string({ error: 'The description must be text.' })
    .trim()
    .max(500, 'The description must be at most 500 characters.')
    .refine(
      (value) => !CONTROL.test(value),
      'The description must not contain control characters.',
    ),
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

/** "10 MiB", "512 KiB", "300 bytes": the limit as the error messages state it. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} byte${bytes === 1 ? '' : 's'}`;
}
