import { expect, test } from '@playwright/test';
import { randomBytes, randomInt } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { and, eq, inArray, or } from 'drizzle-orm';
import { generate } from 'otplib';
import { getDb, transaction } from '@/db';
import {
  accessKeyProducts,
  accessKeys,
  auditLogs,
  passkeys,
  passwordTokens,
  products,
  recoveryCodes,
  sessions,
  settings,
  totpCredentials,
  users,
  verificationCodes,
} from '@/db/schema';
import { replaceRecoveryCodes } from '@/lib/auth/mfa/recovery-codes';
import { sealTotpSecret } from '@/lib/auth/mfa/totp';
import { ROUTES } from '@/lib/open-api/routes';
import { errorMessage } from '@/lib/errors';
import { CROSS_ORIGIN_REFUSED } from '@/lib/http/request-guard';
import { markSessionVerified } from '@/lib/auth/sessions';
import { signRequest } from '@/lib/open-api/signing';
import { hashCode } from '@/lib/access-keys/verification';
import {
  BASE_URL,
  builtServerActions,
  ConsoleClient,
  encodeActionArguments,
  encodeFormPost,
  serverAction,
  type ActionReply,
  type Fields,
  type Reply,
} from './action-client';
import { insertAccessKey, type TestKey } from './api-fixtures';
import { createAccount, mailsTo, waitLongerForWrites, type Account } from './fixtures';
import { createTestProduct } from './gateway-fixtures';

// Other specs write large batches (100,000 seeded accounts); wait for them rather than fail.
test.beforeAll(() => waitLongerForWrites());

const LOGIN = 'app/(auth)/login/actions.ts';
const SET_PASSWORD = 'app/(auth)/set-password/actions.ts';
const CONSOLE = 'app/(console)/actions.ts';
const KEYS = 'app/(console)/account/api-information/access-keys/actions.ts';
const BASIC = 'app/(console)/account/basic-information/actions.ts';
const ADMIN = 'app/(console)/admin/users/actions.ts';
const KEY_POLICY = 'app/(console)/admin/settings/key-policy-actions.ts';
const SECURITY = 'app/(console)/account/basic-information/sign-in-security/actions.ts';
const SETTINGS = 'app/(console)/admin/settings/actions.ts';
const PRODUCTS = 'app/(console)/admin/products/actions.ts';

// lib/actions/validated-action.ts loads next-auth, which only runs inside Next; its sentences are spelled out here.
const SESSION_ENDED = 'Your session has ended. Sign in again to continue.';
const NOT_ADMIN = 'Only administrators can do this.';

type Who = 'signed out' | 'ended session' | 'member' | 'administrator';

/**
 * A victim with AccessKeys (one enabled, one disabled), a live session and a live verification
 * code; an intruding member and a second administrator, both signed in with a verified session
 * and already at 5 AccessKeys; and the victim's own cookie from a session that has ended.
 */
type World = {
  victim: Account;
  victimKeys: { enabled: TestKey; disabled: TestKey };
  victimCode: string;
  /** The victim's second factors: an authenticator app, a passkey and recovery codes. */
  victimMfa: { totpSecret: string; passkeyId: number; credentialId: string; recoveryCode: string };
  /** The id of the victim's live session. */
  victimSession: string;
  member: Account;
  memberKey: TestKey;
  admin: Account;
  /** An address no account has; createAccount aims at it. */
  newEmail: string;
  /** A product of the operator's, with its signing secret. */
  product: { slug: string; signingSecret: string };
  clients: Record<Who, ConsoleClient>;
};

async function sessionIds(userId: number) {
  const rows = await getDb()
    .select({ id: sessions.id })
    .from(sessions)
    .where(eq(sessions.userId, userId));
  return rows.map((row) => row.id);
}

/** Signs in, answering the second step with a fresh code of `totpSecret` when there is one. */
async function signedInVerified(account: Account, totpSecret?: string) {
  const client = await new ConsoleClient().signIn(
    account,
    totpSecret ? async () => ({ code: await generate({ secret: totpSecret }) }) : undefined,
  );
  for (const id of await sessionIds(account.id)) await markSessionVerified(id);
  return client;
}

async function createWorld(): Promise<World> {
  const victim = await createAccount({ prefix: 'victim' });
  const victimKeys = {
    enabled: await insertAccessKey(victim.id),
    disabled: await insertAccessKey(victim.id, { status: 'disabled' }),
  };
  const member = await createAccount({ prefix: 'intruder' });
  const admin = await createAccount({ role: 'admin', prefix: 'other-admin' });
  const memberKeys: TestKey[] = [];
  for (let index = 0; index < 5; index++) memberKeys.push(await insertAccessKey(member.id));
  for (let index = 0; index < 5; index++) await insertAccessKey(admin.id);

  const ending = await new ConsoleClient().signIn(victim);
  const endedSession = ending.clone();
  await ending.action(`${CONSOLE}#signOutAction`);
  await new ConsoleClient().signIn(victim);
  const [victimSession] = await sessionIds(victim.id);

  // Added after the sign-ins above, which would otherwise stop at the second step.
  const totpSecret = randomBytes(20)
    .toString('hex')
    .toUpperCase()
    .replace(/[01890]/g, 'A')
    .slice(0, 32);
  await getDb()
    .insert(totpCredentials)
    .values({
      userId: victim.id,
      secretCiphertext: sealTotpSecret(totpSecret, victim.id),
      confirmedAt: new Date(),
    });
  const credentialId = randomBytes(16).toString('base64url');
  const [passkey] = await getDb()
    .insert(passkeys)
    .values({
      userId: victim.id,
      credentialId,
      publicKey: randomBytes(77).toString('base64url'),
      name: 'Victim laptop',
    })
    .returning({ id: passkeys.id });
  const [recoveryCode] = await transaction((tx) => replaceRecoveryCodes(tx, victim.id));

  const product = await createTestProduct('matrix', 'http://127.0.0.1:9/');
  const victimCode = String(randomInt(1_000_000)).padStart(6, '0');
  await getDb()
    .insert(verificationCodes)
    .values({
      userId: victim.id,
      codeHash: hashCode(victim.id, victimCode),
      expiresAt: new Date(Date.now() + 10 * 60_000),
    });

  return {
    victim,
    victimKeys,
    victimCode,
    victimMfa: { totpSecret, passkeyId: passkey.id, credentialId, recoveryCode },
    victimSession,
    member,
    memberKey: memberKeys[0],
    admin,
    newEmail: `never-created-${randomBytes(5).toString('hex')}@example.test`,
    product: { slug: product.slug, signingSecret: product.signingSecret },
    clients: {
      'signed out': new ConsoleClient(),
      'ended session': endedSession,
      member: await signedInVerified(member),
      administrator: await signedInVerified(admin),
    },
  };
}

