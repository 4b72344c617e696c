'use client';

import { TriangleAlert } from 'lucide-react';
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
import type { SigningSecret } from './actions';

/** The one place a product signing secret is shown: right after Create and after Rotate. */
export function SigningSecretDialog({
  secret,
  onClose,
}: {
  secret: SigningSecret;
  onClose: () => void;
}) {
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="sm:max-w-xl" onInteractOutside={(event) => event.preventDefault()}>
        <DialogHeader>
          <DialogTitle>Gateway signing secret of {secret.slug}</DialogTitle>
          <DialogDescription>
            Give it to the product&apos;s upstream, which checks X-Gateway-Signature with it (see
            the README). It is shown this once.
          </DialogDescription>
        </DialogHeader>
        <SecretField label="Signing secret" value={secret.signingSecret} secret />
        <p className="text-muted-foreground flex items-start gap-2 text-sm">
          <TriangleAlert className="mt-0.5 size-4 shrink-0 text-amber-600" aria-hidden />
          After a rotation the previous secret keeps signing beside this one for 24 hours, so switch
          the upstream within that time.
        </p>
        <DialogFooter>
          <DialogClose asChild>
            <Button>Done</Button>
          </DialogClose>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
