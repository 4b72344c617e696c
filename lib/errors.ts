import { translate, type MessageValues } from '@/lib/i18n/translator';
import type { Locale } from '@/lib/i18n/locales';
import type en from '@/messages/en.json';

export type ErrorKey = keyof (typeof en)['errors'];

/**
 * A refusal written for the person using the console, as a key of the catalogs' `errors` and the
 * values its sentence needs. Server actions answer it in the request's language
 * (lib/actions/validated-action.ts); `message` is the English sentence, for logs and the operator
 * CLI. Any other error is logged and answered with one fixed sentence, so no database or provider
 * message reaches the browser.
 */
export class UserFacingError extends Error {
  constructor(
    readonly key: ErrorKey,
    readonly values: MessageValues = {},
  ) {
    super(errorMessage(key, values));
  }
}

/** The sentence of a user-facing error in a language (English by default): for tests and logs. */
export function errorMessage(key: ErrorKey, values: MessageValues = {}, locale: Locale = 'en') {
  return translate(locale, `errors.${key}`, values);
}