/** Everything an intruder could change or leave behind about the victim and about themselves. */
async function snapshot(world: World, allowedAudits: readonly string[] = []) {
  const db = getDb();
  const { victim, victimKeys } = world;
  const people = [victim.id, world.member.id, world.admin.id];
  const aboutVictim = [
    String(victim.id),
    victimKeys.enabled.accessKeyId,
    victimKeys.disabled.accessKeyId,
  ];
  // Ordered, so that two snapshots compare equal whatever order the engine returns rows in.
  return {
    accounts: await db.select().from(users).where(inArray(users.id, people)).orderBy(users.id),
    newAccount: await db.select().from(users).where(eq(users.email, world.newEmail)),
    victimKeys: await db
      .select()
      .from(accessKeys)
      .where(eq(accessKeys.userId, victim.id))
      .orderBy(accessKeys.id),
    // Their own keys' last use moves when they call the Open API; who owns what may not.
    otherKeys: await db
      .select({ id: accessKeys.id, userId: accessKeys.userId, status: accessKeys.status })
      .from(accessKeys)
      .where(inArray(accessKeys.userId, [world.member.id, world.admin.id]))
      .orderBy(accessKeys.id),
    victimSessions: await db
      .select()
      .from(sessions)
      .where(eq(sessions.userId, victim.id))
      .orderBy(sessions.id),
    victimCodes: await db
      .select()
      .from(verificationCodes)
      .where(eq(verificationCodes.userId, victim.id))
      .orderBy(verificationCodes.id),
    victimPasswordTokens: await db
      .select()
      .from(passwordTokens)
      .where(eq(passwordTokens.userId, victim.id))
      .orderBy(passwordTokens.id),
    audit: (
      await db
        .select()
        .from(auditLogs)
        .where(
          or(
            inArray(auditLogs.targetId, aboutVictim),
            and(
              eq(auditLogs.action, 'audit_log.exported'),
              inArray(auditLogs.actorId, [victim.id, world.member.id]),
            ),
          ),
        )
        .orderBy(auditLogs.id)
    ).filter((row) => !allowedAudits.includes(row.action)),
    victimMfa: {
      totp: await db.select().from(totpCredentials).where(eq(totpCredentials.userId, victim.id)),
      passkeys: await db.select().from(passkeys).where(eq(passkeys.userId, victim.id)),
      recoveryCodes: await db
        .select()
        .from(recoveryCodes)
        .where(eq(recoveryCodes.userId, victim.id))
        .orderBy(recoveryCodes.id),
    },
    // Console-wide: the key policy and the MFA policy (no test on this server changes them).
    settings: await db.select().from(settings).orderBy(settings.key),
    mailsToVictim: (await mailsTo(victim.email)).length,
    product: await db.select().from(products).where(eq(products.slug, world.product.slug)),
    victimScopes: await db
      .select()
      .from(accessKeyProducts)
      .where(
        inArray(accessKeyProducts.accessKeyId, [victimKeys.enabled.id, victimKeys.disabled.id]),
      )
      .orderBy(accessKeyProducts.accessKeyId, accessKeyProducts.productId),
    plantedProducts: await db.select().from(products).where(eq(products.slug, 'planted')),
  };
}

/** What must never reach anyone but the victim: email, password, AccessKey IDs, Secrets, code. */
function victimSecrets(world: World) {
  const { victim, victimKeys } = world;
  return [
    victim.email,
    victim.password,
    victimKeys.enabled.accessKeyId,
    victimKeys.enabled.secret,
    victimKeys.disabled.accessKeyId,
    victimKeys.disabled.secret,
    world.victimCode,
    world.victimMfa.totpSecret,
    world.victimMfa.recoveryCode,
    world.product.signingSecret,
  ];
}

/** Only what the caller sent may come back (the sign-in form echoes the email it was given). */
function expectNoLeak(world: World, reply: Reply, sent: readonly string[] = []) {
  const text = JSON.stringify(reply.headers) + reply.text;
  for (const secret of victimSecrets(world)) {
    if (sent.some((value) => value.includes(secret))) continue;
    expect(text, 'a victim detail in the answer').not.toContain(secret);
  }
}

// ---------------------------------------------------------------------------------------------
// Server actions

type Outcome =
  /** Stopped by the proxy before any action code ran. */
  | { signInPage: true }
  | { error: string | RegExp }
  | { success: RegExp }
  | { redirect: RegExp }
  /** An answer that is neither, such as WebAuthn options: the check says what it must hold. */
  | { state: (state: Record<string, unknown>, world: World) => void };

type ActionAttempt = { who: Who; fields: Fields; outcome: Outcome };

type ActionRow = {
  /** Audit rows a refusal rightly leaves about the victim (a failed sign-in with their email). */
  allowedAudits?: readonly string[];
  attempts(world: World): ActionAttempt[];
};

const SIGN_IN_PAGE = { signInPage: true } as const;

/** The two ways in without a live session, for actions that need one. */
function withoutSession(fields: Fields): ActionAttempt[] {
  return [
    { who: 'signed out', fields, outcome: SIGN_IN_PAGE },
    { who: 'ended session', fields, outcome: { error: SESSION_ENDED } },
  ];
}

/** A member aiming at administrators' work, plus the session-less ways in. */
function adminOnly(fieldSets: (world: World) => Fields[]): ActionRow {
  return {
    attempts: (world) =>
      fieldSets(world).flatMap((fields) => [
        ...withoutSession(fields),
        { who: 'member', fields, outcome: { error: NOT_ADMIN } },
      ]),
  };
}

/** Another member and another administrator aiming at the victim's AccessKeys. */
function victimKeyAttempts(fieldSets: (world: World) => Fields[]): ActionRow {
  return {
    attempts: (world) =>
      fieldSets(world).flatMap((fields) => [
        ...withoutSession(fields),
        ...(['member', 'administrator'] as const).map((who) => ({
          who,
          fields,
          outcome: {
            error: /^\d+$/.test(fields.id)
              ? errorMessage('accessKeyNotFound')
              : 'Choose an AccessKey.',
          },
        })),
      ]),
  };
}

