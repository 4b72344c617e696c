import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { and, eq, isNotNull } from 'drizzle-orm';
import { getDb, transaction, type DbExecutor } from '@/db';
import {
  passkeys,
  pendingSignIns,
  recoveryCodes,
  sessions,
  totpCredentials,
  users,
  type User,
} from '@/db/schema';
import { recordAudit, type Actor, type RequestContext } from '@/lib/audit/record';
import { verifyPassword } from '@/lib/auth/password';
import { endAllSessions } from '@/lib/auth/sessions';
import { recordSignInFailure, signInLockedUntil } from '@/lib/auth/sign-in-throttle';
import { appUrl } from '@/lib/config/env';
import { UserFacingError } from '@/lib/errors';
import { isLocale, type Locale } from '@/lib/i18n/locales';
import { sendMail } from '@/lib/mail/send';
import { mfaResetMail } from '@/lib/mail/templates';
import { minutesUntil } from '@/lib/throttle';
import {
  listPasskeys,
  MAX_PASSKEY_NAME_LENGTH,
  MAX_PASSKEYS_PER_ACCOUNT,
  PASSKEY_CEREMONY_TIMEOUT_MS,
  registrationOptions,
  verifyRegistration,
} from '@/lib/auth/mfa/passkeys';
import { hasSecondFactor, mfaRequiredFor } from '@/lib/auth/mfa/policy';
import { recoveryCodesLeft, replaceRecoveryCodes } from '@/lib/auth/mfa/recovery-codes';
import {
  acceptTotpCode,
  findTotpCredential,
  looksLikeTotpCode,
  storeUnconfirmedSecret,
  totpSetupFor,
} from '@/lib/auth/mfa/totp';

export class MfaError extends UserFacingError {}

type Account = Pick<User, 'id' | 'email' | 'name' | 'role' | 'passwordHash'>;
type Context = { actor: NonNullable<Actor>; request: RequestContext };

/** What the Sign-in security page shows; no secret, no hash. */
export async function mfaOverview(user: Pick<User, 'id' | 'role'>) {
  const totp = await findTotpCredential(user.id);
  return {
    totp: totp?.confirmedAt ? { since: totp.confirmedAt } : null,
    passkeys: await listPasskeys(user.id),
    recoveryCodesLeft: await recoveryCodesLeft(user.id),
    required: await mfaRequiredFor(user),
  };
}

/** The first method comes with recovery codes; later ones leave the existing codes alone. */
async function firstRecoveryCodes(tx: DbExecutor, user: Account, context: Context) {
  if ((await recoveryCodesLeft(user.id, tx)) > 0) return null;
  const codes = await replaceRecoveryCodes(tx, user.id);
  await recordAudit(tx, {
    action: 'mfa.recovery_codes_generated',
    actor: context.actor,
    target: { type: 'user', id: user.id },
    request: context.request,
  });
  return codes;
}

export async function startTotpSetup(user: Account) {
  const secret = await transaction(async (tx) => {
    if ((await findTotpCredential(user.id, tx))?.confirmedAt)
      throw new MfaError('totpAlreadySetUp');
    return storeUnconfirmedSecret(tx, user.id);
  });
  return totpSetupFor(user.email, secret);
}

export async function confirmTotpSetup(user: Account, code: string, context: Context) {
  return transaction(async (tx) => {
    const row = await findTotpCredential(user.id, tx);
    if (row?.confirmedAt) throw new MfaError('totpAlreadySetUp');
    if (!row) throw new MfaError('totpSetupMissing');
    if (!(await acceptTotpCode(tx, user.id, code, { confirmed: false }))) {
      throw new MfaError('totpCodeWrong');
    }
    await recordAudit(tx, {
      action: 'mfa.totp_added',
      actor: context.actor,
      target: { type: 'user', id: user.id },
      request: context.request,
    });
    return { recoveryCodes: await firstRecoveryCodes(tx, user, context) };
  });
}

/**
 * The current password or a fresh authenticator code, before a method is removed or codes are
 * replaced. Wrong answers count against the sign-in throttle (10 per 15 minutes), per account
 * rather than per address: whoever holds the session, from wherever, gets the same few guesses,
 * and no one's mistakes lock other accounts that share an address.
 */
async function confirmIdentity(user: Account, confirmation: string) {
  const counter = `reauthentication:${user.id}`;
  const until = await signInLockedUntil(user.email, counter);
  if (until) throw new MfaError('signInThrottled', { minutes: minutesUntil(until) });
  const confirmed =
    looksLikeTotpCode(confirmation) && (await findTotpCredential(user.id))?.confirmedAt
      ? await transaction((tx) => acceptTotpCode(tx, user.id, confirmation, { confirmed: true }))
      : await verifyPassword(confirmation, user.passwordHash);
  if (!confirmed) {
    await recordSignInFailure(user.email, counter);
    throw new MfaError('confirmationWrong');
  }
}

/**
 * Refuses to take away the account's last second factor while the policy requires one; when the
 * last one goes, the recovery codes go with it, since they only stand in for a second factor.
 */
async function afterRemoval(tx: DbExecutor, user: Account) {
  if (await hasSecondFactor(user.id, tx)) return;
  if (await mfaRequiredFor(user, tx)) throw new MfaError('lastMethodRequired');
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
  await tx.delete(pendingSignIns).where(eq(pendingSignIns.userId, user.id));
}

export async function removeTotp(user: Account, confirmation: string, context: Context) {
  await confirmIdentity(user, confirmation);
  await transaction(async (tx) => {
    const [removed] = await tx
      .delete(totpCredentials)
      .where(and(eq(totpCredentials.userId, user.id), isNotNull(totpCredentials.confirmedAt)))
      .returning({ id: totpCredentials.id });
    if (!removed) throw new MfaError('noTotp');
    await afterRemoval(tx, user);
    await recordAudit(tx, {
      action: 'mfa.totp_removed',
      actor: context.actor,
      target: { type: 'user', id: user.id },
      request: context.request,
    });
  });
}

