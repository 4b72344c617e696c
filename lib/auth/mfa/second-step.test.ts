import { eq } from 'drizzle-orm';
import { generate } from 'otplib';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { prepareTestEnvironment } from '@/test/environment';

prepareTestEnvironment();
const { getDb, migrateDatabase, transaction } = await import('@/db');
const {
  auditLogs,
  mailboxMessages,
  pendingSignIns,
  sessions,
  signInFailures,
  totpCredentials,
  users,
} = await import('@/db/schema');
const { createUser } = await import('@/lib/users/accounts');
const { authenticate } = await import('@/lib/auth/sign-in');
const { MAX_FAILURES_PER_ACCOUNT_AND_IP } = await import('@/lib/auth/sign-in-throttle');
const { sha256Hex } = await import('@/lib/crypto');
const { sealTotpSecret } = await import('./totp');
const { replaceRecoveryCodes } = await import('./recovery-codes');
const { MAX_SECOND_STEP_ATTEMPTS } = await import('./pending-sign-in');
const { completeSecondStep } = await import('./second-step');
const policy = await import('./policy');
const methods = await import('./methods');
const { errorMessage } = await import('@/lib/errors');

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const PASSWORD = 'a-long-enough-password';
let ipCounter = 0;

beforeAll(async () => {
  await migrateDatabase();
  vi.spyOn(console, 'log').mockImplementation(() => {});
});

/** A fresh address per test, so the per-address counters of one test do not lock another. */
function request() {
  ipCounter++;
  return { ip: `198.51.100.${ipCounter}`, userAgent: 'vitest' };
}

async function accountWithApp(role: 'admin' | 'member' = 'member') {
  const user = await createUser(
    {
      email: `second-${Math.random().toString(36).slice(2)}@example.test`,
      name: 'S',
      role,
      programmaticAccess: false,
      password: PASSWORD,
    },
    { actor: null, request: { ip: null, userAgent: 'vitest' } },
  );
  await getDb()
    .insert(totpCredentials)
    .values({
      userId: user.id,
      secretCiphertext: sealTotpSecret(SECRET, user.id),
      confirmedAt: new Date(),
    });
  const recovery = await transaction((tx) => replaceRecoveryCodes(tx, user.id));
  return { user, recovery };
}

async function passwordStep(email: string, req: ReturnType<typeof request>) {
  const result = await authenticate({ email, password: PASSWORD }, req);
  expect(result.status).toBe('second_step');
  return (result as { token: string }).token;
}

const sessionsOf = (userId: number) => getDb().$count(sessions, eq(sessions.userId, userId));
const auditsOf = async (userId: number, action: string) =>
  (await getDb().select().from(auditLogs).where(eq(auditLogs.actorId, userId))).filter(
    (row) => row.action === action,
  );

