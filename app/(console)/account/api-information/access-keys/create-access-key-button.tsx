'use client';

import { Plus } from 'lucide-react';
import { SubmitButton } from '@/components/submit-button';
import { createAccessKeyAction } from './actions';
import { SecretActionForm } from './secret-action-form';

const NO_FIELDS = {};

export function CreateAccessKeyButton({ email }: { email: string }) {
  return (
    <SecretActionForm
      action={createAccessKeyAction}
      fields={NO_FIELDS}
      email={email}
      purpose="create"
      button={(pending) => (
        <SubmitButton pending={pending} pendingText="Creating…">
          <Plus aria-hidden /> Create AccessKey
        </SubmitButton>
      )}
    />
  );
}