const NEW_PASSWORD = 'a-brand-new-password-123';

/** Every server action of the build has a row; a new action without one fails the first test. */
const ACTIONS: Record<string, ActionRow> = {
  [`${LOGIN}#signInWithPasswordAction`]: {
    allowedAudits: ['auth.sign_in_failed'],
    attempts: ({ victim }) =>
      (['signed out', 'ended session', 'member'] as const).map((who) => ({
        who,
        fields: { email: victim.email, password: 'not-the-password' },
        outcome: { error: 'Invalid email or password.' },
      })),
  },
  [`${SET_PASSWORD}#setPasswordFromLinkAction`]: {
    attempts: ({ victim }) =>
      (['signed out', 'member'] as const).map((who) => ({
        who,
        fields: {
          token: randomBytes(32).toString('base64url'),
          newPassword: NEW_PASSWORD,
          confirmPassword: NEW_PASSWORD,
          email: victim.email,
          userId: String(victim.id),
        },
        outcome: { error: errorMessage('linkInvalid') },
      })),
  },
  [`${CONSOLE}#signOutAction`]: {
    attempts: ({ victim }) => {
      const fields = { userId: String(victim.id), email: victim.email };
      return [
        { who: 'signed out', fields, outcome: SIGN_IN_PAGE },
        { who: 'ended session', fields, outcome: { redirect: /\/login$/ } },
        { who: 'member', fields, outcome: { redirect: /\/login$/ } },
      ];
    },
  },
  [`${KEYS}#createAccessKeyAction`]: {
    attempts: ({ victim }) => {
      const fields = { userId: String(victim.id), ownerId: String(victim.id) };
      return [
        ...withoutSession(fields),
        {
          who: 'member',
          fields,
          outcome: { error: errorMessage('accessKeyLimitReached', { max: 5 }) },
        },
        {
          who: 'administrator',
          fields,
          outcome: { error: errorMessage('accessKeyLimitReached', { max: 5 }) },
        },
      ];
    },
  },
  [`${KEYS}#revealAccessKeySecretAction`]: victimKeyAttempts(({ victim, victimKeys }): Fields[] => [
    { id: String(victimKeys.enabled.id) },
    { id: String(victimKeys.disabled.id), userId: String(victim.id) },
    { id: victimKeys.enabled.accessKeyId },
  ]),
  [`${KEYS}#setAccessKeyStatusAction`]: victimKeyAttempts(({ victimKeys }) => [
    { id: String(victimKeys.enabled.id), status: 'disabled' },
    { id: String(victimKeys.disabled.id), status: 'enabled' },
    { id: victimKeys.enabled.accessKeyId, status: 'disabled' },
  ]),
  [`${KEYS}#setAccessKeyScopeAction`]: victimKeyAttempts(({ victimKeys, product }) => [
    { id: String(victimKeys.enabled.id), products: 'all' },
    { id: String(victimKeys.disabled.id), products: product.slug },
    { id: victimKeys.enabled.accessKeyId, products: 'all' },
  ]),
  [`${KEYS}#deleteAccessKeyAction`]: victimKeyAttempts(({ victimKeys }) => [
    { id: String(victimKeys.disabled.id) },
    { id: victimKeys.disabled.accessKeyId },
  ]),
  // Renaming the victim's key, or opening its allow-list to the intruder's address.
  [`${KEYS}#updateAccessKeyAction`]: victimKeyAttempts(({ victimKeys }): Fields[] => [
    { id: String(victimKeys.enabled.id), name: 'taken over', allowedIps: '' },
    { id: String(victimKeys.disabled.id), allowedIps: '0.0.0.0/0 ::/0' },
    { id: victimKeys.enabled.accessKeyId, name: 'taken over' },
  ]),
  [`${KEYS}#sendVerificationCodeAction`]: {
    attempts: ({ victim, member }) => {
      const fields = { email: victim.email, userId: String(victim.id) };
      return [
        ...withoutSession(fields),
        // The code goes to the caller's own address, whatever the form says.
        {
          who: 'member',
          fields,
          outcome: { success: new RegExp(`^We sent a 6-digit code to ${member.email}\\.`) },
        },
      ];
    },
  },
  [`${KEYS}#verifyEmailCodeAction`]: {
    attempts: ({ victim, victimCode }) => {
      const fields = { code: victimCode, userId: String(victim.id) };
      return [
        // The victim's own, ended session with the victim's right code.
        ...withoutSession(fields),
        { who: 'member', fields, outcome: { error: errorMessage('noActiveCode') } },
      ];
    },
  },
  [`${BASIC}#changePasswordAction`]: {
    attempts: ({ victim }) => {
      const fields = {
        currentPassword: victim.password,
        newPassword: NEW_PASSWORD,
        confirmPassword: NEW_PASSWORD,
        userId: String(victim.id),
      };
      return [
        ...withoutSession(fields),
        { who: 'member', fields, outcome: { error: 'The current password is not correct.' } },
      ];
    },
  },
  // Acts on the caller's own account only: a victim's id in the form changes nothing of theirs.
  // ('browser' is what the caller already has, so the caller's row stays as the snapshot saw it.)
  [`${BASIC}#setAccountLocaleAction`]: {
    attempts: ({ victim }) => {
      const fields = { locale: 'browser', userId: String(victim.id) };
      return [
        ...withoutSession(fields),
        { who: 'member', fields, outcome: { success: /browser/ } },
        {
          who: 'member',
          fields: { ...fields, locale: 'xx' },
          outcome: { error: 'Choose one of the listed languages.' },
        },
      ];
    },
  },
  [`${ADMIN}#createAccountAction`]: adminOnly(({ newEmail }): Fields[] => [
    { email: newEmail, name: 'Planted', role: 'admin', password: NEW_PASSWORD },
    { email: newEmail, name: 'Planted', role: 'member', programmaticAccess: 'on' },
  ]),
  [`${ADMIN}#setProgrammaticAccessAction`]: adminOnly(({ victim }) => [
    { userId: String(victim.id), enabled: 'false' },
  ]),
  [`${ADMIN}#setUserRoleAction`]: adminOnly(({ victim, member }) => [
    { userId: String(member.id), role: 'admin' },
    { userId: String(victim.id), role: 'admin' },
  ]),
  [`${ADMIN}#setAccountStatusAction`]: adminOnly(({ victim }) => [
    { userId: String(victim.id), disabled: 'true' },
  ]),
  [`${ADMIN}#sendSetPasswordLinkAction`]: adminOnly(({ victim }) => [
    { userId: String(victim.id) },
  ]),
  // No administrator attempt: a changed policy would apply to every test running alongside.
  [`${KEY_POLICY}#setKeyPolicyAction`]: adminOnly(() => [
    { maxLifetimeDays: '1' },
    { maxLifetimeDays: 'none' },
  ]),
  [`${LOGIN}#verifySecondStepAction`]: {
    // Without the pending sign-in's cookie there is nothing to complete, whatever the form says.
    attempts: ({ victim, victimMfa }) =>
      (['signed out', 'ended session', 'member'] as const).flatMap((who): ActionAttempt[] => [
        {
          who,
          fields: { code: victimMfa.recoveryCode, email: victim.email },
          outcome: { redirect: /\/login\?expired=1$/ },
        },
        {
          who,
          fields: { passkey: '{"id":"x"}', userId: String(victim.id) },
          outcome: { error: 'That passkey could not be verified. Try again.' },
        },
      ]),
  },
  [`${LOGIN}#secondStepPasskeyOptionsAction`]: {
    attempts: ({ victim }) =>
      (['signed out', 'member'] as const).map((who) => ({
        who,
        fields: { email: victim.email },
        outcome: { redirect: /\/login\?expired=1$/ },
      })),
  },
  [`${LOGIN}#passkeySignInOptionsAction`]: {
    attempts: ({ victim }) =>
      (['signed out', 'member'] as const).map((who) => ({
        who,
        fields: { email: victim.email },
        outcome: {
          state(state) {
            // A challenge for any passkey: no account's credentials are named.
            const options = state.options as { challenge: string; allowCredentials?: unknown[] };
            expect(options.challenge).toMatch(/^[\w-]{32,}$/);
            // undefined travels as "$undefined" in the RSC payload.
            expect([undefined, '$undefined']).toContain(options.allowCredentials);
          },
        },
      })),
  },
  [`${LOGIN}#signInWithPasskeyAction`]: {
    allowedAudits: ['auth.sign_in_failed'],
    attempts: ({ victimMfa }) => {
      // An assertion naming the victim's passkey, signed by nobody.
      const forged = JSON.stringify({
        id: victimMfa.credentialId,
        rawId: victimMfa.credentialId,
        type: 'public-key',
        response: {
          clientDataJSON: Buffer.from('{}').toString('base64url'),
          authenticatorData: 'AAAA',
          signature: 'AAAA',
        },
        clientExtensionResults: {},
      });
      return (['signed out', 'ended session', 'member'] as const).map((who) => ({
        who,
        fields: { passkey: forged },
        outcome: { error: 'That passkey could not be verified. Try again.' },
      }));
    },
  },
  [`${SECURITY}#startTotpSetupAction`]: {
    attempts: ({ victim }) => [
      ...withoutSession({ userId: String(victim.id) }),
      {
        who: 'member',
        fields: { userId: String(victim.id), email: victim.email },
        outcome: {
          // The caller's own setup, whatever the form names.
          state(state, { member }) {
            const setup = state.setup as { uri: string };
            expect(setup.uri).toContain(encodeURIComponent(member.email));
          },
        },
      },
    ],
  },
  [`${SECURITY}#confirmTotpSetupAction`]: {
    attempts: ({ victim }) => {
      const fields = { code: '123456', userId: String(victim.id) };
      return [
        ...withoutSession(fields),
        { who: 'member', fields, outcome: { error: /^Start the setup again/ } },
      ];
    },
  },
  [`${SECURITY}#removeTotpAction`]: {
    attempts: ({ victim }) => {
      const fields = { confirmation: victim.password, userId: String(victim.id) };
      return [
        ...withoutSession(fields),
        {
          who: 'member',
          fields,
          outcome: { error: 'The password or authenticator code is not correct.' },
        },
      ];
    },
  },
  [`${SECURITY}#passkeyRegistrationOptionsAction`]: {
    attempts: ({ victim }) => [
      ...withoutSession({ userId: String(victim.id) }),
      {
        who: 'member',
        fields: { userId: String(victim.id) },
        outcome: {
          state(state, { member, victimMfa }) {
            const options = state.options as {
              user: { name: string };
              excludeCredentials: { id: string }[];
            };
            expect(options.user.name).toBe(member.email);
            expect(options.excludeCredentials.map((c) => c.id)).not.toContain(
              victimMfa.credentialId,
            );
          },
        },
      },
    ],
  },
  [`${SECURITY}#registerPasskeyAction`]: {
    attempts: ({ victim }) => {
      const fields = { response: '{}', name: 'Planted', userId: String(victim.id) };
      return [
        ...withoutSession(fields),
        { who: 'member', fields, outcome: { error: /^The passkey could not be registered/ } },
      ];
    },
  },
  [`${SECURITY}#removePasskeyAction`]: {
    attempts: ({ victimMfa, member }) => {
      // The member's own, right password: the victim's passkey is still out of reach.
      const fields = { id: String(victimMfa.passkeyId), confirmation: member.password };
      return [
        ...withoutSession(fields),
        {
          who: 'member',
          fields,
          outcome: { error: 'That passkey no longer exists. Reload the page.' },
        },
      ];
    },
  },
  [`${SECURITY}#regenerateRecoveryCodesAction`]: {
    attempts: ({ victim, member }) => {
      const fields = { confirmation: member.password, userId: String(victim.id) };
      return [
        ...withoutSession(fields),
        { who: 'member', fields, outcome: { error: /^Set up an authenticator app or a passkey/ } },
      ];
    },
  },
  [`${ADMIN}#resetMfaAction`]: adminOnly(({ victim }) => [{ userId: String(victim.id) }]),
  [`${SETTINGS}#setMfaPolicyAction`]: adminOnly(() => [
    { policy: 'everyone' },
    { policy: 'nobody' },
  ]),
  [`${PRODUCTS}#createProductAction`]: adminOnly(() => [
    {
      slug: 'planted',
      name: 'Planted',
      upstreamUrl: 'http://127.0.0.1:9/',
      timeoutSeconds: '30',
      maxBodyMiB: '1',
      enabled: 'on',
    },
  ]),
  [`${PRODUCTS}#updateProductAction`]: adminOnly(({ product }) => [
    {
      currentSlug: product.slug,
      slug: 'planted',
      name: 'Planted',
      upstreamUrl: 'http://evil.example/',
      timeoutSeconds: '30',
      maxBodyMiB: '1',
    },
  ]),
  [`${PRODUCTS}#setProductEnabledAction`]: adminOnly(({ product }) => [
    { slug: product.slug, enabled: 'false' },
  ]),
  [`${PRODUCTS}#rotateProductSigningSecretAction`]: adminOnly(({ product }) => [
    { slug: product.slug },
  ]),
  [`${PRODUCTS}#deleteProductAction`]: adminOnly(({ product }) => [{ slug: product.slug }]),
};

