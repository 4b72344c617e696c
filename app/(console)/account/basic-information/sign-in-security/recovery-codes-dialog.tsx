'use client';

import { Download } from 'lucide-react';
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

function download(codes: string[]) {
  const text = [
    'AccessKey Console recovery codes',
    `Generated ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC. Each code works once.`,
    '',
    ...codes,
    '',
  ].join('\n');
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = 'accesskey-console-recovery-codes.txt';
  link.click();
  URL.revokeObjectURL(url);
}

/** Shown once, right after the codes are made: they exist nowhere else in clear. */
export function RecoveryCodesDialog({ codes, onClose }: { codes: string[]; onClose: () => void }) {
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Save your recovery codes</DialogTitle>
          <DialogDescription>
            If you lose your authenticator app and passkeys, each of these codes signs you in once.
            They are shown only now: copy or download them and keep them somewhere safe.
          </DialogDescription>
        </DialogHeader>
        <ol
          aria-label="Recovery codes"
          className="bg-muted grid grid-cols-2 gap-x-6 gap-y-1 rounded-md p-4 font-mono text-sm"
        >
          {codes.map((code) => (
            <li key={code}>{code}</li>
          ))}
        </ol>
        <DialogFooter className="gap-2 sm:justify-between">
          <div className="flex gap-2">
            <CopyButton value={codes.join('\n')} label="recovery codes" />
            <Button type="button" variant="outline" onClick={() => download(codes)}>
              <Download aria-hidden /> Download
            </Button>
          </div>
          <Button type="button" onClick={onClose}>
            I have saved them
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
