import type en from '@/messages/en.json';
import type { Locale } from './locales';
import { hasMessage, translate, type MessageValues } from './translator';

export type ValidationKey = keyof (typeof en)['validation'];

/** A zod message: the key of the sentence, translated where the answer is made. */
export function invalid(key: ValidationKey) {
  return `validation.${key}` as const;
}

/**
 * A zod issue as a sentence in the given language. The sentence may name the issue's own limit
 * ({minimum}, {maximum}) or the values a custom issue carries in `params`; an issue without one of
 * our keys (zod's own wording) gets the generic one.
 */
export function issueMessage(
  locale: Locale,
  issue:
    | { message: string; minimum?: unknown; maximum?: unknown; params?: Record<string, unknown> }
    | undefined,
): string {
  const key = issue?.message;
  if (!key || !key.startsWith('validation.') || !hasMessage(key)) {
    return translate(locale, 'validation.formInvalid');
  }
  const values: MessageValues = {};
  for (const [name, value] of Object.entries(issue.params ?? {})) {
    if (typeof value === 'number' || typeof value === 'string') values[name] = value;
  }
  if (typeof issue.minimum === 'number') values.minimum = issue.minimum;
  if (typeof issue.maximum === 'number') values.maximum = issue.maximum;
  return translate(locale, key, values);
}