function expectOutcome(reply: ActionReply, outcome: Outcome, world: World) {
  expect(reply.status, reply.text.slice(0, 300)).toBeLessThan(500);
  if ('signInPage' in outcome) {
    expect(reply.status).toBe(307);
    expect(reply.headers.location).toMatch(/^\/login\?callbackUrl=/);
    return;
  }
  if ('redirect' in outcome) {
    expect(reply.redirect).toMatch(outcome.redirect);
    return;
  }
  expect(reply.status).toBe(200);
  if ('state' in outcome) {
    expect(reply.state).not.toBeNull();
    expect(reply.state!.error).toBeUndefined();
    outcome.state(reply.state!, world);
    return;
  }
  if ('success' in outcome) {
    expect(reply.state?.success).toMatch(outcome.success);
    return;
  }
  expect(reply.state).not.toBeNull();
  const { error, ...rest } = reply.state!;
  if (typeof outcome.error === 'string') expect(error).toBe(outcome.error);
  else expect(error).toMatch(outcome.error);
  // A refusal carries nothing else: no Secret, no success, no verification flag.
  expect(Object.keys(rest).filter((key) => key !== 'email')).toEqual([]);
}

test('the matrix has a row for every server action in the build', () => {
  expect(Object.keys(ACTIONS).sort()).toEqual([...builtServerActions().keys()].sort());
});

