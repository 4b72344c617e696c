'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
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
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { EXPIRY_DAYS } from '@/lib/access-keys/limits';
import type { ProductScope } from '@/lib/products/scope-label';
import { createAccessKeyAction, type SecretPair } from './actions';
import { fieldClass, KeyFields } from './key-fields';
import { scopeField } from './product-scope';
import { useVerifiedAction } from './use-verified-action';

const DAY_MS = 24 * 60 * 60 * 1000;

/** 'YYYY-MM-DD' `days` after the UTC day `day`. */
function addDays(day: string, days: number) {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The Create dialog: name, description, expiry and IP allow-list, then the email verification when
 * the session has none. Under a maximum lifetime only the choices within it are offered (the server
 * refuses the others anyway). The products the key opens are chosen in the menu beside Create.
 */
export function CreateAccessKeyDialog({
  email,
  maxLifetimeDays,
  today,
  scope,
  onClose,
  onCreated,
}: {
  email: string;
  maxLifetimeDays: number | null;
  today: string;
  scope: ProductScope;
  onClose: () => void;
  onCreated: (pair: SecretPair) => void;
}) {
  const t = useTranslations();
  const days = EXPIRY_DAYS.filter((count) => maxLifetimeDays === null || count <= maxLifetimeDays);
  const [expiresIn, setExpiresIn] = useState(
    maxLifetimeDays === null ? 'never' : days.length > 0 ? String(days.at(-1)) : 'date',
  );
  const latestDay = maxLifetimeDays === null ? undefined : addDays(today, maxLifetimeDays);
  const { dispatch, pending, verifyDialog } = useVerifiedAction(createAccessKeyAction, {
    email,
    purpose: 'create',
    onKey: onCreated,
  });
  return (
    <>
      <Dialog open onOpenChange={(open) => !open && onClose()}>
        <DialogContent className="sm:max-w-lg" closeLabel={t('common.closeDialog')}>
          <DialogHeader>
            <DialogTitle>{t('accessKeys.create')}</DialogTitle>
            <DialogDescription>{t('keyForm.createDescription')}</DialogDescription>
          </DialogHeader>
          <form action={dispatch} className="grid gap-4">
            <input type="hidden" name="products" value={scopeField(scope)} />
            <KeyFields />
            <div className="grid gap-2">
              <Label htmlFor="key-expires-in">{t('keyForm.expires')}</Label>
              <select
                id="key-expires-in"
                name="expiresIn"
                value={expiresIn}
                onChange={(event) => setExpiresIn(event.target.value)}
                aria-describedby="key-expiry-help"
                className={`${fieldClass} h-9 py-0`}
              >
                {maxLifetimeDays === null && <option value="never">{t('keyForm.never')}</option>}
                {days.map((count) => (
                  <option key={count} value={String(count)}>
                    {t('keyForm.inDays', { days: count })}
                  </option>
                ))}
                <option value="date">{t('keyForm.onDate')}</option>
              </select>
              {expiresIn === 'date' && (
                <>
                  <Label htmlFor="key-expires-on" className="sr-only">
                    {t('keyForm.expiryDate')}
                  </Label>
                  <Input
                    id="key-expires-on"
                    name="expiresOn"
                    type="date"
                    required
                    min={today}
                    max={latestDay}
                    aria-describedby="key-expiry-help"
                  />
                </>
              )}
              <p id="key-expiry-help" className="text-muted-foreground text-xs">
                {t('keyForm.expiryHelp')}
                {maxLifetimeDays !== null &&
                  ` ${t('keyForm.expiryMax', { days: maxLifetimeDays })}`}
              </p>
            </div>
            <DialogFooter>
              <Button type="button" variant="outline" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <SubmitButton pending={pending} pendingText={t('accessKeys.creating')}>
                {t('keyForm.create')}
              </SubmitButton>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>
      {verifyDialog}
    </>
  );
}