export async function beginPasskeyRegistration(user: Account, sessionId: string) {
  const options = await registrationOptions(user);
  await getDb()
    .update(sessions)
    .set({
      passkeyChallenge: options.challenge,
      passkeyChallengeExpiresAt: new Date(Date.now() + PASSKEY_CEREMONY_TIMEOUT_MS),
    })
    .where(eq(sessions.id, sessionId));
  return options;
}

/** The name as typed, tidied; `fallback` (written in the holder's language) when none was typed. */
export function passkeyNameOf(input: string | undefined, fallback: string) {
  const name = (input ?? '').replace(/\s+/g, ' ').trim().slice(0, MAX_PASSKEY_NAME_LENGTH);
  return name || fallback.slice(0, MAX_PASSKEY_NAME_LENGTH);
}

export async function finishPasskeyRegistration(
  user: Account,
  sessionId: string,
  input: { response: RegistrationResponseJSON; name?: string; fallbackName: string },
  context: Context,
) {
  // The challenge is spent whatever happens next: one registration per challenge.
  const challenge = await transaction(async (tx) => {
    const [session] = await tx
      .select({
        challenge: sessions.passkeyChallenge,
        expiresAt: sessions.passkeyChallengeExpiresAt,
      })
      .from(sessions)
      .where(eq(sessions.id, sessionId));
    await tx
      .update(sessions)
      .set({ passkeyChallenge: null, passkeyChallengeExpiresAt: null })
      .where(eq(sessions.id, sessionId));
    return session?.challenge && session.expiresAt && session.expiresAt.getTime() > Date.now()
      ? session.challenge
      : null;
  });
  const credential = challenge ? await verifyRegistration(input.response, challenge) : null;
  if (!credential) throw new MfaError('passkeyNotVerified');
  const name = passkeyNameOf(input.name, input.fallbackName);
  return transaction(async (tx) => {
    const count = await tx.$count(passkeys, eq(passkeys.userId, user.id));
    if (count >= MAX_PASSKEYS_PER_ACCOUNT)
      throw new MfaError('passkeyLimitReached', { max: MAX_PASSKEYS_PER_ACCOUNT });
    const [taken] = await tx
      .select({ id: passkeys.id })
      .from(passkeys)
      .where(eq(passkeys.credentialId, credential.credentialId));
    if (taken) throw new MfaError('passkeyNotVerified');
    await tx.insert(passkeys).values({ userId: user.id, name, ...credential });
    await recordAudit(tx, {
      action: 'mfa.passkey_added',
      actor: context.actor,
      target: { type: 'user', id: user.id },
      detail: { name },
      request: context.request,
    });
    return { name, recoveryCodes: await firstRecoveryCodes(tx, user, context) };
  });
}

export async function removePasskey(
  user: Account,
  passkeyId: number,
  confirmation: string,
  context: Context,
) {
  await confirmIdentity(user, confirmation);
  return transaction(async (tx) => {
    const [removed] = await tx
      .delete(passkeys)
      .where(and(eq(passkeys.id, passkeyId), eq(passkeys.userId, user.id)))
      .returning({ name: passkeys.name });
    if (!removed) throw new MfaError('passkeyNotFound');
    await afterRemoval(tx, user);
    await recordAudit(tx, {
      action: 'mfa.passkey_removed',
      actor: context.actor,
      target: { type: 'user', id: user.id },
      detail: { name: removed.name },
      request: context.request,
    });
    return removed;
  });
}

export async function regenerateRecoveryCodes(
  user: Account,
  confirmation: string,
  context: Context,
) {
  await confirmIdentity(user, confirmation);
  return transaction(async (tx) => {
    if (!(await hasSecondFactor(user.id, tx))) throw new MfaError('noSecondFactor');
    const codes = await replaceRecoveryCodes(tx, user.id);
    await recordAudit(tx, {
      action: 'mfa.recovery_codes_generated',
      actor: context.actor,
      target: { type: 'user', id: user.id },
      request: context.request,
    });
    return codes;
  });
}

/**
 * For a lost phone: an administrator removes every method of another account and ends its
 * sessions, in one transaction; the holder is then mailed. A policy that applies to them sends
 * them to set up a method again at their next sign-in.
 */
export async function resetMfa(userId: number, context: Context & { locale: Locale }) {
  if (userId === context.actor.id) throw new MfaError('cannotResetSelf');
  const user = await transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId));
    if (!user) throw new MfaError('accountGone');
    const totp = await tx
      .delete(totpCredentials)
      .where(eq(totpCredentials.userId, userId))
      .returning({ confirmedAt: totpCredentials.confirmedAt });
    const removedPasskeys = await tx
      .delete(passkeys)
      .where(eq(passkeys.userId, userId))
      .returning({ id: passkeys.id });
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
    await tx.delete(pendingSignIns).where(eq(pendingSignIns.userId, userId));
    await endAllSessions(tx, userId);
    await recordAudit(tx, {
      action: 'mfa.reset_by_admin',
      actor: context.actor,
      target: { type: 'user', id: userId },
      detail: {
        email: user.email,
        authenticatorApp: totp.some((row) => row.confirmedAt !== null),
        passkeys: removedPasskeys.length,
      },
      request: context.request,
    });
    return user;
  });
  let mailed = true;
  try {
    await sendMail({
      to: user.email,
      ...mfaResetMail(isLocale(user.locale) ? user.locale : context.locale, {
        link: `${appUrl()}/login`,
      }),
    });
  } catch {
    mailed = false;
  }
  return { user, mailed };
}
