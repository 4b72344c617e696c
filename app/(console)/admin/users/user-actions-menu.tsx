'use client';

import { MoreHorizontal } from 'lucide-react';
import { useTranslations } from 'next-intl';
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
  const t = useTranslations();
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
            aria-label={t('users.actionsFor', { email })}
          >
            <MoreHorizontal aria-hidden />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end">
          <DropdownMenuItem onSelect={() => setConfirming(true)}>
            {role === 'admin' ? t('users.removeAdmin') : t('users.makeAdmin')}
          </DropdownMenuItem>
          <DropdownMenuItem onSelect={sendLink}>{t('users.sendLink')}</DropdownMenuItem>
          {!isSelf && (
            <DropdownMenuItem onSelect={() => setConfirmingReset(true)}>
              {t('users.resetMfa')}
            </DropdownMenuItem>
          )}
          {disabled ? (
            <DropdownMenuItem onSelect={() => setDisabled(false)}>
              {t('users.enableAccount')}
            </DropdownMenuItem>
          ) : (
            !isSelf && (
              <DropdownMenuItem variant="destructive" onSelect={() => setConfirmingDisable(true)}>
                {t('users.disableAccount')}
              </DropdownMenuItem>
            )
          )}
        </DropdownMenuContent>
      </DropdownMenu>
      <AlertDialog open={confirming} onOpenChange={setConfirming}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>
              {nextRole === 'admin' ? t('users.makeAdminTitle') : t('users.removeAdminTitle')}
            </AlertDialogTitle>
            <AlertDialogDescription>
              {nextRole === 'admin'
                ? t('users.makeAdminBody', { email })
                : isSelf
                  ? t('users.removeAdminSelfBody')
                  : t('users.removeAdminBody', { email })}
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>{t('common.cancel')}</AlertDialogCancel>
            <AlertDialogAction onClick={changeRole}>
              {nextRole === 'admin' ? t('users.makeAdmin') : t('users.removeAdmin')}
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
      <AlertDialog open={confirmingReset} onOpenChange={setConfirmingReset}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>{t('users.resetMfaTitle')}</AlertDialogTitle>
            <AlertDialogDescription>{t('users.resetMfaBody', { email })}</AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>{t('common.cancel')}</AlertDialogCancel>
            <AlertDialogAction
              className={buttonVariants({ variant: 'destructive' })}
              onClick={() => run(resetMfaDispatch, {})}
            >
              {t('users.resetMfa')}
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
      <AlertDialog open={confirmingDisable} onOpenChange={setConfirmingDisable}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>{t('users.disableTitle')}</AlertDialogTitle>
            <AlertDialogDescription>{t('users.disableBody', { email })}</AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>{t('common.cancel')}</AlertDialogCancel>
            <AlertDialogAction
              className={buttonVariants({ variant: 'destructive' })}
              onClick={() => setDisabled(true)}
            >
              {t('users.disableAccount')}
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </>
  );
}
