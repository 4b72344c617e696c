import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { eq, inArray } from 'drizzle-orm';
import { getDb } from '@/db';
import {
  accessKeys,
  auditLogs,
  passkeys,
  recoveryCodes,
  sessions,
  totpCredentials,
  users,
  verificationCodes,
} from '@/db/schema';
import { transaction } from '@/db';
import { replaceRecoveryCodes } from '@/lib/auth/mfa/recovery-codes';
import { sealTotpSecret } from '@/lib/auth/mfa/totp';
import { markSessionVerified } from '@/lib/auth/sessions';
import { formOf, hostile, plausible, type Fields } from '@/test/fuzz-inputs';
import { ConsoleClient, type ActionReply, type Reply } from './action-client';
import { startIsolatedServer } from './admin-fixtures';
import { insertAccessKey } from './api-fixtures';
import { createAccount, mailsTo, waitLongerForWrites, type Account } from './fixtures';

// Other specs write large batches (100,000 seeded accounts); wait for them rather than fail.
test.beforeAll(() => waitLongerForWrites());

/** Few runs per action over real HTTP: the many-run fuzzing is lib/actions-fuzz.test.ts. */
const RUNS = 25;
const LIMIT_BYTES = 1024 * 1024;

const KEYS = 'app/(console)/account/api-information/access-keys/actions.ts';
const ADMIN = 'app/(console)/admin/users/actions.ts';
const LOGIN = 'app/(auth)/login/actions.ts';
const SECURITY = 'app/(console)/account/basic-information/sign-in-security/actions.ts';

type Outcome = 'accepted' | 'refused' | 'redirected';

function expectWholeSentence(message: unknown) {
  expect(typeof message).toBe('string');
  expect(message as string).toMatch(/^[\p{L}\p{N}].*[.!?]$/su);
  // What the user typed may be quoted back ("undefined" is a fine IP allow-list typo); the rest is ours.
  expect((message as string).replace(/"[^"]*"/g, '""')).not.toMatch(
    /\n\s+at |SQLITE|duplicate key|violates|Invalid input|undefined/,
  );
}

/** Every answer is a clear 4xx or a state with a sentence; never a 5xx, never a bare crash. */
function judge(reply: ActionReply): Outcome {
  expect(reply.status, reply.text.slice(0, 300)).toBeLessThan(500);
  if (reply.sent > LIMIT_BYTES) {
    expect(reply.status).toBe(413);
    expectWholeSentence(reply.text);
    return 'refused';
  }
  expect(reply.status, reply.text.slice(0, 300)).toBe(200);
  if (reply.redirect !== null) return 'redirected';
  expect(reply.state, reply.text.slice(0, 300)).not.toBeNull();
  const state = reply.state!;
  if (state.error !== undefined) {
    expectWholeSentence(state.error);
    expect(state.success).toBeUndefined();
    expect(state.key).toBeUndefined();
    return 'refused';
  }
  if (state.key === undefined) expectWholeSentence(state.success);
  return 'accepted';
}

type Measure = (fields: Record<string, string>) => Promise<unknown>;

async function fuzzAction(options: {
  client: ConsoleClient;
  action: string;
  fields: Fields;
  wild?: fc.Arbitrary<string>;
  /** The rows a rejected call must leave exactly as they were. */
  measure: Measure;
}) {
  const outcomes: Outcome[] = [];
  await fc.assert(
    fc.asyncProperty(formOf(options.fields, options.wild), async (fields) => {
      const before = await options.measure(fields);
      const outcome = judge(await options.client.action(options.action, fields));
      outcomes.push(outcome);
      if (outcome === 'refused') expect(await options.measure(fields)).toEqual(before);
    }),
    { numRuns: RUNS },
  );
  return outcomes;
}

/**
 * The accounts holding `email` as the console would store it. No address holds U+0000 (the email check
 * refuses it, and PostgreSQL cannot even compare it in text), so such an input matches none.
 */
async function accountsWithEmail(email: string) {
  const stored = email.trim().toLowerCase();
  if (stored.includes('\u0000')) return [];
  return getDb().select({ id: users.id }).from(users).where(eq(users.email, stored));
}

async function auditsBy(actorId: number, except: readonly string[] = []) {
  const rows = await getDb()
    .select({ id: auditLogs.id, action: auditLogs.action })
    .from(auditLogs)
    .where(eq(auditLogs.actorId, actorId));
  return rows.filter((row) => !except.includes(row.action));
}

