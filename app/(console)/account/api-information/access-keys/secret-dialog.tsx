'use client';

import { Download, TriangleAlert } from 'lucide-react';
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
 * after Create it also holds the key's name, description and expiry.
 */
function downloadCsv(pair: SecretPair) {
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
  toast.success('The CSV file with the AccessKey was downloaded.');
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
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent
        className="sm:max-w-xl"
        // A stray click outside must not throw away a Secret the user has not saved yet.
        onInteractOutside={(event) => event.preventDefault()}
      >
        <DialogHeader>
          <DialogTitle>{created ? 'AccessKey created' : 'AccessKey Secret'}</DialogTitle>
          <DialogDescription>
            {created
              ? "Save the AccessKey Secret now, in a password manager or your program's secret store."
              : 'Keep the Secret out of source code, chats and tickets.'}
          </DialogDescription>
        </DialogHeader>
        <div className="grid gap-4">
          {pair.name && <p className="text-sm font-medium">{pair.name}</p>}
          <SecretField label="AccessKey ID" value={pair.accessKeyId} />
          <SecretField label="AccessKey Secret" value={pair.secret} secret />
          {created && (
            <p className="flex items-start gap-2 rounded-md border border-amber-500/40 bg-amber-500/10 px-3 py-2 text-sm text-amber-800 dark:text-amber-300">
              <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
              <span>
                After you close this dialog, the Secret can be shown again only after you verify
                your email. Anyone who has it can call the Open API as your account.
              </span>
            </p>
          )}
        </div>
        <DialogFooter>
          <Button type="button" variant="outline" onClick={() => downloadCsv(pair)}>
            <Download aria-hidden /> Download CSV
          </Button>
          <DialogClose asChild>
            <Button type="button">Done</Button>
          </DialogClose>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
