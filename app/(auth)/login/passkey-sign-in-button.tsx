'use client';

import { KeyRound, Loader2 } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { FormMessage } from '@/components/form-message';
import { Button } from '@/components/ui/button';
import type { ActionState } from '@/lib/actions/action-state';
import { passkeySignInOptionsAction, signInWithPasskeyAction } from './actions';
import { usePasskeyAnswer } from './passkey-ceremony';

/** A passkey alone: the browser offers the console's passkeys and the chosen one names the account. */
export function PasskeySignInButton({ callbackUrl }: { callbackUrl?: string }) {
  const t = useTranslations();
  const [state, dispatch, signingIn] = useActionState<ActionState, FormData>(
    signInWithPasskeyAction,
    {},
  );
  const {
    ask: signInWithPasskey,
    asking,
    problem,
  } = usePasskeyAnswer(passkeySignInOptionsAction, dispatch, callbackUrl);

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