async function verifiedMember(keys = 2) {
  const member = await createAccount({ prefix: 'fuzz-member' });
  for (let index = 0; index < keys; index++) await insertAccessKey(member.id);
  const client = await new ConsoleClient().signIn(member);
  const rows = await getDb()
    .select({ id: sessions.id })
    .from(sessions)
    .where(eq(sessions.userId, member.id));
  for (const { id } of rows) await markSessionVerified(id);
  return { member, client };
}

function keysOf(member: Account) {
  return getDb()
    .select({ id: accessKeys.id, status: accessKeys.status, allProducts: accessKeys.allProducts })
    .from(accessKeys)
    .where(eq(accessKeys.userId, member.id))
    .orderBy(accessKeys.id);
}

test.describe('sign-in, on a console of its own', () => {
  test.describe.configure({ mode: 'default' });
  // Its own server, so hundreds of failed sign-ins cannot lock other tests out of 127.0.0.1.
  let isolated: Awaited<ReturnType<typeof startIsolatedServer>>;
  test.beforeAll(async () => {
    isolated = await startIsolatedServer();
  });
  test.afterAll(() => isolated?.stop());

  // Cast, so that both engines answer numbers (PostgreSQL's count is a bigint, read as a string).
  const counted = async () =>
    (
      await isolated.query<{ sessions: number; users: number }>(
        'select cast((select count(*) from sessions) as integer) as sessions, cast((select count(*) from users) as integer) as users',
      )
    )[0];

  function signInFields(): Fields {
    return {
      email: fc.oneof(plausible.email, fc.constant(isolated.admin.email)),
      password: fc.oneof(plausible.password, fc.constant(isolated.admin.password)),
      callbackUrl: fc.constantFrom('/account/basic-information', '//evil.example', 'https://e.x/'),
    };
  }

  test('the sign-in form: a sentence or a same-site redirect, and a session only for the right password', async () => {
    const outcomes: Outcome[] = [];
    await fc.assert(
      fc.asyncProperty(formOf(signInFields()), async (fields) => {
        const before = await counted();
        const client = new ConsoleClient(isolated.baseURL);
        const outcome = judge(
          await client.action('app/(auth)/login/actions.ts#signInWithPasswordAction', fields),
        );
        outcomes.push(outcome);
        const right =
          fields.email === isolated.admin.email && fields.password === isolated.admin.password;
        if (outcome === 'redirected') {
          expect(right).toBe(true);
          expect(client.cookies.has('authjs.session-token')).toBe(true);
        } else {
          expect(await counted()).toEqual(before);
        }
      }),
      { numRuns: RUNS },
    );
    expect(outcomes).toContain('refused');
  });

  test('the Auth.js credentials callback: always a redirect on the site, never a 5xx or a stray session', async () => {
    const SITE = 'console.example.test';
    const fields = { ...signInFields(), csrfToken: fc.constant('__csrf__') };
    await fc.assert(
      fc.asyncProperty(formOf(fields), fc.boolean(), async (form, withCsrf) => {
        const before = await counted();
        const client = new ConsoleClient(isolated.baseURL);
        const csrf = JSON.parse((await client.send('GET', '/api/auth/csrf')).text).csrfToken;
        const body = new URLSearchParams(
          Object.entries(form).map(([name, value]) => [
            name,
            value === '__csrf__' && withCsrf ? csrf : value,
          ]),
        ).toString();
        // A site name that is not a loopback address, which Next would rename to localhost anyway.
        const reply: Reply = await client.send('POST', '/api/auth/callback/credentials', {
          headers: { 'content-type': 'application/x-www-form-urlencoded', host: SITE },
          body,
        });
        expect(reply.status, reply.text.slice(0, 300)).toBeLessThan(500);
        if (Buffer.byteLength(body) > LIMIT_BYTES) {
          expect(reply.status).toBe(413);
          return;
        }
        expect(reply.status).toBe(302);
        const location = new URL(reply.headers.location!, `http://${SITE}`);
        expect(location.origin).toBe(`http://${SITE}`);
        if (!location.searchParams.has('error')) {
          expect(form.email).toBe(isolated.admin.email);
          expect(form.password).toBe(isolated.admin.password);
        } else {
          expect(await counted()).toEqual(before);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

test('sending a verification code: one is sent, the rest wait, whatever the form says', async () => {
  const { member, client } = await verifiedMember();
  const measure = async () => ({
    codes: await getDb().$count(verificationCodes, eq(verificationCodes.userId, member.id)),
    audits: (await auditsBy(member.id)).length,
  });
  const outcomes = await fuzzAction({
    client,
    action: `${KEYS}#sendVerificationCodeAction`,
    fields: { email: plausible.email, userId: plausible.userId },
    measure,
  });
  const sent = outcomes.filter((outcome) => outcome === 'accepted').length;
  expect(sent).toBe(1);
  expect((await measure()).codes).toBe(1);
  expect((await mailsTo(member.email)).length).toBe(1);
});

test('verifying a code: a wrong or malformed one never verifies and never writes half', async () => {
  const { member, client } = await verifiedMember();
  await getDb().update(sessions).set({ verifiedUntil: null }).where(eq(sessions.userId, member.id));
  const sent = await client.action(`${KEYS}#sendVerificationCodeAction`);
  expect(sent.state?.success).toMatch(/^We sent a 6-digit code/);
  const measure = async () => ({
    codes: await getDb().$count(verificationCodes, eq(verificationCodes.userId, member.id)),
    verified: await getDb()
      .select({ verifiedUntil: sessions.verifiedUntil })
      .from(sessions)
      .where(eq(sessions.userId, member.id))
      .orderBy(sessions.id),
    // A well-formed wrong code is a counted, audited try; anything else leaves no trace.
    audits: (await auditsBy(member.id, ['verification.code_failed'])).length,
  });
  await fuzzAction({
    client,
    action: `${KEYS}#verifyEmailCodeAction`,
    fields: { code: fc.stringMatching(/^\d{6}$/) },
    measure,
  });
});

for (const name of [
  'createAccessKey',
  'setAccessKeyStatus',
  'revealAccessKeySecret',
  'deleteAccessKey',
  'updateAccessKey',
  'setAccessKeyScope',
]) {
  test(`${name}: random, Unicode, oversized and missing fields`, async () => {
    const { member, client } = await verifiedMember();
    const outcomes = await fuzzAction({
      client,
      action: `${KEYS}#${name}Action`,
      fields: {
        // The member's own row ids and others'; other owners' keys must stay out of reach.
        id: fc.oneof(
          fc.constantFrom(...(await keysOf(member)).map((key) => String(key.id))),
          plausible.id,
        ),
        status: fc.constantFrom('enabled', 'disabled'),
        name: plausible.name,
        description: plausible.name,
        allowedIps: fc.constantFrom('', '127.0.0.1', '127.0.0.0/8\n::1', '10.1.2.3/8', 'x'),
        expiresIn: fc.constantFrom('never', '7', '365', 'date', '8'),
        expiresOn: fc.constantFrom('2030-01-31', '2020-01-01', '2031-02-30', ''),
        products: fc.constantFrom('all', 'no-such-product', ''),
      },
      measure: async () => ({
        keys: await keysOf(member),
        audits: (await auditsBy(member.id)).length,
      }),
    });
    expect(outcomes).toContain('refused');
    expect((await keysOf(member)).length).toBeLessThanOrEqual(5);
  });
}

/** Ids that can name no account, so the fuzz cannot touch accounts of tests running alongside. */
const noAccountId = hostile.filter((value) => {
  const number = Number(value);
  return !(Number.isInteger(number) && number > 0);
});

for (const [name, fields] of Object.entries({
  createAccount: (): Fields => ({
    email: plausible.email.map((email) => `fuzz-${email}`),
    name: plausible.name,
    role: plausible.role,
    programmaticAccess: fc.constant('on'),
    password: fc.oneof(plausible.password, fc.constant('')),
  }),
  setUserRole: (ids: string[]): Fields => ({
    userId: fc.constantFrom(...ids),
    role: plausible.role,
  }),
  setProgrammaticAccess: (ids: string[]): Fields => ({
    userId: fc.constantFrom(...ids),
    enabled: plausible.flag,
  }),
  setAccountStatus: (ids: string[]): Fields => ({
    userId: fc.constantFrom(...ids),
    disabled: plausible.flag,
  }),
})) {
  test(`${name}: random, Unicode, oversized and missing fields`, async () => {
    const admin = await createAccount({ role: 'admin', prefix: 'fuzz-admin' });
    const bystanders = [
      await createAccount({ prefix: 'fuzz-bystander' }),
      await createAccount({ prefix: 'fuzz-bystander', programmaticAccess: false }),
    ];
    const client = await new ConsoleClient().signIn(admin);
    const ids = bystanders.map((account) => account.id);
    const outcomes = await fuzzAction({
      client,
      action: `${ADMIN}#${name}Action`,
      fields: fields(ids.map(String)),
      wild: noAccountId,
      measure: async (form) => ({
        bystanders: await getDb()
          .select()
          .from(users)
          .where(inArray(users.id, ids))
          .orderBy(users.id),
        audits: (await auditsBy(admin.id)).length,
        created: await accountsWithEmail(form.email ?? ''),
      }),
    });
    expect(outcomes).toContain('refused');
    // The administrator fuzzing is still one, and still signed in.
    const self = await client.action(`${ADMIN}#setProgrammaticAccessAction`, {
      userId: String(admin.id),
      enabled: 'true',
    });
    expect(self.state?.success).toBe(`Programmatic Access granted to ${admin.email}.`);
  });
}

/**
 * A member with an authenticator app, a passkey row and recovery codes, as the console stores them;
 * the client signed in before they were added, so it skipped the second step.
 */
async function memberWithSecondFactors() {
  const member = await createAccount({ prefix: 'fuzz-mfa' });
  const client = await new ConsoleClient().signIn(member);
  await getDb()
    .insert(totpCredentials)
    .values({
      userId: member.id,
      secretCiphertext: sealTotpSecret('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', member.id),
      confirmedAt: new Date(),
    });
  await getDb()
    .insert(passkeys)
    .values({
      userId: member.id,
      credentialId: `fuzz-${member.id}`,
      publicKey: 'AA',
      name: 'Fuzz',
    });
  await transaction((tx) => replaceRecoveryCodes(tx, member.id));
  return { member, client };
}

const mfaRows = async (userId: number) => ({
  totp: await getDb().select().from(totpCredentials).where(eq(totpCredentials.userId, userId)),
  passkeys: await getDb().select().from(passkeys).where(eq(passkeys.userId, userId)),
  recoveryCodes: await getDb()
    .select()
    .from(recoveryCodes)
    .where(eq(recoveryCodes.userId, userId))
    .orderBy(recoveryCodes.id),
  sessions: await getDb().$count(sessions, eq(sessions.userId, userId)),
});

test('the second step: a sentence or a redirect, never a session for a wrong answer', async () => {
  const { member } = await memberWithSecondFactors();
  await getDb().delete(sessions).where(eq(sessions.userId, member.id));
  const client = new ConsoleClient();
  const start = await client.action(`${LOGIN}#signInWithPasswordAction`, {
    email: member.email,
    password: member.password,
  });
  expect(start.redirect).toBe('/login/verify');
  const outcomes = await fuzzAction({
    client,
    action: `${LOGIN}#verifySecondStepAction`,
    fields: {
      code: fc.oneof(
        fc.stringMatching(/^\d{6}$/),
        fc.stringMatching(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/),
      ),
      passkey: fc.json(),
      callbackUrl: fc.constantFrom('/account/basic-information', '//evil.example'),
    },
    measure: async () => (await mfaRows(member.id)).sessions,
  });
  expect(outcomes).toContain('refused');
  // Wrong answers void the pending sign-in (a redirect to sign in again); none opened a session.
  expect((await mfaRows(member.id)).sessions).toBe(0);
  expect(client.cookies.has('authjs.session-token')).toBe(false);
});

for (const [name, fields] of Object.entries({
  confirmTotpSetup: (): Fields => ({ code: fc.stringMatching(/^\d{6}$/) }),
  removeTotp: (): Fields => ({ confirmation: plausible.password }),
  removePasskey: (): Fields => ({ id: plausible.id, confirmation: plausible.password }),
  regenerateRecoveryCodes: (): Fields => ({ confirmation: plausible.password }),
  registerPasskey: (): Fields => ({ response: fc.json(), name: plausible.name }),
})) {
  test(`${name}: random, Unicode, oversized and missing fields`, async () => {
    const { member, client } = await memberWithSecondFactors();
    const outcomes = await fuzzAction({
      client,
      action: `${SECURITY}#${name}Action`,
      fields: fields(),
      measure: () => mfaRows(member.id),
    });
    expect(outcomes).toContain('refused');
  });
}
