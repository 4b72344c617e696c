'use client';

import type { ActionState } from '@/lib/actions/action-state';
import { useOptimistic, useState, useTransition } from 'react';
import { toast } from 'sonner';
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
  const [pending, startTransition] = useTransition();
  const [confirming, setConfirming] = useState(false);

  function apply(enabled: boolean) {
    startTransition(async () => {
      setOptimistic(enabled);
      const formData = new FormData();
      formData.set('userId', String(userId));
      formData.set('enabled', String(enabled));
      const result: ActionState = await setProgrammaticAccessAction({}, formData);
      if (result.error) toast.error(result.error);
      else if (result.success) toast.success(result.success);
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
