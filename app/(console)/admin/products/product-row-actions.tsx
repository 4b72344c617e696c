'use client';

import { useTranslations } from 'next-intl';
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
import { PREVIOUS_SECRET_TTL_HOURS } from '@/lib/products/secret-policy';
import {
  deleteProductAction,
  rotateProductSigningSecretAction,
  setProductEnabledAction,
  type SigningSecret,
} from './actions';
import { SigningSecretDialog } from './signing-secret-dialog';

export function ProductEnabledSwitch({ slug, enabled }: { slug: string; enabled: boolean }) {
  const t = useTranslations('adminProducts');
  const [optimistic, setOptimistic] = useOptimistic(enabled);
  const [, dispatch, pending] = useToastAction(setProductEnabledAction);
  return (
    <Switch
      checked={optimistic}
      disabled={pending}
      aria-label={t('switchLabel', { slug })}
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
  const t = useTranslations();
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
        {t('adminProducts.rotate')}
      </Button>
      <AlertDialog open={confirming} onOpenChange={setConfirming}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>{t('adminProducts.rotateTitle', { slug })}</AlertDialogTitle>
            <AlertDialogDescription>
              {t('adminProducts.rotateBody', { hours: PREVIOUS_SECRET_TTL_HOURS })}
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>{t('common.cancel')}</AlertDialogCancel>
            <form action={dispatch}>
              <input type="hidden" name="slug" value={slug} />
              <SubmitButton pendingText={t('adminProducts.rotating')}>
                {t('adminProducts.rotateConfirm')}
              </SubmitButton>
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
  const t = useTranslations();
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
        {t('adminProducts.delete')}
      </Button>
      <AlertDialog open={open} onOpenChange={setOpen}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>{t('adminProducts.deleteTitle', { slug })}</AlertDialogTitle>
            <AlertDialogDescription>
              {scopedKeyCount > 0
                ? t('adminProducts.deleteBlocked', { count: scopedKeyCount })
                : t('adminProducts.deleteBody')}
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>{t('common.cancel')}</AlertDialogCancel>
            <form action={dispatch}>
              <input type="hidden" name="slug" value={slug} />
              <SubmitButton variant="destructive" pendingText={t('adminProducts.deleting')}>
                {t('adminProducts.delete')}
              </SubmitButton>
            </form>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </>
  );
}
