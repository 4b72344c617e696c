'use client';

import {
  startAuthentication,
  startRegistration,
  WebAuthnError,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser';

export const PASSKEY_CANCELLED =
  'The passkey prompt was closed or timed out. Try again when you are ready.';
const PASSKEY_UNSUPPORTED = 'This browser cannot use passkeys here.';

function explain(error: unknown) {
  if (error instanceof WebAuthnError && error.code === 'ERROR_CEREMONY_ABORTED') {
    return PASSKEY_CANCELLED;
  }
  if (error instanceof Error && error.name === 'NotAllowedError') return PASSKEY_CANCELLED;
  if (error instanceof Error && error.name === 'NotSupportedError') return PASSKEY_UNSUPPORTED;
  if (
    error instanceof WebAuthnError &&
    (error.code === 'ERROR_INVALID_DOMAIN' || error.code === 'ERROR_INVALID_RP_ID')
  ) {
    return 'Passkeys work only at the console’s own address (APP_URL), over HTTPS or on localhost.';
  }
  if (
    error instanceof WebAuthnError &&
    error.code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED'
  ) {
    return 'This authenticator already holds a passkey for your account.';
  }
  return PASSKEY_CANCELLED;
}

/** Asks the browser for a passkey's answer to the challenge, as JSON, or a sentence on failure. */
export async function answerWithPasskey(
  options: PublicKeyCredentialRequestOptionsJSON,
): Promise<{ json: string } | { error: string }> {
  try {
    return { json: JSON.stringify(await startAuthentication({ optionsJSON: options })) };
  } catch (error) {
    return { error: explain(error) };
  }
}

export async function createPasskey(
  options: PublicKeyCredentialCreationOptionsJSON,
): Promise<{ json: string } | { error: string }> {
  try {
    return { json: JSON.stringify(await startRegistration({ optionsJSON: options })) };
  } catch (error) {
    return { error: explain(error) };
  }
}
