'use server';

import type {
  PublicKeyCredentialCreationOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import type { ActionState } from '@/lib/actions/action-state';
import { validatedActionWithUser } from '@/lib/actions/validated-action';
import {
  beginPasskeyRegistration,
  confirmTotpSetup,
  finishPasskeyRegistration,
  MfaError,
  PASSKEY_NOT_VERIFIED,
  regenerateRecoveryCodes,
  removePasskey,
  removeTotp,
  startTotpSetup,
} from '@/lib/auth/mfa/methods';
import { parseCredentialResponse } from '@/lib/auth/mfa/passkeys';
import type { TotpSetup } from '@/lib/auth/mfa/totp';

const PAGE = '/account/basic-information/sign-in-security';
// Setting up a method is what an account held by the MFA policy may do; nothing else below.
const SETUP = { duringMfaSetup: true };

const confirmation = z
  .string({ error: 'Enter your password or a code from your authenticator app.' })
  .min(1, 'Enter your password or a code from your authenticator app.')
  .max(1024, 'The password or authenticator code is not correct.');

export type RecoveryCodesState = ActionState & { recoveryCodes?: string[] };

export const startTotpSetupAction = validatedActionWithUser(
  z.object({}),
  async (_, { user }): Promise<ActionState & { setup?: TotpSetup }> => ({
    setup: await startTotpSetup(user),
  }),
  SETUP,
);

export const confirmTotpSetupAction = validatedActionWithUser(
  z.object({
    code: z
      .string({ error: 'Enter the 6-digit code from your authenticator app.' })
      .trim()
      .regex(/^\d{6}$/, 'Enter the 6-digit code from your authenticator app.'),
  }),
  async ({ code }, { user, actor, request }): Promise<RecoveryCodesState> => {
    const { recoveryCodes } = await confirmTotpSetup(user, code, { actor, request });
    revalidatePath(PAGE);
    return { success: 'Authenticator app added.', recoveryCodes: recoveryCodes ?? undefined };
  },
  SETUP,
);

export const removeTotpAction = validatedActionWithUser(
  z.object({ confirmation }),
  async ({ confirmation }, { user, actor, request }): Promise<ActionState> => {
    await removeTotp(user, confirmation, { actor, request });
    revalidatePath(PAGE);
    return { success: 'Authenticator app removed.' };
  },
);

export const passkeyRegistrationOptionsAction = validatedActionWithUser(
  z.object({}),
  async (
    _,
    { user, session },
  ): Promise<ActionState & { options?: PublicKeyCredentialCreationOptionsJSON }> => ({
    options: await beginPasskeyRegistration(user, session.id),
  }),
  SETUP,
);

export const registerPasskeyAction = validatedActionWithUser(
  z.object({
    response: z
      .string({ error: PASSKEY_NOT_VERIFIED })
      .min(1, PASSKEY_NOT_VERIFIED)
      .max(65_536, PASSKEY_NOT_VERIFIED),
    name: z
      .string({ error: 'Give the passkey a name.' })
      .max(200, 'Keep the name under 64 characters.')
      .optional(),
  }),
  async ({ response, name }, { user, session, actor, request }): Promise<RecoveryCodesState> => {
    const parsed = parseCredentialResponse<RegistrationResponseJSON>(response);
    if (!parsed) throw new MfaError(PASSKEY_NOT_VERIFIED);
    const added = await finishPasskeyRegistration(
      user,
      session.id,
      { response: parsed, name },
      { actor, request },
    );
    revalidatePath(PAGE);
    return {
      success: `Passkey “${added.name}” added.`,
      recoveryCodes: added.recoveryCodes ?? undefined,
    };
  },
  SETUP,
);

export const removePasskeyAction = validatedActionWithUser(
  z.object({
    id: z.coerce
      .number({ error: 'That passkey no longer exists. Reload the page.' })
      .int('That passkey no longer exists. Reload the page.')
      .positive('That passkey no longer exists. Reload the page.'),
    confirmation,
  }),
  async ({ id, confirmation }, { user, actor, request }): Promise<ActionState> => {
    const removed = await removePasskey(user, id, confirmation, { actor, request });
    revalidatePath(PAGE);
    return { success: `Passkey “${removed.name}” removed.` };
  },
);

export const regenerateRecoveryCodesAction = validatedActionWithUser(
  z.object({ confirmation }),
  async ({ confirmation }, { user, actor, request }): Promise<RecoveryCodesState> => {
    const recoveryCodes = await regenerateRecoveryCodes(user, confirmation, { actor, request });
    revalidatePath(PAGE);
    return {
      success: 'New recovery codes generated; the old ones no longer work.',
      recoveryCodes,
    };
  },
);