for (const [name, row] of Object.entries(ACTIONS)) {
  test(`server action ${name.replace(/^app\//, '')}: nothing changes, nothing leaks`, async () => {
    const world = await createWorld();
    const before = await snapshot(world, row.allowedAudits);
    const attempts = row.attempts(world);
    expect(new Set(attempts.map((attempt) => attempt.who)).size).toBeGreaterThanOrEqual(2);
    for (const attempt of attempts) {
      await test.step(`${attempt.who}: ${JSON.stringify(attempt.fields)}`, async () => {
        const reply = await world.clients[attempt.who].action(name, attempt.fields);
        expectOutcome(reply, attempt.outcome, world);
        expectNoLeak(world, reply, Object.values(attempt.fields));
      });
    }
    expect(await snapshot(world, row.allowedAudits)).toEqual(before);
  });
}

test('the same calls from the rightful caller go through, so the refusals above are real', async () => {
  const world = await createWorld();
  const { victim, victimKeys } = world;
  const owner = await signedInVerified(victim, world.victimMfa.totpSecret);
  const disable = await owner.action(`${KEYS}#setAccessKeyStatusAction`, {
    id: String(victimKeys.enabled.id),
    status: 'disabled',
  });
  expect(disable.state).toEqual({
    success: `AccessKey ${victimKeys.enabled.accessKeyId} disabled.`,
  });
  const shown = await owner.action(`${KEYS}#revealAccessKeySecretAction`, {
    id: String(victimKeys.disabled.id),
  });
  expect(shown.state).toEqual({
    key: { accessKeyId: victimKeys.disabled.accessKeyId, secret: victimKeys.disabled.secret },
  });
  const deleted = await owner.action(`${KEYS}#deleteAccessKeyAction`, {
    id: String(victimKeys.disabled.id),
  });
  expect(deleted.state).toEqual({
    success: `AccessKey ${victimKeys.disabled.accessKeyId} deleted.`,
  });

  const revoke = await world.clients.administrator.action(`${ADMIN}#setProgrammaticAccessAction`, {
    userId: String(victim.id),
    enabled: 'false',
  });
  expect(revoke.state?.success).toBe(
    `Programmatic Access revoked for ${victim.email}. Their AccessKeys stopped working.`,
  );
  const created = await world.clients.administrator.action(`${ADMIN}#createAccountAction`, {
    email: world.newEmail,
    name: 'Planted',
    role: 'member',
    password: NEW_PASSWORD,
  });
  expect(created.state?.success).toMatch(new RegExp(`^Account ${world.newEmail} created`));
});

// ---------------------------------------------------------------------------------------------
// Cross-origin posts

test('server actions posted from another site are refused and change nothing', async () => {
  const world = await createWorld();
  const owner = await signedInVerified(world.victim, world.victimMfa.totpSecret);
  const key = world.victimKeys.enabled;
  const name = `${KEYS}#setAccessKeyStatusAction`;
  const fields = { id: String(key.id), status: 'disabled' };
  const statusOf = async () => {
    const [row] = await getDb()
      .select({ status: accessKeys.status })
      .from(accessKeys)
      .where(eq(accessKeys.id, key.id));
    return row?.status;
  };
  const host = new URL(BASE_URL).host;

  const forged = [
    { origin: 'https://evil.example' },
    { origin: 'null' },
    { origin: 'https://evil.example', 'x-forwarded-host': 'evil.example' },
    { origin: `https://${host}.evil.example` },
  ];
  for (const headers of forged) {
    await test.step(`fetch action with ${JSON.stringify(headers)}`, async () => {
      const reply = await owner.action(name, fields, { headers });
      expect(reply.status).toBe(403);
      expect(reply.text).toBe(CROSS_ORIGIN_REFUSED);
      expect(await statusOf()).toBe('enabled');
    });
  }

  await test.step('a no-JavaScript form post from another site', async () => {
    const { body, contentType } = await encodeFormPost(serverAction(name), fields);
    const reply = await owner.send('POST', serverAction(name).page, {
      headers: { 'content-type': contentType, origin: 'https://evil.example' },
      body,
    });
    expect(reply.status).toBe(403);
    expect(await statusOf()).toBe('enabled');
  });

  await test.step('Auth.js endpoints too', async () => {
    const reply = await owner.send('POST', '/api/auth/signout', {
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'https://evil.example',
      },
      body: 'csrfToken=x',
    });
    expect(reply.status).toBe(403);
    expect((await sessionIds(world.victim.id)).length).toBe(2);
  });

  // The same request from the console's own origin goes through, so the refusals were about origin.
  const same = await owner.action(name, fields);
  expect(same.state).toEqual({ success: `AccessKey ${key.accessKeyId} disabled.` });
  expect(await statusOf()).toBe('disabled');
});

