'use client';

import { MailCheck } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useActionState, useRef } from 'react';
import { FormMessage } from '@/components/form-message';
import { SubmitButton } from '@/components/submit-button';
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
} from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { CODE_LENGTH, VERIFICATION_WINDOW_MS } from '@/lib/access-keys/verification-policy';
import {
  sendVerificationCodeAction,
  verifyEmailCodeAction,
  type VerificationState,
} from './actions';

/**
 * Asks for a mailed code before Create, Show, or letting a key open more products. Both forms share one state so the newest result,
 * from either button, is the one message shown.
 */
export function VerifyEmailDialog({
  open,
  onOpenChange,
  email,
  purpose,
  onVerified,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  email: string;
  purpose: 'create' | 'show' | 'widen' | 'scope';
  onVerified: () => void;
}) {
  const t = useTranslations();
  const codeInput = useRef<HTMLInputElement>(null);
  const [state, dispatch] = useActionState<VerificationState, FormData>(
    async (previous, formData) => {
      if (formData.get('intent') === 'send') {
        const result = await sendVerificationCodeAction(previous, formData);
        if (result.success) codeInput.current?.focus();
        return result;
      }
      const result = await verifyEmailCodeAction(previous, formData);
      if ('verified' in result && result.verified) onVerified();
      return result;
    },
    {},
  );

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-md" closeLabel={t('common.closeDialog')}>
        <DialogHeader>
          <DialogTitle className="flex items-center gap-2">
            <MailCheck className="text-primary size-5" aria-hidden /> {t('verification.title')}
          </DialogTitle>
          <DialogDescription>
            {t.rich('verification.description', {
              purpose,
              email,
              length: CODE_LENGTH,
              minutes: VERIFICATION_WINDOW_MS / 60_000,
              strong: (chunks) => <span className="text-foreground font-medium">{chunks}</span>,
            })}
          </DialogDescription>
        </DialogHeader>
        <form action={dispatch}>
          <input type="hidden" name="intent" value="send" />
          <SubmitButton variant="outline" pendingText={t('verification.sending')}>
            {t('verification.send')}
          </SubmitButton>
        </form>
        <form action={dispatch} className="grid gap-3">
          <input type="hidden" name="intent" value="verify" />
          <div className="grid gap-2">
            <Label htmlFor="verification-code">{t('verification.codeLabel')}</Label>
            <Input
              ref={codeInput}
              id="verification-code"
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern={`\\d{${CODE_LENGTH}}`}
              maxLength={CODE_LENGTH}
              placeholder={t('verification.codePlaceholder', { length: CODE_LENGTH })}
              required
              className="font-mono tracking-widest"
            />
          </div>
          <div className="min-h-10">
            <FormMessage state={state} />
          </div>
          <SubmitButton pendingText={t('verification.verifying')}>
            {t('verification.verify')}
          </SubmitButton>
        </form>
      </DialogContent>
    </Dialog>
  );
}
