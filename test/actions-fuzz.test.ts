import fc from 'fast-check';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { formOf, hostile, plausible, toFormData, type Fields } from '@/test/fuzz-inputs';
import { prepareTestEnvironment } from '@/test/environment';

prepareTestEnvironment();

/** Thrown where Next's redirect() would end the action: a success, not a crash. */
class RedirectSignal extends Error {
  constructor(readonly url: string) {
    super(`redirect to ${url}`);
  }
}

const signedIn = vi.hoisted(() => ({ sessionId: null as string | null }));
// The browser's cookies, as next/headers hands them to the actions.
const jar = vi.hoisted(() => new Map<string, string>());

// Next's request scope and Auth.js only exist inside Next: stand-ins with the same contracts.
vi.mock('next/cache', () => ({ revalidatePath: () => {} }));
vi.mock('next/navigation', () => ({
  redirect: (url: string) => {
    throw new RedirectSignal(url);
  },
  // As Next's own: control-flow signals pass through the action wrapper's catch.
  unstable_rethrow: (error: unknown) => {
    if (error instanceof RedirectSignal) throw error;
  },
}));
// No Accept-Language and no language cookie (the jar only ever holds the pending sign-in): the
// actions answer in English.
vi.mock('next/headers', () => ({
  cookies: async () => ({
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)! } : undefined),
    set: (name: string, value: string) => jar.set(name, value),
    delete: (name: string) => jar.delete(name),
  }),
  headers: async () => new Headers(),
}));
vi.mock('@/lib/http/request-context', () => ({
  requestContext: async () => ({ ip: '192.0.2.10', userAgent: 'fuzz' }),
  requestContextFrom: () => ({ ip: '192.0.2.10', userAgent: 'fuzz' }),
}));
vi.mock('next-auth', () => {
  class AuthError extends Error {}
  class CredentialsSignin extends AuthError {
    code = 'credentials';
  }
  return { AuthError, CredentialsSignin };
});
vi.mock('@/lib/auth/next-auth', async () => {
  const { CredentialsSignin } = await import('next-auth');
  const { findActiveSession } = await import('@/lib/auth/sessions');
  const { authenticate } = await import('@/lib/auth/sign-in');
  const { mfaSetupRequired } = await import('@/lib/auth/mfa/policy');
  const { PENDING_SIGN_IN_COOKIE } = await import('@/lib/auth/mfa/pending-sign-in');
  const { parseCredentialResponse } = await import('@/lib/auth/mfa/passkeys');
  const { completePasskeySignIn, completeSecondStep } = await import('@/lib/auth/mfa/second-step');
  const request = { ip: '192.0.2.10', userAgent: 'fuzz' };
  const refuse = (code?: string) => {
    const refusal = new CredentialsSignin();
    if (code) refusal.code = code;
    return refusal;
  };
  type Input = { redirectTo: string } & Record<string, string | undefined>;
  return {
    SIGN_IN_THROTTLED: 'throttled',
    SECOND_STEP_REQUIRED: 'second_step',
    SIGN_IN_EXPIRED: 'expired',
    getCurrentSession: async () => {
      const found = signedIn.sessionId ? await findActiveSession(signedIn.sessionId) : null;
      return found && { ...found, mfaSetupRequired: await mfaSetupRequired(found.user) };
    },
    // What Auth.js does with the providers' authorize(): see lib/auth/next-auth.ts.
    signIn: async (provider: string, input: Input) => {
      const token = jar.get(PENDING_SIGN_IN_COOKIE) ?? null;
      const result =
        provider === 'credentials'
          ? await authenticate({ email: input.email!, password: input.password! }, request)
          : provider === 'passkey'
            ? parseCredentialResponse(input.passkey ?? '')
              ? await completePasskeySignIn(
                  token,
                  parseCredentialResponse(input.passkey!)!,
                  request,
                )
              : { status: 'invalid' as const }
            : input.passkey !== undefined
              ? parseCredentialResponse(input.passkey)
                ? await completeSecondStep(
                    token,
                    { passkey: parseCredentialResponse(input.passkey)! },
                    request,
                    'en',
                  )
                : { status: 'invalid' as const }
              : await completeSecondStep(token, { code: input.code ?? '' }, request, 'en');
      if (result.status === 'ok') throw new RedirectSignal(input.redirectTo);
      if (result.status === 'second_step') {
        jar.set(PENDING_SIGN_IN_COOKIE, result.token);
        throw refuse('second_step');
      }
      if (result.status === 'expired') throw refuse('expired');
      throw refuse(result.status === 'throttled' ? 'throttled' : undefined);
    },
    signOut: async () => {
      throw new RedirectSignal('/login');
    },
  };
});

