'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { FormMessage } from '@/components/form-message';
import { NewPasswordFields } from '@/components/new-password-fields';
import { SubmitButton } from '@/components/submit-button';
import type { ActionState } from '@/lib/actions/action-state';
import { setPasswordFromLinkAction } from './actions';

export function SetPasswordForm({ token, email }: { token: string; email: string }) {
  const t = useTranslations('setPassword');
  const [state, action] = useActionState<ActionState, FormData>(setPasswordFromLinkAction, {});
  return (
    <form action={action} className="grid gap-4">
      <input type="hidden" name="token" value={token} />
      {/* Lets password managers save the new password under the right account. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <NewPasswordFields autoFocus />
      <FormMessage state={state} />
      <SubmitButton className="w-full" pendingText={t('submitting')}>
        {t('submit')}
      </SubmitButton>
    </form>
  );
}
