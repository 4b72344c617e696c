'use client';

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
import { useToastAction } from '@/components/use-toast-action';
import { deleteAccessKeyAction } from './actions';

export function DeleteAccessKeyDialog({
  accessKey,
  onClose,
}: {
  accessKey: { id: number; accessKeyId: string };
  onClose: () => void;
}) {
  const [, dispatch] = useToastAction(deleteAccessKeyAction, { onSuccess: onClose });
  return (
    <AlertDialog open onOpenChange={(open) => !open && onClose()}>
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
