/** The product an Open API call counts against, beside the operator's own products. */
export const OPEN_API_PRODUCT = 'open-api';

/**
 * What a gateway or forward-auth call counts against when it named no registered product. No slug
 * can be written so, so it never merges with a product's counts; the console shows it translated.
 */
export const UNKNOWN_PRODUCT = '(unknown)';

/** Slugs a product may not take, because usage already counts something else under them. */
export const RESERVED_SLUGS: readonly string[] = [OPEN_API_PRODUCT];
