'use client';

import dynamic from 'next/dynamic';
import { startTransition, useActionState, useState } from 'react';
import { toast } from 'sonner';
import type { ActionState } from '@/lib/actions/action-state';
import type { AccessKeyActionState, SecretPair } from './actions';

const VerifyEmailDialog = dynamic(() =>
  import('./verify-email-dialog').then((m) => m.VerifyEmailDialog),
);

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
  renderSecret,
}: {
  action: (previous: ActionState, formData: FormData) => Promise<AccessKeyActionState>;
  fields: Record<string, string>;
  email: string;
  purpose: string;
  button: (pending: boolean) => React.ReactNode;
  renderSecret: (secret: SecretPair, close: () => void) => React.ReactNode;
}) {
  const [verifying, setVerifying] = useState(false);
  const [secret, setSecret] = useState<SecretPair | null>(null);
  const [, dispatch, pending] = useActionState<ActionState, FormData>(
    async (previous, formData) => {
      const result = await action(previous, formData);
      if (result.verificationRequired) setVerifying(true);
      else if (result.key) {
        setSecret(result.key);
        if (result.success) toast.success(result.success);
      } else if (result.error) toast.error(result.error);
      return {};
    },
    {},
  );

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
            const formData = new FormData();
            for (const [name, value] of Object.entries(fields)) formData.set(name, value);
            startTransition(() => dispatch(formData));
          }}
        />
      )}
      {secret && renderSecret(secret, () => setSecret(null))}
    </>
  );
}
