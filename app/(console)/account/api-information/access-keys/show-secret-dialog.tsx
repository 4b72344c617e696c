'use client';

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
import type { SecretPair } from './actions';

export function ShowSecretDialog({
  revealed,
  onClose,
}: {
  revealed: SecretPair;
  onClose: () => void;
}) {
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="sm:max-w-xl">
        <DialogHeader>
          <DialogTitle>AccessKey Secret</DialogTitle>
          <DialogDescription>
            The Secret of <span className="text-foreground font-mono">{revealed.accessKeyId}</span>.
            Keep it out of source code, chats and tickets.
          </DialogDescription>
        </DialogHeader>
        <SecretField label="AccessKey Secret" value={revealed.secret} secret />
        <DialogFooter>
          <DialogClose asChild>
            <Button type="button">Done</Button>
          </DialogClose>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
