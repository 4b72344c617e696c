'use client';

import { TriangleAlert } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { SecretField } from '@/components/secret-field';
import { Button } from '@/components/ui/button';
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from '@/components/ui/dialog';
import { PREVIOUS_SECRET_TTL_HOURS } from '@/lib/products/secret-policy';
import type { SigningSecret } from './actions';

/** The one place a product signing secret is shown: right after Create and after Rotate. */
export function SigningSecretDialog({
  secret,
  onClose,
}: {
  secret: SigningSecret;
  onClose: () => void;
}) {
  const t = useTranslations();
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent
        className="sm:max-w-xl"
        closeLabel={t('common.closeDialog')}
        onInteractOutside={(event) => event.preventDefault()}
      >
        <DialogHeader>
          <DialogTitle>{t('adminProducts.secretTitle', { slug: secret.slug })}</DialogTitle>
          <DialogDescription>{t('adminProducts.secretDescription')}</DialogDescription>
        </DialogHeader>
        <SecretField label={t('adminProducts.secretLabel')} value={secret.signingSecret} secret />
        <p className="text-muted-foreground flex items-start gap-2 text-sm">
          <TriangleAlert className="mt-0.5 size-4 shrink-0 text-amber-600" aria-hidden />
          {t('adminProducts.secretWarning', { hours: PREVIOUS_SECRET_TTL_HOURS })}
        </p>
        <DialogFooter>
          <DialogClose asChild>
            <Button>{t('common.done')}</Button>
          </DialogClose>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
