// The console's languages and how a request's Accept-Language picks one. No React, no Next: the
// request config, the mail code and the browser all read it.

export const LOCALES = ['en', 'ko', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

/** Each language in its own script, as a language switch shows it whatever the current language. */
export const LOCALE_NAMES: Record<Locale, string> = {
  en: 'English',
  ko: '한국어',
  'zh-CN': '简体中文',
};

/** The account setting's value that clears its choice, so the console follows the browser again. */
export const FOLLOW_BROWSER = 'browser';

/** The cookie the signed-out language switch sets; an account's own choice outranks it. */
export const LOCALE_COOKIE = 'locale';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * The console language a BCP 47 tag stands for, or null. Chinese in simplified script, or with no
 * script but a region that writes it (mainland China, Singapore), is zh-CN; Traditional Chinese
 * (zh-Hant, zh-TW, zh-HK, zh-MO) is not offered, so it matches nothing rather than the wrong script.
 */
export function localeForTag(tag: string): Locale | null {
  const [language, ...rest] = tag.trim().toLowerCase().split(/[-_]/);
  if (language === 'en') return 'en';
  if (language === 'ko') return 'ko';
  if (language !== 'zh') return null;
  const script = rest.find((part) => part.length === 4);
  if (script) return script === 'hans' ? 'zh-CN' : null;
  const region = rest.find((part) => part.length === 2 || /^\d{3}$/.test(part));
  return region === undefined || region === 'cn' || region === 'sg' ? 'zh-CN' : null;
}

/**
 * The best of the console's languages for an Accept-Language header (RFC 9110: the highest
 * quality wins, then the order given; q=0 refuses), or null when none is acceptable.
 */
export function matchAcceptLanguage(header: string | null | undefined): Locale | null {
  if (!header) return null;
  const ranges = header
    .slice(0, 1000)
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((param) => param.trim().match(/^q=([0-9.]+)$/i)?.[1]).find(Boolean);
      const quality = q === undefined ? 1 : Number(q);
      return { tag: tag.trim(), quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter(({ tag, quality }) => tag !== '' && tag !== '*' && quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const { tag } of ranges) {
    const locale = localeForTag(tag);
    if (locale) return locale;
  }
  return null;
}

/**
 * What a browser asks for, from a request's headers alone (code that sees no Next request scope,
 * such as an Auth.js provider): the language switch's cookie, else Accept-Language, else English.
 */
export function browserLocaleOf(headers: Headers): Locale {
  for (const part of (headers.get('cookie') ?? '').split(';')) {
    const [name, value] = part.trim().split('=');
    if (name === LOCALE_COOKIE && isLocale(value)) return value;
  }
  return matchAcceptLanguage(headers.get('accept-language')) ?? DEFAULT_LOCALE;
}

/** Time zones the server accepts from the browser's `tz` cookie; anything else falls back to UTC. */
export const TIME_ZONE_COOKIE = 'tz';
export const DEFAULT_TIME_ZONE = 'UTC';

let knownTimeZones: Set<string> | undefined;

export function isTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 64) return false;
  knownTimeZones ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);
  return knownTimeZones.has(value);
}
