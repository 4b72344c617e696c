'use client';

import { useTranslations } from 'next-intl';
import { SubmitButton } from '@/components/submit-button';
import { Button } from '@/components/ui/button';
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from '@/components/ui/dialog';
import { updateAccessKeyAction } from './actions';
import { KeyFields } from './key-fields';
import { useVerifiedAction } from './use-verified-action';

export type EditableKey = {
  id: number;
  accessKeyId: string;
  name: string | null;
  description: string | null;
  allowedIps: string[];
};

/** Name, description and IP allow-list of one key; widening the list asks for the email first. */
export function EditAccessKeyDialog({
  accessKey,
  email,
  onClose,
}: {
  accessKey: EditableKey;
  email: string;
  onClose: () => void;
}) {
  const t = useTranslations();
  const { dispatch, pending, verifyDialog } = useVerifiedAction(updateAccessKeyAction, {
    email,
    purpose: 'widen',
    onSuccess: onClose,
  });
  return (
    <>
      <Dialog open onOpenChange={(open) => !open && onClose()}>
        <DialogContent className="sm:max-w-lg" closeLabel={t('common.closeDialog')}>
          <DialogHeader>
            <DialogTitle>
              {t('keyForm.editTitle', { accessKeyId: accessKey.accessKeyId })}
            </DialogTitle>
            <DialogDescription>{t('keyForm.editDescription')}</DialogDescription>
          </DialogHeader>
          <form action={dispatch} className="grid gap-4">
            <input type="hidden" name="id" value={accessKey.id} />
            <KeyFields defaults={accessKey} />
            <DialogFooter>
              <Button type="button" variant="outline" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <SubmitButton pending={pending} pendingText={t('keyForm.saving')}>
                {t('keyForm.save')}
              </SubmitButton>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>
      {verifyDialog}
    </>
  );
}
