'use client';

import { KeyRound, Loader2 } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useActionState, useState } from 'react';
import { FormMessage } from '@/components/form-message';
import { SubmitButton } from '@/components/submit-button';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import type { ActionState } from '@/lib/actions/action-state';
import { secondStepPasskeyOptionsAction, verifySecondStepAction } from '../actions';
import { usePasskeyAnswer } from '../passkey-ceremony';

export function SecondStepForm({
  hasApp,
  hasPasskey,
  callbackUrl,
}: {
  hasApp: boolean;
  hasPasskey: boolean;
  callbackUrl?: string;
}) {
  const t = useTranslations();
  const [state, dispatch, verifying] = useActionState<ActionState, FormData>(
    verifySecondStepAction,
    {},
  );
  const [mode, setMode] = useState<'app' | 'recovery'>(hasApp ? 'app' : 'recovery');
  const {
    ask: verifyWithPasskey,
    asking,
    problem,
  } = usePasskeyAnswer(secondStepPasskeyOptionsAction, dispatch, callbackUrl);

  return (
    <div className="grid gap-4">
      <form action={dispatch} className="grid gap-4">
        <input type="hidden" name="callbackUrl" value={callbackUrl ?? ''} />
        <div className="grid gap-2">
          <Label htmlFor="code">
            {mode === 'app' ? t('secondStep.appCode') : t('secondStep.recoveryCode')}
          </Label>
          <Input
            id="code"
            key={mode}
            name="code"
            autoComplete="one-time-code"
            inputMode={mode === 'app' ? 'numeric' : 'text'}
            placeholder={mode === 'app' ? '123456' : t('secondStep.recoveryCodePlaceholder')}
            maxLength={mode === 'app' ? 6 : 32}
            required
            autoFocus
          />
          <p className="text-muted-foreground text-xs">
            {mode === 'app' ? t('secondStep.appCodeHint') : t('secondStep.recoveryCodeHint')}
          </p>
        </div>
        <FormMessage state={problem ? { error: problem } : state} />
        <SubmitButton className="w-full" pendingText={t('secondStep.verifying')}>
          {t('secondStep.verify')}
        </SubmitButton>
      </form>
      {hasPasskey && (
        <Button
          type="button"
          variant="outline"
          onClick={verifyWithPasskey}
          disabled={asking || verifying}
        >
          {asking ? <Loader2 className="animate-spin" aria-hidden /> : <KeyRound aria-hidden />}
          {t('secondStep.usePasskey')}
        </Button>
      )}
      {hasApp && (
        <Button
          type="button"
          variant="link"
          onClick={() => setMode(mode === 'app' ? 'recovery' : 'app')}
        >
          {mode === 'app' ? t('secondStep.useRecoveryCode') : t('secondStep.useApp')}
        </Button>
      )}
    </div>
  );
}