const { getDb, migrateDatabase, transaction } = await import('@/db');
const schema = await import('@/db/schema');
const { createSession } = await import('@/lib/auth/sessions');
const { createUser } = await import('@/lib/users/accounts');
const { createAccessKey } = await import('@/lib/access-keys/keys');
const { authenticate } = await import('@/lib/auth/sign-in');
const login = await import('@/app/(auth)/login/actions');
const setPasswordActions = await import('@/app/(auth)/set-password/actions');
const keyActions = await import('@/app/(console)/account/api-information/access-keys/actions');
const basicActions = await import('@/app/(console)/account/basic-information/actions');
const adminActions = await import('@/app/(console)/admin/users/actions');
const keyPolicyActions = await import('@/app/(console)/admin/settings/key-policy-actions');
const securityActions =
  await import('@/app/(console)/account/basic-information/sign-in-security/actions');
const settingsActions = await import('@/app/(console)/admin/settings/actions');
const { writeSetting } = await import('@/lib/settings/settings');
const { sealTotpSecret } = await import('@/lib/auth/mfa/totp');
const { replaceRecoveryCodes } = await import('@/lib/auth/mfa/recovery-codes');
const { generate } = await import('otplib');
const productActions = await import('@/app/(console)/admin/products/actions');
const { createProduct } = await import('@/lib/products/products');

const seed = { actor: null, request: { ip: '192.0.2.1', userAgent: 'vitest' } };
const PASSWORD = 'fuzz-password-0123456789';

const TABLES = {
  settings: schema.settings,
  users: schema.users,
  sessions: schema.sessions,
  accessKeys: schema.accessKeys,
  verificationCodes: schema.verificationCodes,
  passwordTokens: schema.passwordTokens,
  signInFailures: schema.signInFailures,
  auditLogs: schema.auditLogs,
  mailbox: schema.mailboxMessages,
  totpCredentials: schema.totpCredentials,
  passkeys: schema.passkeys,
  recoveryCodes: schema.recoveryCodes,
  pendingSignIns: schema.pendingSignIns,
  products: schema.products,
  accessKeyProducts: schema.accessKeyProducts,
};

type Counts = Record<keyof typeof TABLES, number>;

async function counts(): Promise<Counts> {
  const db = getDb();
  const result = {} as Counts;
  for (const [name, table] of Object.entries(TABLES)) {
    result[name as keyof Counts] = await db.$count(table);
  }
  return result;
}

/**
 * A refusal the user can act on: one or more whole sentences, no stack, no raw error.
 * A sentence may open with the user's own input (an email can start with '-'), so only
 * whitespace is refused at the start; and it may name a well-formed value the user sent
 * ("No product has the slug undefined."), so what the form said is not taken for a raw error.
 */
