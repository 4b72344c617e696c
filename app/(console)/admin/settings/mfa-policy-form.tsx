'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { FormMessage } from '@/components/form-message';
import { SubmitButton } from '@/components/submit-button';
import { Label } from '@/components/ui/label';
import type { ActionState } from '@/lib/actions/action-state';
import type { MfaPolicy } from '@/lib/settings/settings';
import { setMfaPolicyAction } from './actions';

// lib/settings/settings.ts reads the database, so only its type comes into the browser.
const CHOICES = ['nobody', 'admins', 'everyone'] as const satisfies readonly MfaPolicy[];

export function MfaPolicyForm({ policy }: { policy: MfaPolicy }) {
  const t = useTranslations('settings');
  const [state, action] = useActionState<ActionState, FormData>(setMfaPolicyAction, {});
  return (
    <form action={action} className="grid max-w-lg gap-4">
      <fieldset className="grid gap-2">
        <legend className="mb-2 text-sm font-medium">{t('policyLegend')}</legend>
        {CHOICES.map((choice) => (
          <div key={choice} className="flex items-start gap-2">
            <input
              type="radio"
              id={`policy-${choice}`}
              name="policy"
              value={choice}
              defaultChecked={policy === choice}
              className="accent-primary mt-1"
            />
            <Label htmlFor={`policy-${choice}`} className="grid gap-0.5 font-normal">
              <span className="font-medium">{t(`policies.${choice}`)}</span>
              <span className="text-muted-foreground text-xs">{t(`policyHints.${choice}`)}</span>
            </Label>
          </div>
        ))}
      </fieldset>
      <FormMessage state={state} />
      <SubmitButton className="justify-self-start" pendingText={t('saving')}>
        {t('save')}
      </SubmitButton>
    </form>
  );
}
