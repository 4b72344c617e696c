'use client';

import { KeyRound, Loader2 } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { startTransition, useActionState, useState } from 'react';
import { FormMessage } from '@/components/form-message';
import { Button } from '@/components/ui/button';
import type { ActionState } from '@/lib/actions/action-state';
import { formDataOf } from '@/components/use-toast-action';
import { passkeySignInOptionsAction, signInWithPasskeyAction } from './actions';
import { answerWithPasskey } from './passkey-ceremony';

/** A passkey alone: the browser offers the console's passkeys and the chosen one names the account. */
export function PasskeySignInButton({ callbackUrl }: { callbackUrl?: string }) {
  const t = useTranslations();
  const [state, dispatch, signingIn] = useActionState<ActionState, FormData>(
    signInWithPasskeyAction,
    {},
  );
  const [asking, setAsking] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function signInWithPasskey() {
    setProblem(null);
    setAsking(true);
    try {
      const { options } = await passkeySignInOptionsAction();
      if (!options) return;
      const answer = await answerWithPasskey(options);
      if ('problem' in answer) return setProblem(t(`passkeyPrompt.${answer.problem}`));
      startTransition(() =>
        dispatch(formDataOf({ passkey: answer.json, callbackUrl: callbackUrl ?? '' })),
      );
    } finally {
      setAsking(false);
    }
  }

  const pending = asking || signingIn;
  return (
    <div className="grid gap-3">
      {(problem || state.error) && <FormMessage state={{ error: problem ?? state.error }} />}
      <Button type="button" variant="outline" onClick={signInWithPasskey} disabled={pending}>
        {pending ? <Loader2 className="animate-spin" aria-hidden /> : <KeyRound aria-hidden />}
        {t('login.passkey')}
      </Button>
    </div>
  );
}
