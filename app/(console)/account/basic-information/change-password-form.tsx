'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { FormMessage } from '@/components/form-message';
import { NewPasswordFields } from '@/components/new-password-fields';
import { SubmitButton } from '@/components/submit-button';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import type { ActionState } from '@/lib/actions/action-state';
import { changePasswordAction } from './actions';

export function ChangePasswordForm() {
  const t = useTranslations('basicInfo');
  const [state, action] = useActionState<ActionState, FormData>(changePasswordAction, {});
  return (
    <form action={action} className="grid max-w-sm gap-3">
      <div className="grid gap-2">
        <Label htmlFor="currentPassword">{t('currentPassword')}</Label>
        <Input
          id="currentPassword"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
        />
      </div>
      <NewPasswordFields />
      <FormMessage state={state} />
      <SubmitButton className="justify-self-start" pendingText={t('changing')}>
        {t('changePassword')}
      </SubmitButton>
      <p className="text-muted-foreground text-xs">{t('changeHint')}</p>
    </form>
  );
}
