'use client';

import { startTransition, useActionState, useState } from 'react';
import { toast } from 'sonner';
import { SubmitButton } from '@/components/submit-button';
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from '@/components/ui/alert-dialog';
import { Button } from '@/components/ui/button';
import type { AccessKeyStatus } from '@/db/schema';
import type { ActionState } from '@/lib/action-state';
import {
  deleteAccessKey,
  revealAccessKeySecret,
  setAccessKeyStatus,
  type SecretPair,
} from './actions';
import { ShowSecretDialog } from './show-secret-dialog';
import { VerifyEmailDialog } from './verify-email-dialog';

type Key = { id: number; accessKeyId: string; status: AccessKeyStatus };

/** Runs a server action and reports its outcome as a toast. */
function useToastAction(
  action: (previous: ActionState, formData: FormData) => Promise<ActionState>,
  onSuccess?: () => void,
) {
  return useActionState<ActionState, FormData>(async (previous, formData) => {
    const result = await action(previous, formData);
    if (result.error) toast.error(result.error);
    else if (result.success) {
      toast.success(result.success);
      onSuccess?.();
    }
    return result;
  }, {});
}

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
      <ShowSecretDialog revealed={revealed} onClose={() => setRevealed(null)} />
    </>
  );
}

export function DeleteButton({ accessKey }: { accessKey: Key }) {
  const [open, setOpen] = useState(false);
  const [, dispatch] = useToastAction(deleteAccessKey, () => setOpen(false));
  return (
    <AlertDialog open={open} onOpenChange={setOpen}>
      <AlertDialogTrigger asChild>
        <Button size="sm" variant="outline" className="text-destructive">
          Delete
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Delete AccessKey {accessKey.accessKeyId}?</AlertDialogTitle>
          <AlertDialogDescription>
            Programs that still use it are rejected for good, and its Secret cannot be recovered.
            Deleting frees one of the account&apos;s slots.
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <form action={dispatch}>
            <input type="hidden" name="id" value={accessKey.id} />
            <SubmitButton variant="destructive" pendingText="Deleting…">
              Delete
            </SubmitButton>
          </form>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