test('a form larger than the server action limit gets 413 and writes nothing', async () => {
  const world = await createWorld();
  const before = await snapshot(world);
  const { body, contentType } = await encodeActionArguments({
    email: world.newEmail,
    name: 'x'.repeat(1024 * 1024),
    role: 'member',
  });
  const reply = await world.clients.administrator.send(
    'POST',
    serverAction(`${ADMIN}#createAccountAction`).page,
    {
      headers: {
        'next-action': serverAction(`${ADMIN}#createAccountAction`).id,
        'content-type': contentType,
        origin: BASE_URL,
      },
      body,
    },
  );
  expect(reply.status).toBe(413);
  expect(reply.text).toBe('The form is larger than 1 MiB. Shorten what you entered and try again.');
  expect(await snapshot(world)).toEqual(before);
});

// ---------------------------------------------------------------------------------------------
// Next route handlers

type RouteAttempt = {
  who: Who;
  method: 'GET' | 'POST';
  path: string;
  /** A form or JSON body; `csrf` adds the caller's Auth.js CSRF token. */
  form?: Record<string, string>;
  json?: Record<string, unknown>;
  status: number;
  check?(reply: Reply, world: World, client: ConsoleClient): Promise<void> | void;
};

async function csrfToken(client: ConsoleClient) {
  const reply = await client.send('GET', '/api/auth/csrf');
  return (JSON.parse(reply.text) as { csrfToken: string }).csrfToken;
}

async function sendRouteAttempt(client: ConsoleClient, attempt: RouteAttempt) {
  if (attempt.form) {
    const form = new URLSearchParams({ ...attempt.form, csrfToken: await csrfToken(client) });
    return client.send(attempt.method, attempt.path, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
  }
  if (attempt.json) {
    return client.send(attempt.method, attempt.path, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...attempt.json, csrfToken: await csrfToken(client) }),
    });
  }
  return client.send(attempt.method, attempt.path);
}

const AUTH_PAGES = ['providers', 'csrf', 'signin', 'signout', 'error', 'verify-request'];

/** Every app/**\/route.ts has a row. */
const ROUTE_HANDLERS: Record<string, (world: World) => RouteAttempt[]> = {
  'app/(console)/admin/audit-log/export/route.ts': ({ victim }) => {
    const path = `/admin/audit-log/export?actor=${encodeURIComponent(victim.email)}`;
    return [
      { who: 'signed out', method: 'GET', path, status: 307 },
      { who: 'ended session', method: 'GET', path, status: 404 },
      { who: 'member', method: 'GET', path, status: 404 },
      { who: 'member', method: 'POST', path, status: 405 },
    ];
  },
  'app/api/auth/[...nextauth]/route.ts': ({ victim, victimSession }): RouteAttempt[] => [
    ...(['signed out', 'ended session'] as const).map((who) => ({
      who,
      method: 'GET' as const,
      path: '/api/auth/session',
      status: 200,
      check(reply: Reply) {
        expect(reply.text).toBe('null');
      },
    })),
    {
      who: 'member',
      method: 'GET',
      path: '/api/auth/session',
      status: 200,
      check(reply, world) {
        expect(JSON.parse(reply.text).user.email).toBe(world.member.email);
      },
    },
    ...(['signed out', 'member'] as const).flatMap((who) =>
      AUTH_PAGES.map((page) => ({
        who,
        method: 'GET' as const,
        path: `/api/auth/${page}`,
        status: page === 'signin' ? 302 : 200,
      })),
    ),
    // Auth.js's session update: the token must not take the victim's session id or email.
    {
      who: 'member',
      method: 'POST',
      path: '/api/auth/session',
      json: {
        data: { sid: victimSession, email: victim.email, user: { email: victim.email } },
      },
      status: 200,
      async check(reply, world, client) {
        const page = await client.send('GET', '/account/basic-information');
        expect(page.status).toBe(200);
        expect(page.text).toContain(world.member.email);
        expect(page.text).not.toContain(world.victim.email);
      },
    },
    ...(['signed out', 'member'] as const).map((who) => ({
      who,
      method: 'POST' as const,
      path: '/api/auth/callback/credentials',
      form: { email: victim.email, password: 'not-the-password' },
      status: 302,
      check(reply: Reply) {
        expect(reply.headers.location).toMatch(/[?&]code=credentials(&|$)/);
      },
    })),
    {
      who: 'member',
      method: 'POST',
      path: '/api/auth/signin/credentials',
      form: { email: victim.email, password: 'not-the-password' },
      status: 302,
    },
    {
      who: 'ended session',
      method: 'POST',
      path: '/api/auth/signout',
      form: {},
      status: 302,
    },
    // Last: it ends the member's own session, and only that one.
    { who: 'member', method: 'POST', path: '/api/auth/signout', form: {}, status: 302 },
  ],
};

function routeFiles(directory: string): string[] {
  return readdirSync(directory, { recursive: true, encoding: 'utf8' })
    .filter((file) => path.basename(file) === 'route.ts')
    .map((file) => path.posix.join(directory, file.split(path.sep).join('/')));
}

test('the matrix has a row for every route handler', () => {
  expect(Object.keys(ROUTE_HANDLERS).sort()).toEqual(routeFiles('app').sort());
});

for (const [file, attemptsFor] of Object.entries(ROUTE_HANDLERS)) {
  test(`route handler ${file.replace(/^app\//, '')}: nothing changes, nothing leaks`, async () => {
    const world = await createWorld();
    const allowedAudits = ['auth.sign_in_failed'];
    const before = await snapshot(world, allowedAudits);
    for (const attempt of attemptsFor(world)) {
      await test.step(`${attempt.who}: ${attempt.method} ${attempt.path}`, async () => {
        const client = world.clients[attempt.who];
        const reply = await sendRouteAttempt(client, attempt);
        expect(reply.status, reply.text.slice(0, 300)).toBe(attempt.status);
        const sent = [...Object.values(attempt.form ?? {}), JSON.stringify(attempt.json ?? {})];
        expectNoLeak(world, reply, sent);
        await attempt.check?.(reply, world, client);
      });
    }
    expect(await snapshot(world, allowedAudits)).toEqual(before);
    // Nothing above let anyone into the victim's account.
    expect((await sessionIds(world.victim.id)).length).toBe(1);
  });
}

