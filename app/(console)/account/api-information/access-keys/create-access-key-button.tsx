'use client';

import { Plus } from 'lucide-react';
import dynamic from 'next/dynamic';
import { startTransition, useActionState, useState } from 'react';
import { toast } from 'sonner';
import { SubmitButton } from '@/components/submit-button';
import type { ActionState } from '@/lib/action-state';
import { createAccessKey, type SecretPair } from './actions';

// Dialogs load when first opened, so the page's first load carries only the table and buttons.
const VerifyEmailDialog = dynamic(() =>
  import('./verify-email-dialog').then((m) => m.VerifyEmailDialog),
);
const CreatedAccessKeyDialog = dynamic(() =>
  import('./created-access-key-dialog').then((m) => m.CreatedAccessKeyDialog),
);

export function CreateAccessKeyButton({ email }: { email: string }) {
  const [verifying, setVerifying] = useState(false);
  const [created, setCreated] = useState<SecretPair | null>(null);
  // The Secret goes to component state only, never into the kept action state.
  const [, dispatch, pending] = useActionState<ActionState, FormData>(
    async (previous, formData) => {
      const result = await createAccessKey(previous, formData);
      if ('verificationRequired' in result && result.verificationRequired) setVerifying(true);
      else if ('key' in result && result.key) {
        setCreated(result.key);
        toast.success(result.success);
      } else if (result.error) toast.error(result.error);
      return {};
    },
    {},
  );

  return (
    <>
      <form action={dispatch}>
        <SubmitButton pending={pending} pendingText="Creating…">
          <Plus aria-hidden /> Create AccessKey
        </SubmitButton>
      </form>
      {verifying && (
        <VerifyEmailDialog
          open
          onOpenChange={setVerifying}
          email={email}
          purpose="create an AccessKey"
          onVerified={() => {
            setVerifying(false);
            startTransition(() => dispatch(new FormData()));
          }}
        />
      )}
      {created && <CreatedAccessKeyDialog created={created} onClose={() => setCreated(null)} />}
    </>
  );
}
