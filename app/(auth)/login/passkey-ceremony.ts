'use client';

import {
  startAuthentication,
  startRegistration,
  WebAuthnError,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser';

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
