'use client';

import { Download, TriangleAlert } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { toast } from 'sonner';
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
import { csvRow } from '@/lib/csv';
import type { SecretPair } from './actions';

/**
 * Built in the browser from the values just returned, so the Secret never travels again. Right
 * after Create it also holds the key's name, description and expiry. The header row stays in
 * English in every language, as the provider's CSV does, so scripts can read it.
 */
function downloadCsv(pair: SecretPair, downloaded: string) {
  const created = pair.name !== undefined;
  const csv =
    csvRow([
      'AccessKey ID',
      'AccessKey Secret',
      ...(created ? ['Name', 'Description', 'Expires (UTC)'] : []),
    ]) +
    csvRow([
      pair.accessKeyId,
      pair.secret,
      ...(created ? [pair.name, pair.description, pair.expiresAt ?? 'Never'] : []),
    ]);
  const { accessKeyId } = pair;
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `accesskey-${accessKeyId}.csv`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  toast.success(downloaded);
}

/** The one place a Secret is shown: right after Create, and after a verified Show. */
export function SecretDialog({
  pair,
  created,
  onClose,
}: {
  pair: SecretPair;
  created: boolean;
  onClose: () => void;
}) {
  const t = useTranslations();
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent
        className="sm:max-w-xl"
        closeLabel={t('common.closeDialog')}
        // A stray click outside must not throw away a Secret the user has not saved yet.
        onInteractOutside={(event) => event.preventDefault()}
      >
        <DialogHeader>
          <DialogTitle>
            {created ? t('secretDialog.createdTitle') : t('secretDialog.shownTitle')}
          </DialogTitle>
          <DialogDescription>
            {created ? t('secretDialog.createdDescription') : t('secretDialog.shownDescription')}
          </DialogDescription>
        </DialogHeader>
        <div className="grid gap-4">
          {pair.name && <p className="text-sm font-medium">{pair.name}</p>}
          <SecretField label={t('common.accessKeyId')} value={pair.accessKeyId} />
          <SecretField label={t('common.accessKeySecret')} value={pair.secret} secret />
          {created && (
            <p className="flex items-start gap-2 rounded-md border border-amber-500/40 bg-amber-500/10 px-3 py-2 text-sm text-amber-800 dark:text-amber-300">
              <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
              <span>{t('secretDialog.warning')}</span>
            </p>
          )}
        </div>
        <DialogFooter>
          <Button
            type="button"
            variant="outline"
            onClick={() => downloadCsv(pair, t('secretDialog.downloaded'))}
          >
            <Download aria-hidden /> {t('secretDialog.downloadCsv')}
          </Button>
          <DialogClose asChild>
            <Button type="button">{t('common.done')}</Button>
          </DialogClose>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