// ---------------------------------------------------------------------------------------------
// Open API

type ApiCaller =
  'unsigned' | "the victim's AccessKey ID, signed with the member's Secret" | 'member';

type ApiAttempt = {
  caller: ApiCaller;
  path: string;
  body?: string;
  status: number;
  code?: string;
  check?(json: Record<string, unknown>, world: World): void | Promise<void>;
};

const API_CALLERS: readonly ApiCaller[] = [
  'unsigned',
  "the victim's AccessKey ID, signed with the member's Secret",
  'member',
];

async function callOpenApi(world: World, method: string, attempt: ApiAttempt) {
  const url = `${BASE_URL}${attempt.path}`;
  const client = new ConsoleClient();
  const sign = (accessKeyId: string) =>
    signRequest({
      accessKeyId,
      secret: world.memberKey.secret,
      method,
      url,
      body: attempt.body,
    });
  const headers: Record<string, string> =
    attempt.caller === 'unsigned'
      ? { 'content-type': 'application/json' }
      : attempt.caller === 'member'
        ? sign(world.memberKey.accessKeyId)
        : sign(world.victimKeys.enabled.accessKeyId);
  return client.send(method, attempt.path, { headers, body: attempt.body });
}

/** Rows for the session-less callers, shared by every route. */
function unauthenticated(path: string, body?: string): ApiAttempt[] {
  return [
    { caller: API_CALLERS[0], path, body, status: 401, code: 'MissingAuthorization' },
    { caller: API_CALLERS[1], path, body, status: 401, code: 'SignatureDoesNotMatch' },
  ];
}

/** Administrator-only product routes: the two session-less callers, then a member's key. */
function productRoutes(): Record<string, (world: World) => ApiAttempt[]> {
  const body = JSON.stringify({ slug: 'planted', name: 'Planted', upstreamUrl: 'http://x.test/' });
  const rows: [string, string, string | undefined][] = [
    ['GET /api/v1/products', '/api/v1/products', undefined],
    ['POST /api/v1/products', '/api/v1/products', body],
    ['GET /api/v1/products/{slug}', '/api/v1/products/{slug}', undefined],
    ['PATCH /api/v1/products/{slug}', '/api/v1/products/{slug}', '{"enabled":false}'],
    ['DELETE /api/v1/products/{slug}', '/api/v1/products/{slug}', undefined],
    [
      'POST /api/v1/products/{slug}/rotate-signing-secret',
      '/api/v1/products/{slug}/rotate-signing-secret',
      undefined,
    ],
  ];
  return Object.fromEntries(
    rows.map(([key, template, sent]) => [
      key,
      ({ product }: World) => {
        const path = template.replace('{slug}', product.slug);
        return [
          ...unauthenticated(path, sent),
          { caller: 'member' as const, path, body: sent, status: 403, code: 'Forbidden' },
        ];
      },
    ]),
  );
}

/** Every route of lib/open-api/routes.ts has a row, keyed `METHOD path`. */
const OPEN_API: Record<string, (world: World) => ApiAttempt[]> = {
  'GET /api/v1/account': () => [
    ...unauthenticated('/api/v1/account'),
    {
      caller: 'member',
      path: '/api/v1/account',
      status: 200,
      check(json, { member }) {
        expect(json.id).toBe(member.id);
        expect(json.email).toBe(member.email);
      },
    },
  ],
  'GET /api/v1/access-keys': ({ victim }) => [
    ...unauthenticated(`/api/v1/access-keys?userId=${victim.id}`),
    {
      caller: 'member',
      path: `/api/v1/access-keys?userId=${victim.id}`,
      status: 200,
      async check(json, { member }) {
        const items = json.items as { accessKeyId: string }[];
        const own = await getDb()
          .select({ accessKeyId: accessKeys.accessKeyId })
          .from(accessKeys)
          .where(eq(accessKeys.userId, member.id));
        expect(items.map((item) => item.accessKeyId).sort()).toEqual(
          own.map((key) => key.accessKeyId).sort(),
        );
      },
    },
  ],
  'GET /api/v1/access-keys/{id}/usage': ({ victimKeys, memberKey }) => [
    ...unauthenticated(`/api/v1/access-keys/${victimKeys.enabled.accessKeyId}/usage`),
    ...[victimKeys.enabled, victimKeys.disabled].map((key) => ({
      caller: 'member' as const,
      path: `/api/v1/access-keys/${key.accessKeyId}/usage?granularity=day`,
      status: 404,
      code: 'NotFound',
    })),
    {
      caller: 'member',
      path: `/api/v1/access-keys/${memberKey.accessKeyId}/usage`,
      status: 200,
      check(json) {
        expect(json.accessKeyId).toBe(memberKey.accessKeyId);
      },
    },
  ],
  'GET /api/v1/users': ({ victim }) => {
    const path = `/api/v1/users?q=${encodeURIComponent(victim.email)}`;
    return [...unauthenticated(path), { caller: 'member', path, status: 403, code: 'Forbidden' }];
  },
  ...productRoutes(),
  'PUT /api/v1/users/{id}/programmatic-access': ({ victim, member }) =>
    [victim.id, member.id].flatMap((id) => {
      const path = `/api/v1/users/${id}/programmatic-access`;
      const body = JSON.stringify({ enabled: id !== victim.id });
      return [
        ...unauthenticated(path, body),
        { caller: 'member' as const, path, body, status: 403, code: 'Forbidden' },
      ];
    }),
};

test('the matrix has a row for every Open API route', () => {
  expect(Object.keys(OPEN_API).sort()).toEqual(
    ROUTES.map((route) => `${route.method} ${route.path}`).sort(),
  );
});

