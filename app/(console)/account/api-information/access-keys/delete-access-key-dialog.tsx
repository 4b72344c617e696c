'use client';

import { useTranslations } from 'next-intl';
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
  const t = useTranslations();
  const [, dispatch] = useToastAction(deleteAccessKeyAction, { onSuccess: onClose });
  return (
    <AlertDialog open onOpenChange={(open) => !open && onClose()}>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>
            {t('accessKeys.deleteTitle', { accessKeyId: accessKey.accessKeyId })}
          </AlertDialogTitle>
          <AlertDialogDescription>{t('accessKeys.deleteBody')}</AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel>{t('common.cancel')}</AlertDialogCancel>
          <form action={dispatch}>
            <input type="hidden" name="id" value={accessKey.id} />
            <SubmitButton variant="destructive" pendingText={t('accessKeys.deleting')}>
              {t('accessKeys.delete')}
            </SubmitButton>
          </form>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
