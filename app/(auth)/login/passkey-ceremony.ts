'use client';

import {
  startAuthentication,
  startRegistration,
  WebAuthnError,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser';
import { useTranslations } from 'next-intl';
import { startTransition, useState } from 'react';
import { formDataOf } from '@/components/use-toast-action';

/** Why the browser gave no passkey answer: the key of its sentence under `passkeyPrompt`. */
export type PasskeyProblem = 'cancelled' | 'unsupported' | 'wrongAddress' | 'alreadyRegistered';

function explain(error: unknown): PasskeyProblem {
  if (error instanceof WebAuthnError && error.code === 'ERROR_CEREMONY_ABORTED') {
    return 'cancelled';
  }
  if (error instanceof Error && error.name === 'NotAllowedError') return 'cancelled';
  if (error instanceof Error && error.name === 'NotSupportedError') return 'unsupported';
  if (
    error instanceof WebAuthnError &&
    (error.code === 'ERROR_INVALID_DOMAIN' || error.code === 'ERROR_INVALID_RP_ID')
  ) {
    return 'wrongAddress';
  }
  if (
    error instanceof WebAuthnError &&
    error.code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED'
  ) {
    return 'alreadyRegistered';
  }
  return 'cancelled';
}

/** Asks the browser for a passkey's answer to the challenge, as JSON, or why there is none. */
export async function answerWithPasskey(
  options: PublicKeyCredentialRequestOptionsJSON,
): Promise<{ json: string } | { problem: PasskeyProblem }> {
  try {
    return { json: JSON.stringify(await startAuthentication({ optionsJSON: options })) };
  } catch (error) {
    return { problem: explain(error) };
  }
}

export async function createPasskey(
  options: PublicKeyCredentialCreationOptionsJSON,
): Promise<{ json: string } | { problem: PasskeyProblem }> {
  try {
    return { json: JSON.stringify(await startRegistration({ optionsJSON: options })) };
  } catch (error) {
    return { problem: explain(error) };
  }
}

/**
 * A passkey answer sent to a sign-in action: asks the server for the challenge, the browser for the
 * answer, then dispatches it with the callback URL. `problem` is the sentence when the browser gave none.
 */
export function usePasskeyAnswer(
  optionsAction: () => Promise<{ options?: PublicKeyCredentialRequestOptionsJSON }>,
  dispatch: (formData: FormData) => void,
  callbackUrl: string | undefined,
) {
  const t = useTranslations();
  const [asking, setAsking] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function ask() {
    setProblem(null);
    setAsking(true);
    try {
      const { options } = await optionsAction();
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

  return { ask, asking, problem };
}
