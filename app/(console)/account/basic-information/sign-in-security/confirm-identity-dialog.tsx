'use client';

import { useTranslations } from 'next-intl';
import { useActionState, useEffect } from 'react';
import { FormMessage } from '@/components/form-message';
import { SubmitButton } from '@/components/submit-button';
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
import type { ActionState } from '@/lib/actions/action-state';

/**
 * Removing a method or replacing the recovery codes asks for the current password or a fresh
 * authenticator code first, so a session left open is not enough.
 */
export function ConfirmIdentityDialog<R extends ActionState>({
  title,
  description,
  submitLabel,
  action,
  fields = {},
  destructive = false,
  onDone,
  onClose,
}: {
  title: string;
  description: string;
  submitLabel: string;
  action: (previous: ActionState, formData: FormData) => Promise<R>;
  fields?: Record<string, string>;
  destructive?: boolean;
  onDone: (result: R) => void;
  onClose: () => void;
}) {
  const t = useTranslations('signInSecurity');
  const [state, dispatch] = useActionState<R | ActionState, FormData>(
    (previous, formData) => action(previous, formData),
    {},
  );
  useEffect(() => {
    if (state.success) onDone(state as R);
  }, [state, onDone]);
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
          <DialogDescription>{description}</DialogDescription>
        </DialogHeader>
        <form action={dispatch} className="grid gap-3">
          {Object.entries(fields).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <div className="grid gap-2">
            <Label htmlFor="confirmation">{t('confirmation')}</Label>
            <Input
              id="confirmation"
              name="confirmation"
              type="password"
              autoComplete="current-password"
              required
              autoFocus
            />
          </div>
          <FormMessage state={{ error: state.error }} />
          <DialogFooter>
            <SubmitButton
              variant={destructive ? 'destructive' : 'default'}
              pendingText={t('checking')}
            >
              {submitLabel}
            </SubmitButton>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
