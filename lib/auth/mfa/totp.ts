import { and, eq, isNotNull, isNull, lt, or } from 'drizzle-orm';
import { generateSecret, generateURI, verify } from 'otplib';
import { renderSVG } from 'uqr';
import { getDb, type DbExecutor } from '@/db';
import { totpCredentials } from '@/db/schema';
import { openSecret, sealSecret } from '@/lib/crypto';

// RFC 6238 as authenticator apps expect it: SHA-1, 6 digits, 30-second steps.
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
// One step either side of now, for clocks that drift and codes typed near a step's end.
const TOLERANCE_SECONDS = TOTP_PERIOD_SECONDS;
const ISSUER = 'AccessKey Console';
const CODE_SHAPE = /^\d{6}$/;

export function looksLikeTotpCode(input: string) {
  return CODE_SHAPE.test(input);
}

/** Associated data of the sealed secret: a ciphertext copied to another account fails to open. */
export function totpSealedFor(userId: number) {
  return `totp:${userId}`;
}

export function sealTotpSecret(secret: string, userId: number, key?: Buffer) {
  return sealSecret(secret, totpSealedFor(userId), key);
}

export function openTotpSecret(sealed: string, userId: number, keys?: Buffer[]) {
  return openSecret(sealed, totpSealedFor(userId), keys);
}

export function totpStep(epochSeconds: number) {
  return Math.floor(epochSeconds / TOTP_PERIOD_SECONDS);
}

/**
 * The time step `code` belongs to, within one step of `now`, or null. A step at or before
 * `afterStep` (the last one accepted) is refused, so a code works once.
 */
export async function matchingStep(
  secret: string,
  code: string,
  options: { now?: number; afterStep?: number | null } = {},
): Promise<number | null> {
  if (!looksLikeTotpCode(code)) return null;
  const result = await verify({
    secret,
    token: code,
    algorithm: 'sha1',
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    epoch: Math.floor((options.now ?? Date.now()) / 1000),
    epochTolerance: TOLERANCE_SECONDS,
    afterTimeStep: options.afterStep ?? undefined,
  });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

export type TotpSetup = { secret: string; uri: string; qrCode: string };

/** What the setup dialog shows: the secret as text, and the otpauth URI as a QR code (a data URL). */
export function totpSetupFor(email: string, secret: string): TotpSetup {
  const uri = generateURI({
    issuer: ISSUER,
    label: email,
    secret,
    algorithm: 'sha1',
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
  });
  const svg = renderSVG(uri, { border: 2 });
  return {
    secret,
    uri,
    qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
  };
}

/** A fresh secret, stored sealed and unconfirmed (replacing an unconfirmed one); confirmed ones stay. */
export async function storeUnconfirmedSecret(executor: DbExecutor, userId: number) {
  const secret = generateSecret({ length: 20 });
  const secretCiphertext = sealTotpSecret(secret, userId);
  await executor
    .insert(totpCredentials)
    .values({ userId, secretCiphertext })
    .onConflictDoUpdate({
      target: totpCredentials.userId,
      set: { secretCiphertext, lastUsedStep: null, createdAt: new Date() },
      setWhere: isNull(totpCredentials.confirmedAt),
    });
  return secret;
}

export async function findTotpCredential(userId: number, executor: DbExecutor = getDb()) {
  const [row] = await executor
    .select()
    .from(totpCredentials)
    .where(eq(totpCredentials.userId, userId));
  return row;
}

/**
 * Accepts a code of the account's authenticator app once: the step is recorded by a conditional
 * update, so two requests racing with the same code cannot both pass. `confirmed` picks the
 * credential in use (true) or the one being set up (false).
 */
export async function acceptTotpCode(
  executor: DbExecutor,
  userId: number,
  code: string,
  options: { confirmed: boolean; now?: number },
): Promise<boolean> {
  const row = await findTotpCredential(userId, executor);
  if (!row || (row.confirmedAt !== null) !== options.confirmed) return false;
  const step = await matchingStep(openTotpSecret(row.secretCiphertext, userId), code, {
    now: options.now,
    afterStep: row.lastUsedStep,
  });
  if (step === null) return false;
  const [accepted] = await executor
    .update(totpCredentials)
    .set({
      lastUsedStep: step,
      ...(options.confirmed ? {} : { confirmedAt: new Date(options.now ?? Date.now()) }),
    })
    .where(
      and(
        eq(totpCredentials.id, row.id),
        options.confirmed
          ? isNotNull(totpCredentials.confirmedAt)
          : isNull(totpCredentials.confirmedAt),
        or(isNull(totpCredentials.lastUsedStep), lt(totpCredentials.lastUsedStep, step)),
      ),
    )
    .returning({ id: totpCredentials.id });
  return accepted !== undefined;
}