describe('the second step of a sign-in', () => {
  it('creates no session after the password, only a pending sign-in; a right code completes it once', async () => {
    const { user } = await accountWithApp();
    const req = request();
    const token = await passwordStep(user.email, req);
    expect(await sessionsOf(user.id)).toBe(0);
    const [pending] = await getDb()
      .select()
      .from(pendingSignIns)
      .where(eq(pendingSignIns.id, sha256Hex(token)));
    expect(pending.userId).toBe(user.id);
    expect(pending.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(5 * 60_000);
    expect(JSON.stringify(pending)).not.toContain(token);

    const code = await generate({ secret: SECRET });
    const result = await completeSecondStep(token, { code }, req, 'en');
    expect(result.status).toBe('ok');
    expect(await sessionsOf(user.id)).toBe(1);
    expect(await auditsOf(user.id, 'auth.second_factor_passed')).toHaveLength(1);
    // The pending sign-in is spent, and the code with it.
    expect((await completeSecondStep(token, { code }, req, 'en')).status).toBe('expired');
    const again = await passwordStep(user.email, req);
    expect((await completeSecondStep(again, { code }, req, 'en')).status).toBe('invalid');
  });

  it('counts wrong codes like wrong passwords, per account and address, and locks the pair', async () => {
    const { user } = await accountWithApp();
    const req = request();
    let failures = 0;
    while (failures < MAX_FAILURES_PER_ACCOUNT_AND_IP) {
      const token = await passwordStep(user.email, req);
      for (let i = 0; i < 3 && failures < MAX_FAILURES_PER_ACCOUNT_AND_IP; i++, failures++) {
        expect((await completeSecondStep(token, { code: '000000' }, req, 'en')).status).toBe(
          'invalid',
        );
      }
    }
    expect(await getDb().$count(signInFailures, eq(signInFailures.email, user.email))).toBe(
      MAX_FAILURES_PER_ACCOUNT_AND_IP,
    );
    expect(await auditsOf(user.id, 'auth.second_factor_failed')).toHaveLength(failures);
    // Locked: even the right password answers "throttled" now, and the right code too.
    expect((await authenticate({ email: user.email, password: PASSWORD }, req)).status).toBe(
      'throttled',
    );
    // The right password did not clear the count along the way.
    expect(await sessionsOf(user.id)).toBe(0);
    // Another address is not locked.
    const elsewhere = request();
    const token = await passwordStep(user.email, elsewhere);
    const code = await generate({ secret: SECRET });
    expect((await completeSecondStep(token, { code }, elsewhere, 'en')).status).toBe('ok');
  });

  it('voids a pending sign-in after a few wrong answers, and after five minutes', async () => {
    const { user } = await accountWithApp();
    const req = request();
    const token = await passwordStep(user.email, req);
    for (let i = 1; i < MAX_SECOND_STEP_ATTEMPTS; i++) {
      expect((await completeSecondStep(token, { code: '111111' }, req, 'en')).status).toBe(
        'invalid',
      );
    }
    expect((await completeSecondStep(token, { code: '111111' }, req, 'en')).status).toBe('expired');
    const code = await generate({ secret: SECRET });
    expect((await completeSecondStep(token, { code }, req, 'en')).status).toBe('expired');

    const late = await passwordStep(user.email, req);
    await getDb()
      .update(pendingSignIns)
      .set({ expiresAt: new Date(Date.now() - 1) })
      .where(eq(pendingSignIns.id, sha256Hex(late)));
    expect((await completeSecondStep(late, { code }, req, 'en')).status).toBe('expired');
    expect(await sessionsOf(user.id)).toBe(0);
  });

  it('takes a recovery code once, and mails the owner', async () => {
    const { user, recovery } = await accountWithApp();
    const req = request();
    const mails = () => getDb().$count(mailboxMessages, eq(mailboxMessages.to, user.email));
    const before = await mails();
    const token = await passwordStep(user.email, req);
    expect((await completeSecondStep(token, { code: recovery[3] }, req, 'en')).status).toBe('ok');
    expect(await mails()).toBe(before + 1);
    const [used] = await auditsOf(user.id, 'mfa.recovery_code_used');
    expect(JSON.parse(used.detail!)).toEqual({ left: 9 });
    expect(used.detail).not.toContain(recovery[3]);
    const again = await passwordStep(user.email, req);
    expect((await completeSecondStep(again, { code: recovery[3] }, req, 'en')).status).toBe(
      'invalid',
    );
  });

  it('mails that notice in the account’s own language, else in the browser’s', async () => {
    const subjects = async (email: string) =>
      (await getDb().select().from(mailboxMessages).where(eq(mailboxMessages.to, email))).map(
        (mail) => mail.subject,
      );
    const korean = await accountWithApp();
    await getDb().update(users).set({ locale: 'ko' }).where(eq(users.id, korean.user.id));
    const req = request();
    const token = await passwordStep(korean.user.email, req);
    expect(
      (await completeSecondStep(token, { code: korean.recovery[0] }, req, 'zh-CN')).status,
    ).toBe('ok');
    expect(await subjects(korean.user.email)).toContain('복구 코드로 로그인했습니다');

    const unset = await accountWithApp();
    const again = await passwordStep(unset.user.email, req);
    expect(
      (await completeSecondStep(again, { code: unset.recovery[0] }, req, 'zh-CN')).status,
    ).toBe('ok');
    expect(await subjects(unset.user.email)).toContain('有人使用恢复码登录了您的账号');
  });

  it('belongs to the browser holding the token: none, another or a made-up token finds nothing', async () => {
    const { user } = await accountWithApp();
    const req = request();
    await passwordStep(user.email, req);
    const code = await generate({ secret: SECRET });
    for (const token of [null, '', 'x'.repeat(43), sha256Hex('nothing')]) {
      expect((await completeSecondStep(token, { code }, req, 'en')).status).toBe('expired');
    }
  });
});

describe('the MFA policy', () => {
  const context = (user: { id: number; email: string; role: 'admin' | 'member' }) => ({
    actor: { id: user.id, email: user.email, role: user.role },
    request: request(),
  });

  it('holds accounts it applies to until they have a method, and refuses to lock out its author', async () => {
    const plain = await createUser(
      {
        email: `policy-${Math.random().toString(36).slice(2)}@example.test`,
        name: 'P',
        role: 'admin',
        programmaticAccess: false,
        password: PASSWORD,
      },
      { actor: null, request: { ip: null, userAgent: 'vitest' } },
    );
    await expect(policy.setMfaPolicy('admins', context(plain))).rejects.toThrow(
      errorMessage('enforceWithoutOwnMfa'),
    );
    const { user: admin } = await accountWithApp('admin');
    const { user: member } = await accountWithApp('member');
    await getDb().delete(totpCredentials).where(eq(totpCredentials.userId, member.id));

    expect(await policy.mfaSetupRequired(plain)).toBe(false);
    await policy.setMfaPolicy('admins', context(admin));
    expect(await policy.mfaSetupRequired(plain)).toBe(true);
    expect(await policy.mfaSetupRequired(admin)).toBe(false);
    expect(await policy.mfaSetupRequired(member)).toBe(false);
    await policy.setMfaPolicy('everyone', context(admin));
    expect(await policy.mfaSetupRequired(member)).toBe(true);
    const changes = await auditsOf(admin.id, 'settings.mfa_policy_changed');
    expect(changes.map((row) => JSON.parse(row.detail!))).toEqual([
      { from: 'nobody', to: 'admins' },
      { from: 'admins', to: 'everyone' },
    ]);

    // The last method cannot go while the policy requires one.
    await expect(methods.removeTotp(admin, PASSWORD, context(admin))).rejects.toThrow(
      errorMessage('lastMethodRequired'),
    );
    expect(await policy.hasSecondFactor(admin.id)).toBe(true);

    await policy.setMfaPolicy('nobody', context(admin));
    expect(await policy.mfaSetupRequired(member)).toBe(false);
    await expect(methods.removeTotp(admin, 'not the password', context(admin))).rejects.toThrow(
      errorMessage('confirmationWrong'),
    );
    await methods.removeTotp(admin, PASSWORD, context(admin));
    expect(await policy.hasSecondFactor(admin.id)).toBe(false);
  });

  it('removing a method needs the password or a fresh code, with a few tries per account', async () => {
    const { user } = await accountWithApp();
    const other = await accountWithApp();
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT_AND_IP; i++) {
      await expect(methods.removeTotp(user, `wrong-${i}`, context(user))).rejects.toThrow(
        errorMessage('confirmationWrong'),
      );
    }
    // Even the right password waits now; another account is not affected.
    await expect(methods.removeTotp(user, PASSWORD, context(user))).rejects.toThrow(
      /^Too many failed sign-in attempts/,
    );
    expect(await policy.hasSecondFactor(user.id)).toBe(true);
    const code = await generate({ secret: SECRET });
    await methods.removeTotp(other.user, code, context(other.user));
    expect(await policy.hasSecondFactor(other.user.id)).toBe(false);
  });
});
