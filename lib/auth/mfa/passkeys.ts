import { createHash } from 'node:crypto';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  type WebAuthnCredential,
} from '@simplewebauthn/server';
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { getDb, type DbExecutor } from '@/db';
import { passkeys, type Passkey } from '@/db/schema';
import { appUrl } from '@/lib/config/env';

export const MAX_PASSKEYS_PER_ACCOUNT = 10;
export const MAX_PASSKEY_NAME_LENGTH = 64;
export const PASSKEY_CEREMONY_TIMEOUT_MS = 2 * 60 * 1000;

/** The relying party is the console's public address: its host name and origin, from APP_URL. */
export function relyingParty() {
  const url = new URL(appUrl());
  return { id: url.hostname, origin: url.origin, name: 'AccessKey Console' };
}

/**
 * The WebAuthn user handle: opaque and stable per account (no email in it), so an authenticator
 * keeps one credential per account and a discoverable credential names its owner.
 */
export function userHandle(userId: number) {
  return createHash('sha256').update(`accesskey-console:user:${userId}`).digest().subarray(0, 16);
}

// What the browser sends back; the library checks the contents, this only keeps the shape sane.
const base64url = z
  .string()
  .max(16_384)
  .regex(/^[A-Za-z0-9_-]*$/);
const responseSchema = z.looseObject({
  id: base64url.min(1),
  rawId: base64url.min(1),
  type: z.literal('public-key'),
  response: z.looseObject({ clientDataJSON: base64url }),
  clientExtensionResults: z.looseObject({}).default({}),
});

/** The JSON a browser posted, as the library's type, or null when it is not a WebAuthn answer. */
export function parseCredentialResponse<
  T extends RegistrationResponseJSON | AuthenticationResponseJSON,
>(json: string): T | null {
  try {
    const parsed = responseSchema.safeParse(JSON.parse(json));
    return parsed.success ? (parsed.data as unknown as T) : null;
  } catch {
    return null;
  }
}

function transportsOf(row: Pick<Passkey, 'transports'>) {
  if (!row.transports) return undefined;
  try {
    return JSON.parse(row.transports) as WebAuthnCredential['transports'];
  } catch {
    return undefined;
  }
}

export async function listPasskeys(userId: number, executor: DbExecutor = getDb()) {
  return executor
    .select({
      id: passkeys.id,
      name: passkeys.name,
      createdAt: passkeys.createdAt,
      lastUsedAt: passkeys.lastUsedAt,
    })
    .from(passkeys)
    .where(eq(passkeys.userId, userId))
    .orderBy(asc(passkeys.createdAt), asc(passkeys.id));
}

export type PasskeyListItem = Awaited<ReturnType<typeof listPasskeys>>[number];

export async function registrationOptions(user: {
  id: number;
  email: string;
  name: string;
}): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const existing = await getDb()
    .select({ credentialId: passkeys.credentialId, transports: passkeys.transports })
    .from(passkeys)
    .where(eq(passkeys.userId, user.id));
  const rp = relyingParty();
  return generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: user.email,
    userID: userHandle(user.id),
    userDisplayName: user.name,
    timeout: PASSKEY_CEREMONY_TIMEOUT_MS,
    attestationType: 'none',
    excludeCredentials: existing.map((row) => ({
      id: row.credentialId,
      transports: transportsOf(row),
    })),
    // Discoverable and user-verified, so the passkey alone can sign in.
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
  });
}

/** The credential a registration response proves, or null when it does not verify. */
export async function verifyRegistration(response: RegistrationResponseJSON, challenge: string) {
  const rp = relyingParty();
  try {
    const result = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
    });
    if (!result.verified) return null;
    const { credential } = result.registrationInfo;
    return {
      credentialId: credential.id,
      publicKey: Buffer.from(credential.publicKey).toString('base64url'),
      counter: credential.counter,
      transports: credential.transports ? JSON.stringify(credential.transports) : null,
    };
  } catch {
    // The library throws for every malformed or mismatched answer: all mean "not verified".
    return null;
  }
}

/**
 * Options for navigator.credentials.get: for one account's passkeys (a second step), or for any
 * discoverable one (a passkey sign-in, which must also verify the user).
 */
export async function authenticationOptions(
  forUser: number | null,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const allowed =
    forUser === null
      ? undefined
      : (
          await getDb()
            .select({ credentialId: passkeys.credentialId, transports: passkeys.transports })
            .from(passkeys)
            .where(eq(passkeys.userId, forUser))
        ).map((row) => ({ id: row.credentialId, transports: transportsOf(row) }));
  return generateAuthenticationOptions({
    rpID: relyingParty().id,
    allowCredentials: allowed,
    timeout: PASSKEY_CEREMONY_TIMEOUT_MS,
    userVerification: forUser === null ? 'required' : 'preferred',
  });
}

/**
 * Checks an assertion against the stored passkey it names (of `forUser` only, when given) and
 * records its new counter and last use. Returns the passkey, or null when anything does not verify.
 */
export async function verifyAssertion(
  executor: DbExecutor,
  response: AuthenticationResponseJSON,
  challenge: string,
  options: { forUser: number | null; now?: Date },
): Promise<Passkey | null> {
  const [row] = await executor
    .select()
    .from(passkeys)
    .where(
      options.forUser === null
        ? eq(passkeys.credentialId, response.id)
        : and(eq(passkeys.credentialId, response.id), eq(passkeys.userId, options.forUser)),
    );
  if (!row) return null;
  // A discoverable credential also names its account; it must be the passkey's.
  const handle = response.response.userHandle;
  if (handle && handle !== userHandle(row.userId).toString('base64url')) return null;
  const rp = relyingParty();
  let newCounter: number;
  try {
    const result = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      credential: {
        id: row.credentialId,
        publicKey: new Uint8Array(Buffer.from(row.publicKey, 'base64url')),
        counter: row.counter,
        transports: transportsOf(row),
      },
      requireUserVerification: options.forUser === null,
    });
    if (!result.verified) return null;
    newCounter = result.authenticationInfo.newCounter;
  } catch {
    return null;
  }
  const [updated] = await executor
    .update(passkeys)
    .set({ counter: newCounter, lastUsedAt: options.now ?? new Date() })
    .where(and(eq(passkeys.id, row.id), eq(passkeys.counter, row.counter)))
    .returning();
  // Another sign-in moved the counter meanwhile: this assertion may be a replayed one.
  return updated ?? null;
}
