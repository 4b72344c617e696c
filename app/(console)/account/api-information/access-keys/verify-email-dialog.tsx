'use client';

import { MailCheck } from 'lucide-react';
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
import {
  sendVerificationCodeAction,
  verifyEmailCodeAction,
  type VerificationState,
} from './actions';

/**
 * Asks for a mailed code before Create or Show. Both forms share one state so the newest result,
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
  purpose: string;
  onVerified: () => void;
}) {
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
      <DialogContent className="sm:max-w-md">
        <DialogHeader>
          <DialogTitle className="flex items-center gap-2">
            <MailCheck className="text-primary size-5" aria-hidden /> Verify your email
          </DialogTitle>
          <DialogDescription>
            To {purpose}, confirm that you can read the mail of this account. We send a 6-digit code
            to <span className="text-foreground font-medium">{email}</span>. Once verified, Create
            and Show do not ask again for 20 minutes in this sign-in session.
          </DialogDescription>
        </DialogHeader>
        <form action={dispatch}>
          <input type="hidden" name="intent" value="send" />
          <SubmitButton variant="outline" pendingText="Sending…">
            Send code
          </SubmitButton>
        </form>
        <form action={dispatch} className="grid gap-3">
          <input type="hidden" name="intent" value="verify" />
          <div className="grid gap-2">
            <Label htmlFor="verification-code">Verification code</Label>
            <Input
              ref={codeInput}
              id="verification-code"
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="\d{6}"
              maxLength={6}
              placeholder="6 digits"
              required
              className="font-mono tracking-widest"
            />
          </div>
          <div className="min-h-10">
            <FormMessage state={state} />
          </div>
          <SubmitButton pendingText="Verifying…">Verify</SubmitButton>
        </form>
      </DialogContent>
    </Dialog>
  );
}
