'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { setBrowserCookie } from '@/lib/i18n/browser-cookie';
import { LOCALE_COOKIE, LOCALE_NAMES, LOCALES } from '@/lib/i18n/locales';
import { cn } from '@/lib/utils';

/**
 * The language of the pages shown before signing in, kept in a cookie. A signed-in account sets
 * its own under Basic Information → Language, which outranks this.
 */
export function LanguageSwitch({ className }: { className?: string }) {
  const t = useTranslations('language');
  const current = useLocale();
  const router = useRouter();
  function choose(locale: string) {
    setBrowserCookie(LOCALE_COOKIE, locale);
    router.refresh();
  }
  return (
    <nav
      aria-label={t('switchLabel')}
      className={cn('flex justify-center gap-1 text-xs', className)}
    >
      {LOCALES.map((locale) => (
        <button
          key={locale}
          type="button"
          lang={locale}
          aria-current={locale === current ? 'true' : undefined}
          onClick={() => choose(locale)}
          className={cn(
            'text-muted-foreground hover:text-foreground rounded px-2 py-1',
            locale === current && 'text-foreground font-medium',
          )}
        >
          {LOCALE_NAMES[locale]}
        </button>
      ))}
    </nav>
  );
}
