'use client';

import { useTranslations } from 'next-intl';
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
  const t = useTranslations();
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
        aria-label={t('users.switchLabel', { email })}
        onCheckedChange={(checked) => (checked ? apply(true) : setConfirming(true))}
      />
      <AlertDialog open={confirming} onOpenChange={setConfirming}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>{t('users.revokeTitle')}</AlertDialogTitle>
            <AlertDialogDescription>
              {t('users.revokeBody', { email })}
              {accessKeyCount > 0 && ` ${t('users.revokeKeys', { count: accessKeyCount })}`}
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>{t('common.cancel')}</AlertDialogCancel>
            <AlertDialogAction
              className={buttonVariants({ variant: 'destructive' })}
              onClick={() => apply(false)}
            >
              {t('users.revokeConfirm')}
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </>
  );
}
