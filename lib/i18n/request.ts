// next-intl's request config (next.config.ts points createNextIntlPlugin here). No locale in the URL:
// each request's language is resolved from the account, the cookie and Accept-Language.
import { getRequestConfig } from 'next-intl/server';
import { FORMATS } from './formats';
import { requestLocale, requestTimeZone } from './server';
import { CATALOGS, translate, type MessageKey } from './translator';

export default getRequestConfig(async () => {
  const locale = await requestLocale();
  return {
    locale,
    messages: CATALOGS[locale],
    timeZone: await requestTimeZone(),
    now: new Date(),
    formats: FORMATS,
    getMessageFallback: ({ key, namespace }) =>
      translate('en', [namespace, key].filter(Boolean).join('.') as MessageKey),
  };
});
