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
  regenerateRecoveryCodes,
  removePasskey,
  removeTotp,
  startTotpSetup,
} from '@/lib/auth/mfa/methods';
import { parseCredentialResponse } from '@/lib/auth/mfa/passkeys';
import type { TotpSetup } from '@/lib/auth/mfa/totp';
import { invalid } from '@/lib/i18n/validation';

const PAGE = '/account/basic-information/sign-in-security';
// Setting up a method is what an account held by the MFA policy may do; nothing else below.
const SETUP = { duringMfaSetup: true };

const confirmation = z
  .string({ error: invalid('confirmationRequired') })
  .min(1, invalid('confirmationRequired'))
  .max(1024, invalid('confirmationWrong'));

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
      .string({ error: invalid('totpCodeFormat') })
      .trim()
      .regex(/^\d{6}$/, invalid('totpCodeFormat')),
  }),
  async ({ code }, { user, actor, request, t }): Promise<RecoveryCodesState> => {
    const { recoveryCodes } = await confirmTotpSetup(user, code, { actor, request });
    revalidatePath(PAGE);
    return {
      success: t('signInSecurity.appAdded'),
      recoveryCodes: recoveryCodes ?? undefined,
    };
  },
  SETUP,
);

export const removeTotpAction = validatedActionWithUser(
  z.object({ confirmation }),
  async ({ confirmation }, { user, actor, request, t }): Promise<ActionState> => {
    await removeTotp(user, confirmation, { actor, request });
    revalidatePath(PAGE);
    return { success: t('signInSecurity.appRemoved') };
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
      .string({ error: invalid('passkeyNotVerified') })
      .min(1, invalid('passkeyNotVerified'))
      .max(65_536, invalid('passkeyNotVerified')),
    // Longer names are cut to 64 characters (lib/auth/mfa/passkeys.ts); only absurd ones are refused.
    name: z
      .string({ error: invalid('passkeyNameRequired') })
      .max(200, invalid('passkeyNameTooLong'))
      .optional(),
  }),
  async ({ response, name }, { user, session, actor, request, t }): Promise<RecoveryCodesState> => {
    const parsed = parseCredentialResponse<RegistrationResponseJSON>(response);
    if (!parsed) throw new MfaError('passkeyNotVerified');
    const fallbackName = t('signInSecurity.defaultPasskeyName', { date: new Date() });
    const added = await finishPasskeyRegistration(
      user,
      session.id,
      { response: parsed, name, fallbackName },
      { actor, request },
    );
    revalidatePath(PAGE);
    return {
      success: t('signInSecurity.passkeyAdded', { name: added.name }),
      recoveryCodes: added.recoveryCodes ?? undefined,
    };
  },
  SETUP,
);

export const removePasskeyAction = validatedActionWithUser(
  z.object({
    id: z.coerce
      .number({ error: invalid('passkeyNotFound') })
      .int(invalid('passkeyNotFound'))
      .positive(invalid('passkeyNotFound')),
    confirmation,
  }),
  async ({ id, confirmation }, { user, actor, request, t }): Promise<ActionState> => {
    const removed = await removePasskey(user, id, confirmation, { actor, request });
    revalidatePath(PAGE);
    return { success: t('signInSecurity.passkeyRemoved', { name: removed.name }) };
  },
);

export const regenerateRecoveryCodesAction = validatedActionWithUser(
  z.object({ confirmation }),
  async ({ confirmation }, { user, actor, request, t }): Promise<RecoveryCodesState> => {
    const recoveryCodes = await regenerateRecoveryCodes(user, confirmation, { actor, request });
    revalidatePath(PAGE);
    return { success: t('signInSecurity.codesGenerated'), recoveryCodes };
  },
);
