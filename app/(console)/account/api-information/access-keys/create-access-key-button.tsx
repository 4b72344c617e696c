'use client';

import { Plus } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { SubmitButton } from '@/components/submit-button';
import { createAccessKeyAction } from './actions';
import { SecretActionForm } from './secret-action-form';

const NO_FIELDS = {};

export function CreateAccessKeyButton({ email }: { email: string }) {
  const t = useTranslations('accessKeys');
  return (
    <SecretActionForm
      action={createAccessKeyAction}
      fields={NO_FIELDS}
      email={email}
      purpose="create"
      button={(pending) => (
        <SubmitButton pending={pending} pendingText={t('creating')}>
          <Plus aria-hidden /> {t('create')}
        </SubmitButton>
      )}
    />
  );
}
