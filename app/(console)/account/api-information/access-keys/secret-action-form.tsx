'use client';

import dynamic from 'next/dynamic';
import { startTransition, useState } from 'react';
import { formDataOf, useToastAction } from '@/components/use-toast-action';
import type { ActionState } from '@/lib/actions/action-state';
import type { AccessKeyActionState, SecretPair } from './actions';

const VerifyEmailDialog = dynamic(() =>
  import('./verify-email-dialog').then((m) => m.VerifyEmailDialog),
);
// Loaded when first opened, so the page's first load carries only the table and buttons.
const SecretDialog = dynamic(() => import('./secret-dialog').then((m) => m.SecretDialog));

/**
 * A form for an action that returns a Secret (Create, Show): when the server asks for email
 * verification it opens the verification dialog and, once verified, sends the same form again.
 * The Secret is kept in component state only, never in the kept action state.
 */
export function SecretActionForm({
  action,
  fields,
  email,
  purpose,
  button,
}: {
  action: (previous: ActionState, formData: FormData) => Promise<AccessKeyActionState>;
  fields: Record<string, string>;
  email: string;
  purpose: 'create' | 'show';
  button: (pending: boolean) => React.ReactNode;
}) {
  const [verifying, setVerifying] = useState(false);
  const [secret, setSecret] = useState<SecretPair | null>(null);
  const [, dispatch, pending] = useToastAction(action, {
    onResult(result) {
      if (result.verificationRequired) setVerifying(true);
      if (result.key) setSecret(result.key);
    },
  });

  return (
    <>
      <form action={dispatch}>
        {Object.entries(fields).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        {button(pending)}
      </form>
      {verifying && (
        <VerifyEmailDialog
          open
          onOpenChange={setVerifying}
          email={email}
          purpose={purpose}
          onVerified={() => {
            setVerifying(false);
            startTransition(() => dispatch(formDataOf(fields)));
          }}
        />
      )}
      {secret && (
        <SecretDialog
          pair={secret}
          created={purpose === 'create'}
          onClose={() => setSecret(null)}
        />
      )}
    </>
  );
}
