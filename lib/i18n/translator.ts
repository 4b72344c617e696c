// Translation outside React and Next's request scope: mails, the English text of a user-facing
// error (logs, the operator CLI), and server actions, which translate in the request's language.
import { createTranslator } from 'use-intl/core';
import en from '@/messages/en.json';
import ko from '@/messages/ko.json';
import zhCN from '@/messages/zh-CN.json';
import { DEFAULT_LOCALE, type Locale } from './locales';
import { FORMATS } from './formats';

export type Messages = typeof en;

export const CATALOGS: Record<Locale, Messages> = { en, ko, 'zh-CN': zhCN };

function createFor(locale: Locale) {
  return createTranslator({
    locale,
    messages: CATALOGS[locale],
    formats: FORMATS,
    // A key missing from one catalog fails messages/catalogs.test.ts; should one slip through, the
    // English sentence is shown rather than the key.
    getMessageFallback: ({ key, namespace }): string => {
      const path = [namespace, key].filter(Boolean).join('.');
      return locale === DEFAULT_LOCALE ? path : translateAny(DEFAULT_LOCALE, path);
    },
  });
}

export type ServerTranslator = ReturnType<typeof createFor>;

/** A dotted key of the catalogs, e.g. `errors.accessKeyNotFound`. */
export type MessageKey = Parameters<ServerTranslator>[0];

export type MessageValues = Record<string, string | number | Date>;

const translators = new Map<Locale, ServerTranslator>();

export function translator(locale: Locale = DEFAULT_LOCALE): ServerTranslator {
  let t = translators.get(locale);
  if (!t) {
    t = createFor(locale);
    translators.set(locale, t);
  }
  return t;
}

function translateAny(locale: Locale, key: string, values?: MessageValues): string {
  return (translators.get(locale) ?? translator(locale))(key as never, values as never);
}

/** Translates a key that is only known at run time (an error's, an audit action's). */
export function translate(locale: Locale, key: MessageKey, values?: MessageValues): string {
  return translateAny(locale, key, values);
}

export function hasMessage(key: string): key is MessageKey {
  return translator(DEFAULT_LOCALE).has(key as MessageKey);
}
