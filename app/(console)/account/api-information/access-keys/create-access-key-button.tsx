'use client';

import { Plus } from 'lucide-react';
import { startTransition, useActionState, useState } from 'react';
import { toast } from 'sonner';
import { SubmitButton } from '@/components/submit-button';
import type { ActionState } from '@/lib/action-state';
import { createAccessKey, type SecretPair } from './actions';
import { CreatedAccessKeyDialog } from './created-access-key-dialog';
import { VerifyEmailDialog } from './verify-email-dialog';

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
      <CreatedAccessKeyDialog created={created} onClose={() => setCreated(null)} />
    </>
  );
}
