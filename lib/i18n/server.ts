// The language and time zone of the request being served, for the next-intl request config and for
// server actions. Next-only (it reads the request's cookies and headers); lib/i18n/translator.ts is
// the part that runs anywhere.
import { cookies, headers } from 'next/headers';
import { cache } from 'react';
import { getCurrentSession } from '@/lib/auth/next-auth';
import {
  DEFAULT_LOCALE,
  DEFAULT_TIME_ZONE,
  isLocale,
  isTimeZone,
  LOCALE_COOKIE,
  matchAcceptLanguage,
  TIME_ZONE_COOKIE,
  type Locale,
} from './locales';
import { translator } from './translator';

/** What this browser asks for: the signed-out switch's cookie, else Accept-Language, else English. */
export const browserLocale = cache(async (): Promise<Locale> => {
  const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(chosen)) return chosen;
  return matchAcceptLanguage((await headers()).get('accept-language')) ?? DEFAULT_LOCALE;
});

/** The signed-in account's own choice wins; else the browser's. */
export const requestLocale = cache(async (): Promise<Locale> => {
  const current = await getCurrentSession();
  if (current && isLocale(current.user.locale)) return current.user.locale;
  return browserLocale();
});

/** The viewer's time zone, as the browser reported it in the `tz` cookie; UTC until it has. */
export const requestTimeZone = cache(async (): Promise<string> => {
  const zone = (await cookies()).get(TIME_ZONE_COOKIE)?.value;
  return isTimeZone(zone) ? zone : DEFAULT_TIME_ZONE;
});

export async function requestTranslator() {
  return translator(await requestLocale());
}
