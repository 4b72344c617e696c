'use client';

import { startTransition, useOptimistic, useState } from 'react';
import { SubmitButton } from '@/components/submit-button';
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from '@/components/ui/alert-dialog';
import { Button } from '@/components/ui/button';
import { Switch } from '@/components/ui/switch';
import { formDataOf, useToastAction } from '@/components/use-toast-action';
import {
  deleteProductAction,
  rotateProductSigningSecretAction,
  setProductEnabledAction,
  type SigningSecret,
} from './actions';
import { SigningSecretDialog } from './signing-secret-dialog';

export function ProductEnabledSwitch({ slug, enabled }: { slug: string; enabled: boolean }) {
  const [optimistic, setOptimistic] = useOptimistic(enabled);
  const [, dispatch, pending] = useToastAction(setProductEnabledAction);
  return (
    <Switch
      checked={optimistic}
      disabled={pending}
      aria-label={`${slug} enabled`}
      onCheckedChange={(checked) =>
        startTransition(() => {
          setOptimistic(checked);
          dispatch(formDataOf({ slug, enabled: String(checked) }));
        })
      }
    />
  );
}

export function RotateSecretButton({ slug }: { slug: string }) {
  const [confirming, setConfirming] = useState(false);
  const [secret, setSecret] = useState<SigningSecret | null>(null);
  const [, dispatch] = useToastAction(rotateProductSigningSecretAction, {
    onResult(result) {
      if ('secret' in result && result.secret) setSecret(result.secret);
      setConfirming(false);
    },
  });
  return (
    <>
      <Button
        size="sm"
        variant="outline"
        aria-haspopup="dialog"
        onClick={() => setConfirming(true)}
      >
        Rotate secret
      </Button>
      <AlertDialog open={confirming} onOpenChange={setConfirming}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>Rotate the signing secret of {slug}?</AlertDialogTitle>
            <AlertDialogDescription>
              The gateway signs with a new secret from now on, and with the current one too for 24
              hours, so the upstream can switch without refusing calls.
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>Cancel</AlertDialogCancel>
            <form action={dispatch}>
              <input type="hidden" name="slug" value={slug} />
              <SubmitButton pendingText="Rotating…">Rotate</SubmitButton>
            </form>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
      {secret && <SigningSecretDialog secret={secret} onClose={() => setSecret(null)} />}
    </>
  );
}

export function DeleteProductButton({
  slug,
  scopedKeyCount,
}: {
  slug: string;
  scopedKeyCount: number;
}) {
  const [open, setOpen] = useState(false);
  const [, dispatch] = useToastAction(deleteProductAction, { onSuccess: () => setOpen(false) });
  return (
    <>
      <Button
        size="sm"
        variant="outline"
        className="text-destructive"
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
      >
        Delete
      </Button>
      <AlertDialog open={open} onOpenChange={setOpen}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>Delete product {slug}?</AlertDialogTitle>
            <AlertDialogDescription>
              {scopedKeyCount > 0
                ? `${scopedKeyCount} AccessKey${scopedKeyCount === 1 ? ' is' : 's are'} scoped to it, so it cannot be deleted; disable it instead.`
                : 'Calls to it are refused from now on, and its signing secret is gone for good.'}
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>Cancel</AlertDialogCancel>
            <form action={dispatch}>
              <input type="hidden" name="slug" value={slug} />
              <SubmitButton variant="destructive" pendingText="Deleting…">
                Delete
              </SubmitButton>
            </form>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </>
  );
}
