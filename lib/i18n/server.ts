// The language and time zone of the request being served, for the next-intl request config and for
// server actions. Next-only (it reads the request's cookies and headers); lib/i18n/translator.ts is
// the part that runs anywhere.
import { cookies, headers } from 'next/headers';
import { cache } from 'react';
import { findPendingSignIn, PENDING_SIGN_IN_COOKIE } from '@/lib/auth/mfa/pending-sign-in';
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

async function switchLocale() {
  const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
  return isLocale(chosen) ? chosen : null;
}

async function acceptLanguageLocale() {
  return matchAcceptLanguage((await headers()).get('accept-language')) ?? DEFAULT_LOCALE;
}

/** What this browser asks for: the signed-out switch's cookie, else Accept-Language, else English. */
export const browserLocale = cache(
  async (): Promise<Locale> => (await switchLocale()) ?? acceptLanguageLocale(),
);

/**
 * The signed-in account's own choice wins; else the browser's. Between its password and its second
 * step the account is known but not signed in: its choice then comes after the switch's cookie (so
 * the switch under the card still works) and before Accept-Language.
 */
export const requestLocale = cache(async (): Promise<Locale> => {
  const current = await getCurrentSession();
  if (current) return isLocale(current.user.locale) ? current.user.locale : browserLocale();
  const chosen = await switchLocale();
  if (chosen) return chosen;
  const token = (await cookies()).get(PENDING_SIGN_IN_COOKIE)?.value;
  if (token) {
    const accountLocale = (await findPendingSignIn(token))?.user?.locale;
    if (isLocale(accountLocale)) return accountLocale;
  }
  return acceptLanguageLocale();
});

/** The viewer's time zone, as the browser reported it in the `tz` cookie; UTC until it has. */
export const requestTimeZone = cache(async (): Promise<string> => {
  const zone = (await cookies()).get(TIME_ZONE_COOKIE)?.value;
  return isTimeZone(zone) ? zone : DEFAULT_TIME_ZONE;
});

export async function requestTranslator() {
  return translator(await requestLocale());
}