for (const [key, attemptsFor] of Object.entries(OPEN_API)) {
  test(`Open API ${key}: nothing changes, nothing leaks`, async () => {
    const world = await createWorld();
    const [method] = key.split(' ');
    const before = await snapshot(world);
    const attempts = attemptsFor(world);
    expect(new Set(attempts.map((attempt) => attempt.caller))).toEqual(new Set(API_CALLERS));
    for (const attempt of attempts) {
      await test.step(`${attempt.caller}: ${method} ${attempt.path}`, async () => {
        const reply = await callOpenApi(world, method, attempt);
        expect(reply.status, reply.text.slice(0, 300)).toBe(attempt.status);
        const json = JSON.parse(reply.text) as Record<string, unknown>;
        if (attempt.code) expect(json.code).toBe(attempt.code);
        expectNoLeak(world, reply, [attempt.path]);
        await attempt.check?.(json, world);
      });
    }
    expect(await snapshot(world)).toEqual(before);
  });
}

// ---------------------------------------------------------------------------------------------
// Usage pages

type PageAttempt = {
  who: Who | 'victim';
  path: string;
  /** 200, 404, or 'sign in' for a redirect to the sign-in page. */
  answer: 200 | 404 | 'sign in';
  /** What a 200 must show. */
  shows?: string[];
};

/** Every page that shows usage has a row: only a key's owner, and administrators on theirs. */
const USAGE_PAGES: Record<string, (world: World) => PageAttempt[]> = {
  'app/(console)/account/api-information/access-keys/[accessKeyId]/page.tsx': ({
    victimKeys,
    memberKey,
  }) => {
    const path = `/account/api-information/access-keys/${victimKeys.enabled.accessKeyId}`;
    return [
      { who: 'signed out', path, answer: 'sign in' },
      { who: 'ended session', path, answer: 'sign in' },
      { who: 'member', path, answer: 404 },
      { who: 'member', path: `${path}?product=open-api`, answer: 404 },
      // An account page: an administrator's own keys only (every key is under Administration).
      { who: 'administrator', path, answer: 404 },
      { who: 'victim', path, answer: 200, shows: [victimKeys.enabled.accessKeyId] },
      {
        who: 'member',
        path: `/account/api-information/access-keys/${memberKey.accessKeyId}`,
        answer: 200,
        shows: [memberKey.accessKeyId],
      },
    ];
  },
  'app/(console)/admin/usage/page.tsx': () => [
    { who: 'signed out', path: '/admin/usage', answer: 'sign in' },
    { who: 'ended session', path: '/admin/usage', answer: 'sign in' },
    { who: 'member', path: '/admin/usage', answer: 404 },
    { who: 'victim', path: '/admin/usage?product=open-api', answer: 404 },
    { who: 'administrator', path: '/admin/usage', answer: 200, shows: ['Busiest AccessKeys'] },
  ],
  'app/(console)/admin/usage/keys/[accessKeyId]/page.tsx': ({ victim, victimKeys, memberKey }) => {
    const path = `/admin/usage/keys/${victimKeys.enabled.accessKeyId}`;
    return [
      { who: 'signed out', path, answer: 'sign in' },
      { who: 'ended session', path, answer: 'sign in' },
      { who: 'member', path, answer: 404 },
      { who: 'member', path: `/admin/usage/keys/${memberKey.accessKeyId}`, answer: 404 },
      { who: 'victim', path, answer: 404 },
      {
        who: 'administrator',
        path,
        answer: 200,
        shows: [victimKeys.enabled.accessKeyId, victim.email],
      },
    ];
  },
};

test('the matrix has a row for every usage page', () => {
  const pages = readdirSync('app', { recursive: true, encoding: 'utf8' })
    .map((file) => path.posix.join('app', file.split(path.sep).join('/')))
    .filter((file) => /\/(usage|\[accessKeyId\])\//.test(file) && file.endsWith('/page.tsx'));
  expect(Object.keys(USAGE_PAGES).sort()).toEqual(pages.sort());
});

for (const [file, attemptsFor] of Object.entries(USAGE_PAGES)) {
  test(`usage page ${file.replace(/^app\//, '')}: the owner and administrators only`, async () => {
    const world = await createWorld();
    // The victim has an authenticator app (createWorld): the sign-in answers its second step.
    const victim = await new ConsoleClient().signIn(world.victim, async () => ({
      code: await generate({ secret: world.victimMfa.totpSecret }),
    }));
    const before = await snapshot(world);
    for (const attempt of attemptsFor(world)) {
      await test.step(`${attempt.who}: GET ${attempt.path}`, async () => {
        const client = attempt.who === 'victim' ? victim : world.clients[attempt.who];
        const reply = await client.send('GET', attempt.path);
        if (attempt.answer === 'sign in') {
          expect(reply.status, reply.text.slice(0, 300)).toBe(307);
          expect(reply.headers.location).toMatch(/\/login/);
        } else {
          expect(reply.status, reply.text.slice(0, 300)).toBe(attempt.answer);
        }
        for (const text of attempt.shows ?? []) expect(reply.text).toContain(text);
        if (attempt.who !== 'victim' && attempt.who !== 'administrator') {
          expectNoLeak(world, reply, [attempt.path]);
        }
      });
    }
    expect(await snapshot(world)).toEqual(before);
  });
}

test('the public Open API document and health check carry no account data', async () => {
  const world = await createWorld();
  for (const target of ['/api/v1/openapi.json', '/api/health']) {
    const reply = await new ConsoleClient().send('GET', target);
    expect(reply.status).toBe(200);
    expectNoLeak(world, reply);
    expect(reply.text).not.toContain('@example.test');
  }
});

test('unsigned leak reports with guessed or near-miss Secrets change nothing and say nothing', async () => {
  const world = await createWorld();
  const before = await snapshot(world);
  const nearMiss = (secret: string) => `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
  const reports = [
    [{ secret: nearMiss(world.victimKeys.enabled.secret), url: 'https://guess.example' }],
    [{ secret: world.victimKeys.enabled.accessKeyId }, { secret: world.victim.email }],
    [{ secret: world.victim.password }, { secret: world.victimCode }],
  ];
  for (const body of reports) {
    const text = JSON.stringify(body);
    const reply = await new ConsoleClient().send('POST', '/api/v1/leaked-credentials', {
      headers: { 'content-type': 'application/json' },
      body: text,
    });
    expect(reply.status, reply.text).toBe(202);
    expect(JSON.parse(reply.text)).toEqual({ received: body.length });
    expectNoLeak(world, reply, [text]);
  }
  expect(await snapshot(world)).toEqual(before);
});
