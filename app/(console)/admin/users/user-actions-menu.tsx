'use client';

import { MoreHorizontal } from 'lucide-react';
import { useState, useTransition } from 'react';
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
import { Button } from '@/components/ui/button';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import type { Role } from '@/db/schema';
import { sendSetPasswordLink, setUserRole, type AdminActionState } from './actions';

function toastResult(result: AdminActionState) {
  if (result.error) toast.error(result.error);
  else if (result.success) toast.success(result.success);
}

export function UserActionsMenu({
  userId,
  email,
  role,
  isSelf,
}: {
  userId: number;
  email: string;
  role: Role;
  isSelf: boolean;
}) {
  const [confirming, setConfirming] = useState(false);
  const [pending, startTransition] = useTransition();
  const nextRole: Role = role === 'admin' ? 'member' : 'admin';

  function changeRole() {
    startTransition(async () => {
      const formData = new FormData();
      formData.set('userId', String(userId));
      formData.set('role', nextRole);
      toastResult(await setUserRole({}, formData));
    });
  }

  function sendLink() {
    startTransition(async () => {
      const formData = new FormData();
      formData.set('userId', String(userId));
      toastResult(await sendSetPasswordLink({}, formData));
    });
  }

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
    </>
  );
}
