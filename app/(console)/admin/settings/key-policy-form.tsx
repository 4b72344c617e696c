'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { FormMessage } from '@/components/form-message';
import { SubmitButton } from '@/components/submit-button';
import { Label } from '@/components/ui/label';
import { setKeyPolicyAction } from './key-policy-actions';

const selectClass =
  'border-input dark:bg-input/30 focus-visible:border-ring focus-visible:ring-ring/50 h-9 w-full max-w-xs rounded-md border bg-transparent px-3 text-sm shadow-xs outline-none focus-visible:ring-[3px]';

/** Administration → Settings → Key policy: the longest lifetime a new AccessKey may have. */
export function KeyPolicyForm({
  maxLifetimeDays,
  choices,
}: {
  maxLifetimeDays: number | null;
  choices: readonly number[];
}) {
  const t = useTranslations('keyPolicy');
  const [state, dispatch] = useActionState(setKeyPolicyAction, {});
  // A value set some other way than this form is still offered, so saving keeps it.
  const options =
    maxLifetimeDays === null || choices.includes(maxLifetimeDays)
      ? choices
      : [...choices, maxLifetimeDays].sort((a, b) => a - b);
  return (
    <form action={dispatch} className="grid gap-3">
      <div className="grid gap-2">
        <Label htmlFor="max-lifetime">{t('maxLifetime')}</Label>
        <select
          id="max-lifetime"
          name="maxLifetimeDays"
          defaultValue={maxLifetimeDays === null ? 'none' : String(maxLifetimeDays)}
          className={selectClass}
          aria-describedby="max-lifetime-help"
        >
          <option value="none">{t('noMaximum')}</option>
          {options.map((days) => (
            <option key={days} value={String(days)}>
              {t('days', { days })}
            </option>
          ))}
        </select>
        <p id="max-lifetime-help" className="text-muted-foreground text-sm">
          {t('help')}
        </p>
      </div>
      <FormMessage state={state} />
      <div>
        <SubmitButton pendingText={t('saving')}>{t('save')}</SubmitButton>
      </div>
    </form>
  );
}