function expectWholeSentence(message: unknown, sent: Record<string, string> = {}) {
  expect(typeof message).toBe('string');
  const text = message as string;
  expect(text).toMatch(/^\S.*[.!?]$/su);
  expect(text.length).toBeLessThan(400);
  // What the user typed may be quoted back ("undefined" is a fine IP allow-list typo); the rest is ours.
  const ownWords = Object.values(sent)
    .filter((value) => value.length > 1)
    .reduce((rest, value) => rest.replaceAll(value, '«sent»'), text.replace(/"[^"]*"/g, '""'));
  expect(ownWords).not.toMatch(
    /\n\s+at |SQLITE|Failed query|violates|duplicate key|TypeError|undefined|ZodError|Invalid input/,
  );
}

type State = { error?: string; success?: string } & Record<string, unknown>;

/** Runs an action; a redirect is one way to succeed, anything else thrown is a crash. */
async function run(
  action: (state: State, form: FormData) => Promise<unknown>,
  fields: Record<string, string>,
) {
  try {
    return { state: (await action({}, toFormData(fields))) as State };
  } catch (error) {
    if (error instanceof RedirectSignal) return { redirect: error.url };
    throw error;
  }
}

type Check = {
  action: (state: State, form: FormData) => Promise<unknown>;
  fields: Fields;
  /** Tables a rejected call may still write (a failed sign-in is counted and audited). */
  rejectedMayWrite?: readonly (keyof Counts)[];
  numRuns?: number;
  /** Runs before every call, e.g. to undo what an accepted call changed. */
  reset?: () => Promise<void>;
};

async function fuzz({ action, fields, rejectedMayWrite = [], numRuns = 60, reset }: Check) {
  await fc.assert(
    fc.asyncProperty(formOf(fields), async (form) => {
      await reset?.();
      const before = await counts();
      const outcome = await run(action, form);
      const after = await counts();
      if (outcome.redirect !== undefined) {
        // Redirects stay on this site, whatever callbackUrl said.
        expect(outcome.redirect).toMatch(/^\/(?![/\\])/);
        return;
      }
      const state = outcome.state;
      expect(state).toBeTypeOf('object');
      if (state.error !== undefined) {
        expectWholeSentence(state.error, form);
        expect(state.success).toBeUndefined();
        for (const name of Object.keys(before) as (keyof Counts)[]) {
          if (rejectedMayWrite.includes(name)) continue;
          expect(after[name], `${name} after a rejected call`).toBe(before[name]);
        }
      } else if (state.key === undefined) {
        expectWholeSentence(state.success, form);
      }
    }),
    { numRuns },
  );
}

async function account(role: 'admin' | 'member', programmaticAccess = true) {
  const user = await createUser(
    {
      email: `${role}-${Math.random().toString(36).slice(2)}@fuzz.test`,
      name: `Fuzz ${role}`,
      role,
      programmaticAccess,
      password: PASSWORD,
    },
    seed,
  );
  return { user, sessionId: await createSession(getDb(), user.id, seed.request) };
}

function signInAs(sessionId: string | null) {
  signedIn.sessionId = sessionId;
}

async function verifySession(sessionId: string) {
  await getDb()
    .update(schema.sessions)
    .set({ verifiedUntil: new Date(Date.now() + 20 * 60_000) })
    .where(eq(schema.sessions.id, sessionId));
}

let member: Awaited<ReturnType<typeof account>>;
let admin: Awaited<ReturnType<typeof account>>;

beforeAll(async () => {
  await migrateDatabase();
  vi.spyOn(console, 'log').mockImplementation(() => {});
  vi.spyOn(console, 'error').mockImplementation(() => {});
  member = await account('member');
  admin = await account('admin');
  for (let index = 0; index < 3; index++) await createAccessKey(member.user.id, seed);
  await verifySession(member.sessionId);
});

afterAll(() => {
  vi.restoreAllMocks();
});

describe('sign-in', () => {
  it('the sign-in form answers every input with a sentence and writes nothing but the failure', async () => {
    signInAs(null);
    await fuzz({
      action: login.signInWithPasswordAction,
      fields: {
        email: fc.oneof(plausible.email, fc.constant(member.user.email)),
        password: fc.oneof(plausible.password, fc.constant(PASSWORD)),
        callbackUrl: fc.constantFrom(
          '/account/basic-information',
          'https://evil.example/',
          '//evil.example',
          '/\\evil.example',
          'javascript:alert(1)',
        ),
      },
      rejectedMayWrite: ['signInFailures', 'auditLogs'],
      numRuns: 60,
    });
  }, 60_000);

  it('the credentials check never throws, and a refusal writes one failure and one audit row', async () => {
    const ips = fc.ipV4();
    await fc.assert(
      fc.asyncProperty(hostile, hostile, ips, async (email, password, ip) => {
        const before = await counts();
        const result = await authenticate({ email, password }, { ip, userAgent: 'fuzz' });
        const after = await counts();
        expect(result.status).not.toBe('ok');
        expect(after.sessions).toBe(before.sessions);
        expect(after.users).toBe(before.users);
        const failures = result.status === 'invalid' ? 1 : 0;
        expect(after.signInFailures - before.signInFailures).toBe(failures);
        expect(after.auditLogs - before.auditLogs).toBe(failures);
      }),
      {
        numRuns: 50,
        // Always tried: a NUL character, which SQLite stores and PostgreSQL refuses in text.
        examples: [
          ['\u0000', '', '192.0.2.1'],
          ['nul\u0000@example.test', 'pass\u0000word', '192.0.2.1'],
        ],
      },
    );
  }, 60_000);

  it('the welcome-link form refuses anything but a live link', async () => {
    signInAs(null);
    await fuzz({
      action: setPasswordActions.setPasswordFromLinkAction,
      fields: {
        token: fc.base64String({ minLength: 4, maxLength: 60 }),
        newPassword: fc.constant(PASSWORD),
        confirmPassword: fc.constant(PASSWORD),
      },
    });
  });
});

describe('verification codes', () => {
  it('sending a code answers with a sentence whatever the form holds', async () => {
    signInAs(member.sessionId);
    await fuzz({
      action: keyActions.sendVerificationCodeAction,
      fields: { email: fc.constant(admin.user.email), userId: fc.constant(String(admin.user.id)) },
      numRuns: 30,
    });
  });

  it('a wrong or malformed code is refused; only a well-formed one counts as a try', async () => {
    signInAs(member.sessionId);
    await fuzz({
      action: keyActions.verifyEmailCodeAction,
      fields: { code: fc.stringMatching(/^\d{6}$/) },
      // A six-digit guess is a counted, audited try against the live code.
      rejectedMayWrite: ['verificationCodes', 'auditLogs'],
    });
  });
});

describe('AccessKeys', () => {
  for (const [name, action] of Object.entries({
    createAccessKey: keyActions.createAccessKeyAction,
    setAccessKeyStatus: keyActions.setAccessKeyStatusAction,
    revealAccessKeySecret: keyActions.revealAccessKeySecretAction,
    deleteAccessKey: keyActions.deleteAccessKeyAction,
    updateAccessKey: keyActions.updateAccessKeyAction,
    setAccessKeyScope: keyActions.setAccessKeyScopeAction,
  })) {
    it(`${name} answers every input with a sentence and never writes half`, async () => {
      signInAs(member.sessionId);
      await fuzz({
        action,
        fields: {
          id: plausible.id,
          status: fc.constantFrom('enabled', 'disabled'),
          name: plausible.name,
          description: plausible.name,
          allowedIps: fc.constantFrom('', '192.0.2.1', '10.0.0.0/8\n::1', '10.1.2.3/8', 'x'),
          expiresIn: fc.constantFrom('never', '7', '30', '365', 'date', '8'),
          expiresOn: fc.constantFrom('2030-01-31', '2020-01-01', '2031-02-30', ''),
          products: fc.constantFrom('all', 'fuzz-product', 'fuzz-product,no-such', ',', ''),
        },
      });
      const keys = await getDb().$count(
        schema.accessKeys,
        eq(schema.accessKeys.userId, member.user.id),
      );
      expect(keys).toBeLessThanOrEqual(5);
    });
  }
});

describe('products', () => {
  const slugs = fc.constantFrom('fuzz-product', 'fuzz-other', 'no-such-product', 'A B');
  const cases = {
    createProduct: [
      productActions.createProductAction,
      {
        slug: fc.oneof(slugs, fc.stringMatching(/^[a-z0-9-]{2,40}$/)),
        name: plausible.name,
        description: plausible.name,
        upstreamUrl: fc.constantFrom('http://127.0.0.1:9/v1', 'ftp://x/', 'http://u:p@x/'),
        timeoutSeconds: fc.constantFrom('30', '0', '301', '1.5'),
        maxBodyMiB: fc.constantFrom('10', '0.5', '-1', '101'),
        enabled: fc.constantFrom('on', ''),
      },
    ],
    updateProduct: [
      productActions.updateProductAction,
      {
        currentSlug: slugs,
        slug: slugs,
        name: plausible.name,
        upstreamUrl: fc.constant('http://127.0.0.1:9/v2'),
        timeoutSeconds: fc.constant('10'),
        maxBodyMiB: fc.constant('1'),
      },
    ],
    setProductEnabled: [
      productActions.setProductEnabledAction,
      { slug: slugs, enabled: plausible.flag },
    ],
    rotateProductSigningSecret: [productActions.rotateProductSigningSecretAction, { slug: slugs }],
    deleteProduct: [productActions.deleteProductAction, { slug: slugs }],
  } satisfies Record<string, [Check['action'], Fields]>;

  beforeAll(async () => {
    for (const slug of ['fuzz-product', 'fuzz-other']) {
      await createProduct(
        {
          slug,
          name: slug,
          description: '',
          upstreamUrl: 'http://127.0.0.1:9/',
          timeoutMs: 30_000,
          maxBodyBytes: 1024,
          enabled: true,
        },
        seed,
      );
    }
    // A key scoped to one of them, so deleting it is refused and its slug fixed.
    const { id } = await createAccessKey(admin.user.id, seed, { products: ['fuzz-product'] });
    expect(id).toBeGreaterThan(0);
  });

  for (const [name, [action, fields]] of Object.entries(cases)) {
    it(`${name} answers every input with a sentence and never writes half`, async () => {
      signInAs(admin.sessionId);
      await fuzz({ action, fields, numRuns: 40 });
      const scoped = await getDb().$count(
        schema.products,
        eq(schema.products.slug, 'fuzz-product'),
      );
      expect(scoped).toBe(1);
    });
  }

  it('a member changes nothing with any product action form', async () => {
    const { sessionId } = await account('member');
    signInAs(sessionId);
    for (const [action, fields] of Object.values(cases)) {
      await fc.assert(
        fc.asyncProperty(formOf(fields), async (form) => {
          const before = await counts();
          const outcome = await run(action, form);
          expectWholeSentence(outcome.state?.error, form);
          expect(await counts()).toEqual(before);
        }),
        { numRuns: 15 },
      );
    }
  });
});

describe('accounts', () => {
  const cases = {
    createAccount: [
      adminActions.createAccountAction,
      {
        email: plausible.email,
        name: plausible.name,
        role: plausible.role,
        programmaticAccess: fc.constant('on'),
        password: fc.oneof(plausible.password, fc.constant('')),
      },
    ],
    setUserRole: [
      adminActions.setUserRoleAction,
      { userId: plausible.userId, role: plausible.role },
    ],
    setProgrammaticAccess: [
      adminActions.setProgrammaticAccessAction,
      { userId: plausible.userId, enabled: plausible.flag },
    ],
    setAccountStatus: [
      adminActions.setAccountStatusAction,
      { userId: plausible.userId, disabled: plausible.flag },
    ],
    sendSetPasswordLink: [adminActions.sendSetPasswordLinkAction, { userId: plausible.userId }],
    setKeyPolicy: [
      keyPolicyActions.setKeyPolicyAction,
      { maxLifetimeDays: fc.constantFrom('', 'none', '0', '7', '90', '3650', '3651', '99999') },
    ],
  } satisfies Record<string, [Check['action'], Fields]>;

  /** Accepted calls may demote or disable the fuzzing administrator: undo that before each call. */
  function keepAdmin(id: number, sessionId: string) {
    return async () => {
      await getDb()
        .update(schema.users)
        .set({ role: 'admin', disabledAt: null })
        .where(eq(schema.users.id, id));
      await getDb()
        .insert(schema.sessions)
        .values({ id: sessionId, userId: id, expiresAt: new Date(Date.now() + 3_600_000) })
        .onConflictDoNothing();
      signInAs(sessionId);
    };
  }

  for (const [name, [action, fields]] of Object.entries(cases)) {
    it(`${name} answers every input with a sentence and never writes half`, async () => {
      const { user, sessionId } = await account('admin');
      await fuzz({ action, fields, numRuns: 50, reset: keepAdmin(user.id, sessionId) });
    });
  }

  it('a NUL character in a name is an input like any other, not "something went wrong"', async () => {
    const { sessionId } = await account('admin');
    signInAs(sessionId);
    for (const password of ['', PASSWORD]) {
      const outcome = await run(adminActions.createAccountAction, {
        email: `nul-${Math.random().toString(36).slice(2)}@fuzz.test`,
        name: 'Nul\u0000Name',
        role: 'member',
        password,
      });
      expect(outcome.redirect).toBeUndefined();
      // Created, or refused with a sentence about the name: the same answer on either engine.
      const answer = outcome.state?.error ?? outcome.state?.success;
      expectWholeSentence(answer);
      expect(answer).not.toMatch(/on our side/);
    }
  });

  it('a member changes nothing with any account action form', async () => {
    const { sessionId } = await account('member');
    signInAs(sessionId);
    for (const [action, fields] of Object.values(cases)) {
      await fc.assert(
        fc.asyncProperty(formOf(fields), async (form) => {
          const before = await counts();
          const outcome = await run(action, form);
          expectWholeSentence(outcome.state?.error, form);
          expect(await counts()).toEqual(before);
        }),
        { numRuns: 20 },
      );
    }
  });

  it('changing the password refuses every wrong or malformed form', async () => {
    const { sessionId } = await account('member');
    signInAs(sessionId);
    await fuzz({
      action: basicActions.changePasswordAction,
      fields: {
        currentPassword: plausible.password,
        newPassword: plausible.password,
        confirmPassword: plausible.password,
      },
      numRuns: 40,
    });
  }, 60_000);
});

const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

/** A member with an authenticator app and recovery codes, signed in. */
async function memberWithApp() {
  const { user, sessionId } = await account('member');
  await getDb()
    .insert(schema.totpCredentials)
    .values({
      userId: user.id,
      secretCiphertext: sealTotpSecret(TOTP_SECRET, user.id),
      confirmedAt: new Date(),
    });
  await transaction((tx) => replaceRecoveryCodes(tx, user.id));
  return { user, sessionId };
}

const secondStepFields = {
  code: fc.oneof(
    fc.stringMatching(/^\d{6}$/),
    fc.stringMatching(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/),
  ),
  passkey: fc.oneof(
    fc.constant('{"id":"x","rawId":"x","type":"public-key","response":{"clientDataJSON":"e30"}}'),
    fc.json(),
  ),
  callbackUrl: fc.constantFrom('/account/basic-information', '//evil.example', 'javascript:x'),
};

describe('two-step sign-in', () => {
  it('the second step answers every input with a sentence or a same-site redirect, and opens no session for a wrong one', async () => {
    const { user } = await memberWithApp();
    signInAs(null);
    jar.clear();
    const start = await run(login.signInWithPasswordAction, {
      email: user.email,
      password: PASSWORD,
    });
    expect(start.redirect).toBe('/login/verify');
    await fuzz({
      action: login.verifySecondStepAction,
      fields: secondStepFields,
      // A wrong answer is counted (throttle, the pending sign-in's tries) and audited.
      rejectedMayWrite: ['signInFailures', 'auditLogs', 'pendingSignIns'],
      numRuns: 40,
    });
  }, 60_000);

  it('without a pending sign-in, the second step and a passkey sign-in complete nothing', async () => {
    signInAs(null);
    jar.clear();
    for (const action of [login.verifySecondStepAction, login.signInWithPasskeyAction]) {
      await fuzz({
        action,
        fields: secondStepFields,
        rejectedMayWrite: ['auditLogs'],
        numRuns: 20,
      });
    }
  });
});

describe('Sign-in security', () => {
  it('every action answers every input with a sentence and never writes half', async () => {
    const { sessionId } = await memberWithApp();
    signInAs(sessionId);
    const confirmation = fc.oneof(plausible.password, fc.stringMatching(/^\d{6}$/));
    const cases: [Check['action'], Fields][] = [
      [securityActions.confirmTotpSetupAction, { code: fc.stringMatching(/^\d{6}$/) }],
      [securityActions.removeTotpAction, { confirmation }],
      [securityActions.removePasskeyAction, { id: plausible.id, confirmation }],
      [securityActions.regenerateRecoveryCodesAction, { confirmation }],
      [securityActions.registerPasskeyAction, { response: fc.json(), name: plausible.name }],
    ];
    for (const [action, fields] of cases) {
      // A wrong confirmation is counted against the sign-in throttle.
      await fuzz({ action, fields, rejectedMayWrite: ['signInFailures'], numRuns: 25 });
    }
  }, 60_000);

  it('the policy and the reset answer every input with a sentence', async () => {
    const { user, sessionId } = await account('admin');
    signInAs(sessionId);
    await fuzz({
      action: settingsActions.setMfaPolicyAction,
      fields: { policy: fc.constantFrom('nobody', 'admins', 'everyone') },
      numRuns: 20,
    });
    await fuzz({
      action: adminActions.resetMfaAction,
      fields: { userId: plausible.userId },
      numRuns: 20,
      reset: async () => {
        await getDb()
          .update(schema.users)
          .set({ role: 'admin', disabledAt: null })
          .where(eq(schema.users.id, user.id));
        await getDb()
          .insert(schema.sessions)
          .values({ id: sessionId, userId: user.id, expiresAt: new Date(Date.now() + 3_600_000) })
          .onConflictDoNothing();
        signInAs(sessionId);
      },
    });
  }, 60_000);
});

describe('an account held by the MFA policy', () => {
  it('runs no server action but setting up a method and signing out', async () => {
    const { user, sessionId } = await account('member');
    // The key policy fuzzed above may have left a maximum lifetime that refuses a key without expiry.
    await writeSetting(getDb(), 'keyPolicy', { maxLifetimeDays: null }, null);
    await createAccessKey(user.id, seed);
    await writeSetting(getDb(), 'mfaPolicy', 'everyone', null);
    try {
      signInAs(sessionId);
      const held = {
        createAccessKey: [keyActions.createAccessKeyAction, {}],
        revealAccessKeySecret: [keyActions.revealAccessKeySecretAction, { id: '1' }],
        setAccessKeyStatus: [keyActions.setAccessKeyStatusAction, { id: '1', status: 'disabled' }],
        deleteAccessKey: [keyActions.deleteAccessKeyAction, { id: '1' }],
        sendVerificationCode: [keyActions.sendVerificationCodeAction, {}],
        verifyEmailCode: [keyActions.verifyEmailCodeAction, { code: '123456' }],
        changePassword: [
          basicActions.changePasswordAction,
          {
            currentPassword: PASSWORD,
            newPassword: 'x'.repeat(16),
            confirmPassword: 'x'.repeat(16),
          },
        ],
        removeTotp: [securityActions.removeTotpAction, { confirmation: PASSWORD }],
        regenerateRecoveryCodes: [
          securityActions.regenerateRecoveryCodesAction,
          { confirmation: PASSWORD },
        ],
        removePasskey: [securityActions.removePasskeyAction, { id: '1', confirmation: PASSWORD }],
        setMfaPolicy: [settingsActions.setMfaPolicyAction, { policy: 'nobody' }],
        setProgrammaticAccess: [
          adminActions.setProgrammaticAccessAction,
          { userId: String(user.id), enabled: 'true' },
        ],
      } satisfies Record<string, [Check['action'], Record<string, string>]>;
      for (const [name, [action, fields]] of Object.entries(held)) {
        const before = await counts();
        const outcome = await run(action, fields);
        expect(outcome.state?.error, name).toBe(
          'Your administrator requires two-step verification. Set up an authenticator app or a passkey under Sign-in security first.',
        );
        expect(await counts(), name).toEqual(before);
      }
      // The way out stays open.
      const setup = await run(securityActions.startTotpSetupAction, {});
      expect((setup.state?.setup as { secret: string }).secret).toMatch(/^[A-Z2-7]{32}$/);
      const secret = (setup.state!.setup as { secret: string }).secret;
      const confirmed = await run(securityActions.confirmTotpSetupAction, {
        code: await generate({ secret }),
      });
      expect(confirmed.state?.success).toBe('Authenticator app added.');
      expect(confirmed.state?.recoveryCodes).toHaveLength(10);
      // Released: the same action now runs.
      const created = await run(keyActions.sendVerificationCodeAction, {});
      expect(created.state?.error).toBeUndefined();
    } finally {
      await writeSetting(getDb(), 'mfaPolicy', 'nobody', null);
    }
  }, 60_000);
});
