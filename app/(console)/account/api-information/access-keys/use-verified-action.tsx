'use client';

import dynamic from 'next/dynamic';
import { startTransition, useRef, useState } from 'react';
import { useToastAction } from '@/components/use-toast-action';
import type { ActionState } from '@/lib/actions/action-state';
import type { AccessKeyActionState, SecretPair } from './actions';

const VerifyEmailDialog = dynamic(() =>
  import('./verify-email-dialog').then((m) => m.VerifyEmailDialog),
);

/**
 * Runs an action that may first need the email verification (Create, Show, widening an allow-list):
 * when the server answers `verificationRequired`, the verification dialog opens and, once verified,
 * the same form is sent again. A Secret in the answer goes to `onKey` and is never kept in the
 * action state.
 */
export function useVerifiedAction(
  action: (previous: ActionState, formData: FormData) => Promise<AccessKeyActionState>,
  options: {
    email: string;
    /** What the verification is for, as the verification dialog words it. */
    purpose: 'create' | 'show' | 'widen';
    onKey?: (key: SecretPair) => void;
    onSuccess?: () => void;
  },
) {
  const [verifying, setVerifying] = useState(false);
  const last = useRef<FormData | null>(null);
  const [, dispatchNow, pending] = useToastAction(action, {
    onResult(result) {
      if (result.verificationRequired) setVerifying(true);
      if (result.key) options.onKey?.(result.key);
    },
    onSuccess: options.onSuccess,
  });
  const dispatch = (formData: FormData) => {
    last.current = formData;
    dispatchNow(formData);
  };
  const verifyDialog = verifying ? (
    <VerifyEmailDialog
      open
      onOpenChange={setVerifying}
      email={options.email}
      purpose={options.purpose}
      onVerified={() => {
        setVerifying(false);
        const formData = last.current;
        if (formData) startTransition(() => dispatchNow(formData));
      }}
    />
  ) : null;
  return { dispatch, pending, verifyDialog };
}
