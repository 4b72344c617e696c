'use client';

import { MoreHorizontal } from 'lucide-react';
import { startTransition, useState } from 'react';
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
import { Button, buttonVariants } from '@/components/ui/button';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { formDataOf, useToastAction } from '@/components/use-toast-action';
import type { Role } from '@/db/schema';
import {
  resetMfaAction,
  sendSetPasswordLinkAction,
  setAccountStatusAction,
  setUserRoleAction,
} from './actions';

export function UserActionsMenu({
  userId,
  email,
  role,
  disabled,
  isSelf,
}: {
  userId: number;
  email: string;
  role: Role;
  disabled: boolean;
  isSelf: boolean;
}) {
  const [confirming, setConfirming] = useState(false);
  const [confirmingDisable, setConfirmingDisable] = useState(false);
  const [confirmingReset, setConfirmingReset] = useState(false);
  const [, changeRoleDispatch, changingRole] = useToastAction(setUserRoleAction);
  const [, setStatusDispatch, settingStatus] = useToastAction(setAccountStatusAction);
  const [, sendLinkDispatch, sendingLink] = useToastAction(sendSetPasswordLinkAction);
  const [, resetMfaDispatch, resettingMfa] = useToastAction(resetMfaAction);
  const pending = changingRole || settingStatus || sendingLink || resettingMfa;
  const nextRole: Role = role === 'admin' ? 'member' : 'admin';
  const run = (dispatch: (formData: FormData) => void, fields: Record<string, string>) =>
    startTransition(() => dispatch(formDataOf({ userId: String(userId), ...fields })));

  const changeRole = () => run(changeRoleDispatch, { role: nextRole });
  const setDisabled = (next: boolean) => run(setStatusDispatch, { disabled: String(next) });
  const sendLink = () => run(sendLinkDispatch, {});

  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button
            variant="ghost"
            size="icon"
            disabled={pending}
            aria-label={`Actions for ${email}`}
          >
            <MoreHorizontal aria-hidden />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end">
          <DropdownMenuItem onSelect={() => setConfirming(true)}>
            {role === 'admin' ? 'Remove administrator role' : 'Make administrator'}
          </DropdownMenuItem>
          <DropdownMenuItem onSelect={sendLink}>Send set-password link</DropdownMenuItem>
          {!isSelf && (
            <DropdownMenuItem onSelect={() => setConfirmingReset(true)}>
              Reset two-step verification
            </DropdownMenuItem>
          )}
          {disabled ? (
            <DropdownMenuItem onSelect={() => setDisabled(false)}>Enable account</DropdownMenuItem>
          ) : (
            !isSelf && (
              <DropdownMenuItem variant="destructive" onSelect={() => setConfirmingDisable(true)}>
                Disable account
              </DropdownMenuItem>
            )
          )}
        </DropdownMenuContent>
      </DropdownMenu>
      <AlertDialog open={confirming} onOpenChange={setConfirming}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>
              {nextRole === 'admin' ? 'Make administrator?' : 'Remove administrator role?'}
            </AlertDialogTitle>
            <AlertDialogDescription>
              {nextRole === 'admin'
                ? `${email} will be able to manage every account, grant Programmatic Access and read the audit log.`
                : isSelf
                  ? 'You will lose access to the administration pages at once.'
                  : `${email} will no longer be able to manage accounts or read the audit log.`}
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>Cancel</AlertDialogCancel>
            <AlertDialogAction onClick={changeRole}>
              {nextRole === 'admin' ? 'Make administrator' : 'Remove administrator role'}
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
      <AlertDialog open={confirmingReset} onOpenChange={setConfirmingReset}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>Reset two-step verification?</AlertDialogTitle>
            <AlertDialogDescription>
              For a lost phone: the authenticator app, passkeys and recovery codes of {email} are
              removed, every open session of the account ends, and they are emailed. They sign in
              with their password alone until they set up a method again (at once, if the policy
              requires it).
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>Cancel</AlertDialogCancel>
            <AlertDialogAction
              className={buttonVariants({ variant: 'destructive' })}
              onClick={() => run(resetMfaDispatch, {})}
            >
              Reset two-step verification
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
      <AlertDialog open={confirmingDisable} onOpenChange={setConfirmingDisable}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>Disable account?</AlertDialogTitle>
            <AlertDialogDescription>
              {email} can no longer sign in, and every open session of the account ends at once.
              Every AccessKey of the account is rejected by the Open API. Nothing is deleted:
              enabling the account again restores sign-in and its AccessKeys.
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>Cancel</AlertDialogCancel>
            <AlertDialogAction
              className={buttonVariants({ variant: 'destructive' })}
              onClick={() => setDisabled(true)}
            >
              Disable account
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </>
  );
}
