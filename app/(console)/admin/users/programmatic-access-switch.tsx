'use client';

import { startTransition, useOptimistic, useState } from 'react';
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from '@/components/ui/alert-dialog';
import { buttonVariants } from '@/components/ui/button';
import { Switch } from '@/components/ui/switch';
import { formDataOf, useToastAction } from '@/components/use-toast-action';
import { setProgrammaticAccessAction } from './actions';

/**
 * Granting applies at once; revoking asks first because the account's keys stop working
 * immediately. The switch moves optimistically and falls back to the server's value on error.
 */
export function ProgrammaticAccessSwitch({
  userId,
  email,
  granted,
  accessKeyCount,
}: {
  userId: number;
  email: string;
  granted: boolean;
  accessKeyCount: number;
}) {
  const [optimistic, setOptimistic] = useOptimistic(granted);
  const [, dispatch, pending] = useToastAction(setProgrammaticAccessAction);
  const [confirming, setConfirming] = useState(false);

  function apply(enabled: boolean) {
    startTransition(() => {
      setOptimistic(enabled);
      dispatch(formDataOf({ userId: String(userId), enabled: String(enabled) }));
    });
  }

  return (
    <>
      <Switch
        checked={optimistic}
        disabled={pending}
        aria-label={`Programmatic Access for ${email}`}
        onCheckedChange={(checked) => (checked ? apply(true) : setConfirming(true))}
      />
      <AlertDialog open={confirming} onOpenChange={setConfirming}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>Revoke Programmatic Access?</AlertDialogTitle>
            <AlertDialogDescription>
              The AccessKeys of {email} stop working at once: every Open API call signed with them
              is refused until an administrator grants access again.
              {accessKeyCount > 0 &&
                ` The account has ${accessKeyCount} AccessKey${accessKeyCount === 1 ? '' : 's'}; they stay listed and work again when access is granted.`}
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>Cancel</AlertDialogCancel>
            <AlertDialogAction
              className={buttonVariants({ variant: 'destructive' })}
              onClick={() => apply(false)}
            >
              Revoke access
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </>
  );
}
