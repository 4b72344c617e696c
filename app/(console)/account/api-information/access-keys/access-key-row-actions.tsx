'use client';

import dynamic from 'next/dynamic';
import { startTransition, useActionState, useRef, useState } from 'react';
import { toast } from 'sonner';
import { SubmitButton } from '@/components/submit-button';
import { Button } from '@/components/ui/button';
import type { AccessKeyStatus } from '@/db/schema';
import type { ActionState } from '@/lib/action-state';
import { useToastAction } from './use-toast-action';
import { revealAccessKeySecret, setAccessKeyStatus, type SecretPair } from './actions';

// Dialogs load when first opened, so the page's first load carries only the table and buttons.
const VerifyEmailDialog = dynamic(() =>
  import('./verify-email-dialog').then((m) => m.VerifyEmailDialog),
);
const ShowSecretDialog = dynamic(() =>
  import('./show-secret-dialog').then((m) => m.ShowSecretDialog),
);
const DeleteAccessKeyDialog = dynamic(() =>
  import('./delete-access-key-dialog').then((m) => m.DeleteAccessKeyDialog),
);

type Key = { id: number; accessKeyId: string; status: AccessKeyStatus };

export function StatusButton({ accessKey, canEnable }: { accessKey: Key; canEnable: boolean }) {
  const [, dispatch] = useToastAction(setAccessKeyStatus);
  const next = accessKey.status === 'enabled' ? 'disabled' : 'enabled';
  return (
    <form action={dispatch}>
      <input type="hidden" name="id" value={accessKey.id} />
      <input type="hidden" name="status" value={next} />
      <SubmitButton
        size="sm"
        variant="outline"
        className="w-20"
        disabled={next === 'enabled' && !canEnable}
      >
        {next === 'enabled' ? 'Enable' : 'Disable'}
      </SubmitButton>
    </form>
  );
}

export function ShowSecretButton({
  accessKey,
  email,
  disabled,
}: {
  accessKey: Key;
  email: string;
  disabled: boolean;
}) {
  const [verifying, setVerifying] = useState(false);
  const [revealed, setRevealed] = useState<SecretPair | null>(null);
  const [, dispatch, pending] = useActionState<ActionState, FormData>(
    async (previous, formData) => {
      const result = await revealAccessKeySecret(previous, formData);
      if ('verificationRequired' in result && result.verificationRequired) setVerifying(true);
      else if ('key' in result && result.key) setRevealed(result.key);
      else if (result.error) toast.error(result.error);
      return {};
    },
    {},
  );
  const retry = () => {
    const formData = new FormData();
    formData.set('id', String(accessKey.id));
    startTransition(() => dispatch(formData));
  };

  return (
    <>
      <form action={dispatch}>
        <input type="hidden" name="id" value={accessKey.id} />
        <SubmitButton size="sm" variant="outline" pending={pending} disabled={disabled}>
          Show
        </SubmitButton>
      </form>
      {verifying && (
        <VerifyEmailDialog
          open
          onOpenChange={setVerifying}
          email={email}
          purpose="show an AccessKey Secret"
          onVerified={() => {
            setVerifying(false);
            retry();
          }}
        />
      )}
      {revealed && <ShowSecretDialog revealed={revealed} onClose={() => setRevealed(null)} />}
    </>
  );
}

export function DeleteButton({ accessKey }: { accessKey: Key }) {
  const [open, setOpen] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  return (
    <>
      <Button
        ref={trigger}
        size="sm"
        variant="outline"
        className="text-destructive"
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
      >
        Delete
      </Button>
      {open && (
        <DeleteAccessKeyDialog
          accessKey={accessKey}
          onClose={() => {
            setOpen(false);
            trigger.current?.focus();
          }}
        />
      )}
    </>
  );
}
