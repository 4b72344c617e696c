'use client';

import { Download } from 'lucide-react';
import { useFormatter, useTimeZone, useTranslations } from 'next-intl';
import { CopyButton } from '@/components/copy-button';
import { Button } from '@/components/ui/button';
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from '@/components/ui/dialog';

function download(codes: string[], heading: string[]) {
  const text = [...heading, '', ...codes, ''].join('\n');
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = 'accesskey-console-recovery-codes.txt';
  link.click();
  URL.revokeObjectURL(url);
}

/** Shown once, right after the codes are made: they exist nowhere else in clear. */
export function RecoveryCodesDialog({ codes, onClose }: { codes: string[]; onClose: () => void }) {
  const t = useTranslations('signInSecurity');
  const format = useFormatter();
  const timeZone = useTimeZone();
  const heading = () => [
    t('codesFileTitle'),
    t('codesFileGenerated', {
      date: format.dateTime(new Date(), 'dateTime'),
      timeZone: timeZone ?? 'UTC',
    }),
  ];
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{t('codesDialogTitle')}</DialogTitle>
          <DialogDescription>{t('codesDialogDescription')}</DialogDescription>
        </DialogHeader>
        <ol
          aria-label={t('recoveryTitle')}
          className="bg-muted grid grid-cols-2 gap-x-6 gap-y-1 rounded-md p-4 font-mono text-sm"
        >
          {codes.map((code) => (
            <li key={code}>{code}</li>
          ))}
        </ol>
        <DialogFooter className="gap-2 sm:justify-between">
          <div className="flex gap-2">
            <CopyButton value={codes.join('\n')} label={t('codesCopyLabel')} />
            <Button type="button" variant="outline" onClick={() => download(codes, heading())}>
              <Download aria-hidden /> {t('download')}
            </Button>
          </div>
          <Button type="button" onClick={onClose}>
            {t('codesSaved')}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
