'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { SubmitButton } from '@/components/submit-button';
import { Label } from '@/components/ui/label';
import { useToastAction } from '@/components/use-toast-action';
import { FOLLOW_BROWSER, LOCALE_NAMES, LOCALES, type Locale } from '@/lib/i18n/locales';
import { setAccountLocaleAction } from './actions';

const selectClass =
  'border-input dark:bg-input/30 focus-visible:border-ring focus-visible:ring-ring/50 h-9 w-full rounded-md border bg-transparent px-3 text-sm shadow-xs outline-none focus-visible:ring-[3px]';

/** The account's console language; "browser language" follows Accept-Language again. */
export function LanguageForm({
  chosen,
  browserLocale,
}: {
  chosen: Locale | null;
  browserLocale: Locale;
}) {
  const t = useTranslations('language');
  const [, dispatch] = useToastAction(setAccountLocaleAction);
  const [value, setValue] = useState<string>(chosen ?? FOLLOW_BROWSER);
  return (
    <form action={dispatch} className="grid max-w-sm gap-3">
      <div className="grid gap-2">
        <Label htmlFor="account-locale">{t('fieldLabel')}</Label>
        <select
          id="account-locale"
          name="locale"
          className={selectClass}
          value={value}
          onChange={(event) => setValue(event.target.value)}
        >
          <option value={FOLLOW_BROWSER}>
            {t('browser', { language: LOCALE_NAMES[browserLocale] })}
          </option>
          {LOCALES.map((locale) => (
            <option key={locale} value={locale} lang={locale}>
              {LOCALE_NAMES[locale]}
            </option>
          ))}
        </select>
      </div>
      <SubmitButton className="justify-self-start" pendingText={t('saving')}>
        {t('save')}
      </SubmitButton>
    </form>
  );
}
