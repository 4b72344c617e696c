import type { FORMATS } from './formats';
import type { Locale } from './locales';
import type { Messages } from './translator';

// Type-checks every key passed to useTranslations / getTranslations against messages/en.json.
declare module 'next-intl' {
  interface AppConfig {
    Locale: Locale;
    Messages: Messages;
    Formats: typeof FORMATS;
  }
}
