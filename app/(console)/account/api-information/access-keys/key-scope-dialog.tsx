'use client';

import dynamic from 'next/dynamic';
import { useTranslations } from 'next-intl';
import { startTransition, useState } from 'react';
import { SubmitButton } from '@/components/submit-button';
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from '@/components/ui/dialog';
import { formDataOf, useToastAction } from '@/components/use-toast-action';
import type { ProductChoice, ProductScope } from '@/lib/products/scope-label';
import { setAccessKeyScopeAction } from './actions';
import { scopeField, toggled } from './product-scope';

const VerifyEmailDialog = dynamic(() =>
  import('./verify-email-dialog').then((m) => m.VerifyEmailDialog),
);

/**
 * On a key's row: change which products it opens. Opening more asks for the email verification
 * first (the server says so), then saves the same choice again; opening fewer saves at once.
 */
export function KeyScopeDialog({
  accessKey,
  products,
  email,
  onDone,
}: {
  accessKey: { id: number; accessKeyId: string; products: ProductScope };
  products: readonly ProductChoice[];
  email: string;
  onDone: () => void;
}) {
  const t = useTranslations();
  const [open, setOpen] = useState(true);
  const [verifying, setVerifying] = useState(false);
  const [scope, setScope] = useState<ProductScope>(accessKey.products);
  // A product the key opens may since have been disabled: it stays listed while it is chosen.
  const listed = [
    ...products,
    ...(accessKey.products === 'all' ? [] : accessKey.products)
      .filter((slug) => !products.some((p) => p.slug === slug))
      .map((slug) => ({ slug, name: slug })),
  ];
  const fields = { id: String(accessKey.id), products: scopeField(scope) };
  const [, dispatch, pending] = useToastAction(setAccessKeyScopeAction, {
    onResult(result) {
      // One dialog at a time: the choice is kept and saved again once the email is verified.
      if ('verificationRequired' in result && result.verificationRequired) {
        setOpen(false);
        setVerifying(true);
      }
    },
    onSuccess: onDone,
  });
  return (
    <>
      <Dialog open={open} onOpenChange={(next) => !next && onDone()}>
        <DialogContent closeLabel={t('common.closeDialog')}>
          <DialogHeader>
            <DialogTitle>{t('keyScope.title', { accessKeyId: accessKey.accessKeyId })}</DialogTitle>
            <DialogDescription>{t('keyScope.description')}</DialogDescription>
          </DialogHeader>
          <form action={dispatch} className="grid gap-4">
            <input type="hidden" name="id" value={fields.id} />
            <input type="hidden" name="products" value={fields.products} />
            <fieldset className="grid gap-2">
              <legend className="sr-only">{t('keyScope.legend')}</legend>
              <label className="flex items-center gap-2 text-sm">
                <input
                  type="radio"
                  name="scope-kind"
                  checked={scope === 'all'}
                  onChange={() => setScope('all')}
                />
                {t('keyScope.all')}
              </label>
              <label className="flex items-center gap-2 text-sm">
                <input
                  type="radio"
                  name="scope-kind"
                  checked={scope !== 'all'}
                  disabled={listed.length === 0}
                  onChange={() => setScope(listed.length > 0 ? [listed[0].slug] : 'all')}
                />
                {t('keyScope.chosen')}
              </label>
              <div className="ml-6 grid max-h-64 gap-1 overflow-y-auto pr-1">
                {listed.map((product) => (
                  <label key={product.slug} className="flex items-center gap-2 text-sm">
                    <input
                      type="checkbox"
                      checked={scope !== 'all' && scope.includes(product.slug)}
                      onChange={() => setScope(toggled(scope, product.slug))}
                    />
                    {product.name}
                    <span className="text-muted-foreground font-mono text-xs">{product.slug}</span>
                  </label>
                ))}
              </div>
            </fieldset>
            <DialogFooter>
              <SubmitButton pending={pending} pendingText={t('keyScope.saving')}>
                {t('keyScope.save')}
              </SubmitButton>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>
      {verifying && (
        <VerifyEmailDialog
          open
          onOpenChange={(next) => !next && onDone()}
          email={email}
          purpose="scope"
          onVerified={() => {
            setVerifying(false);
            startTransition(() => dispatch(formDataOf(fields)));
          }}
        />
      )}
    </>
  );
}
