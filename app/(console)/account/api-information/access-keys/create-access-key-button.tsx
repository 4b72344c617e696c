'use client';

import { Plus } from 'lucide-react';
import dynamic from 'next/dynamic';
import { SubmitButton } from '@/components/submit-button';
import { createAccessKeyAction } from './actions';
import { SecretActionForm } from './secret-action-form';

// Loaded when first opened, so the page's first load carries only the table and buttons.
const CreatedAccessKeyDialog = dynamic(() =>
  import('./created-access-key-dialog').then((m) => m.CreatedAccessKeyDialog),
);

const NO_FIELDS = {};

export function CreateAccessKeyButton({ email }: { email: string }) {
  return (
    <SecretActionForm
      action={createAccessKeyAction}
      fields={NO_FIELDS}
      email={email}
      purpose="create an AccessKey"
      button={(pending) => (
        <SubmitButton pending={pending} pendingText="Creating…">
          <Plus aria-hidden /> Create AccessKey
        </SubmitButton>
      )}
      renderSecret={(created, close) => (
        <CreatedAccessKeyDialog created={created} onClose={close} />
      )}
    />
  );
}
