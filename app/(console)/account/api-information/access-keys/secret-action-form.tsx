'use client';

import dynamic from 'next/dynamic';
import { useState } from 'react';
import type { ActionState } from '@/lib/actions/action-state';
import type { AccessKeyActionState, SecretPair } from './actions';
import { useVerifiedAction } from './use-verified-action';

// Loaded when first opened, so the page's first load carries only the table and buttons.
const SecretDialog = dynamic(() => import('./secret-dialog').then((m) => m.SecretDialog));

/**
 * A one-button form for an action that returns a Secret (Show): when the server asks for email
 * verification it opens the verification dialog and, once verified, sends the same form again.
 * The Secret is kept in component state only, never in the kept action state.
 */
export function SecretActionForm({
  action,
  fields,
  email,
  button,
}: {
  action: (previous: ActionState, formData: FormData) => Promise<AccessKeyActionState>;
  fields: Record<string, string>;
  email: string;
  button: (pending: boolean) => React.ReactNode;
}) {
  const [secret, setSecret] = useState<SecretPair | null>(null);
  const { dispatch, pending, verifyDialog } = useVerifiedAction(action, {
    email,
    purpose: 'show',
    onKey: setSecret,
  });

  return (
    <>
      <form action={dispatch}>
        {Object.entries(fields).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        {button(pending)}
      </form>
      {verifyDialog}
      {secret && <SecretDialog pair={secret} created={false} onClose={() => setSecret(null)} />}
    </>
  );
}
