import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { prepareTestEnvironment } from '@/test/environment';
import { errorMessage, UserFacingError } from '@/lib/errors';

const mail = vi.hoisted(() => ({ failing: false }));

vi.mock('@/lib/mail/send', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/lib/mail/send')>();
  return {
    ...actual,
    sendMail: async (message: Parameters<typeof actual.sendMail>[0]) => {
      if (mail.failing) throw new actual.MailError('mailFailed');
      return actual.sendMail(message);
    },
  };
});

prepareTestEnvironment();
const { getDb, migrateDatabase } = await import('@/db');
const { auditLogs, mailboxMessages, sessions, verificationCodes } = await import('@/db/schema');
const { and, asc, desc, eq, like } = await import('drizzle-orm');
const { createSession, VERIFICATION_WINDOW_MS } = await import('@/lib/auth/sessions');
const { createUser } = await import('@/lib/users/accounts');
const verification = await import('@/lib/access-keys/verification');

const context = { actor: null, request: { ip: '192.0.2.9', userAgent: 'vitest' } };
const MINUTE = 60_000;
let sequence = 0;

async function newAccount() {
  sequence++;
  const user = await createUser(
    {
      email: `verify-${sequence}@example.test`,
      name: `Verify ${sequence}`,
      role: 'member',
      programmaticAccess: true,
      password: null,
    },
    context,
  );
  const sessionId = await createSession(getDb(), user.id, context.request);
  return { account: { id: user.id, email: user.email, locale: 'en' as const }, sessionId };
}

async function latestMailedCode(email: string) {
  const [message] = await getDb()
    .select()
    .from(mailboxMessages)
    .where(eq(mailboxMessages.to, email))
    .orderBy(desc(mailboxMessages.id))
    .limit(1);
  return message?.text.match(/\b(\d{6})\b/)?.[1];
}

function mailCount(email: string) {
  return getDb().$count(mailboxMessages, eq(mailboxMessages.to, email));
}

async function verifiedUntil(sessionId: string) {
  const [session] = await getDb().select().from(sessions).where(eq(sessions.id, sessionId));
  return session?.verifiedUntil;
}

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UserFacingError) return error.message;
    throw error;
  }
  throw new Error('expected a refusal');
}

function wrongCodeFor(code: string) {
  return code === '000000' ? '111111' : '000000';
}

beforeAll(async () => {
  await migrateDatabase();
  vi.spyOn(console, 'log').mockImplementation(() => {});
  vi.spyOn(console, 'error').mockImplementation(() => {});
});

afterEach(() => {
  mail.failing = false;
});

describe('sending a code', () => {
  it('mails six digits and stores only a keyed hash bound to the account', async () => {
    const { account } = await newAccount();
    const now = Date.now();
    const { expiresAt } = await verification.sendVerificationCode(account, context, now);
    expect(expiresAt.getTime()).toBe(now + 10 * MINUTE);
    const code = (await latestMailedCode(account.email))!;
    expect(code).toMatch(/^\d{6}$/);

    const rows = await getDb()
      .select()
      .from(verificationCodes)
      .where(eq(verificationCodes.userId, account.id));
    expect(rows).toHaveLength(1);
    expect(rows[0].codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0].codeHash).not.toContain(code);
    expect(rows[0].codeHash).toBe(verification.hashCode(account.id, code));
    expect(verification.hashCode(account.id + 1, code)).not.toBe(rows[0].codeHash);
  });

  it('allows one send per minute and says how long to wait', async () => {
    const { account } = await newAccount();
    const now = Date.now();
    await verification.sendVerificationCode(account, context, now);
    expect(await failure(verification.sendVerificationCode(account, context, now + 18_000))).toBe(
      'Wait 42 seconds before requesting another code.',
    );
    expect(await failure(verification.sendVerificationCode(account, context, now + 59_500))).toBe(
      'Wait 1 second before requesting another code.',
    );
    await verification.sendVerificationCode(account, context, now + MINUTE);
    expect(await mailCount(account.email)).toBe(2);
  });

  it('allows ten sends per hour and says when the next one is possible', async () => {
    const { account } = await newAccount();
    const start = Date.now();
    for (let index = 0; index < 10; index++) {
      await verification.sendVerificationCode(account, context, start + index * 2 * MINUTE);
    }
    const eleventh = start + 20 * MINUTE;
    expect(await failure(verification.sendVerificationCode(account, context, eleventh))).toBe(
      'You have requested 10 codes in the last hour. Try again in 40 minutes.',
    );
    expect(
      await failure(verification.sendVerificationCode(account, context, start + 59 * MINUTE)),
    ).toBe('Wait 60 seconds before requesting another code.');
    await verification.sendVerificationCode(account, context, start + 60 * MINUTE);
    expect(await mailCount(account.email)).toBe(11);
  });

  it('on a mail failure keeps no code, audits nothing and leaves the earlier code valid', async () => {
    const { account, sessionId } = await newAccount();
    const now = Date.now();
    await verification.sendVerificationCode(account, context, now);
    const earlier = (await latestMailedCode(account.email))!;

    mail.failing = true;
    expect(await failure(verification.sendVerificationCode(account, context, now + MINUTE))).toBe(
      errorMessage('mailFailed'),
    );
    const rows = await getDb()
      .select()
      .from(verificationCodes)
      .where(eq(verificationCodes.userId, account.id));
    expect(rows).toHaveLength(1);
    const sent = await getDb()
      .select()
      .from(auditLogs)
      .where(
        and(
          eq(auditLogs.targetId, String(account.id)),
          eq(auditLogs.action, 'verification.code_sent'),
        ),
      );
    expect(sent).toHaveLength(1);

    mail.failing = false;
    // The failed attempt did not start a new cooldown.
    await verification.verifyCode(account, sessionId, earlier, context, now + MINUTE + 1);
    await verification.sendVerificationCode(account, context, now + MINUTE + 2);
    expect(await mailCount(account.email)).toBe(2);
  });

  it('a newer code replaces the older one', async () => {
    const { account, sessionId } = await newAccount();
    const now = Date.now();
    await verification.sendVerificationCode(account, context, now);
    const first = (await latestMailedCode(account.email))!;
    await verification.sendVerificationCode(account, context, now + MINUTE);
    const second = (await latestMailedCode(account.email))!;
    if (first !== second) {
      expect(
        await failure(verification.verifyCode(account, sessionId, first, context, now + MINUTE)),
      ).toMatch(/not correct/);
    }
    await verification.verifyCode(account, sessionId, second, context, now + MINUTE);
  });
});

describe('verifying a code', () => {
  it('opens a 20-minute window on this session only, and the code works once', async () => {
    const { account, sessionId } = await newAccount();
    const otherSession = await createSession(getDb(), account.id, context.request);
    const now = Date.now();
    await verification.sendVerificationCode(account, context, now);
    const code = (await latestMailedCode(account.email))!;

    const { verifiedUntil: until } = await verification.verifyCode(
      account,
      sessionId,
      code,
      context,
      now + 1000,
    );
    expect(until.getTime()).toBe(now + 1000 + VERIFICATION_WINDOW_MS);
    expect(VERIFICATION_WINDOW_MS).toBe(20 * MINUTE);
    expect((await verifiedUntil(sessionId))?.getTime()).toBe(until.getTime());
    expect(await verifiedUntil(otherSession)).toBeNull();

    expect(
      await failure(verification.verifyCode(account, otherSession, code, context, now + 2000)),
    ).toBe(errorMessage('noActiveCode'));
    expect(await verifiedUntil(otherSession)).toBeNull();
  });

  it('a code expires after 10 minutes', async () => {
    const { account, sessionId } = await newAccount();
    const now = Date.now();
    await verification.sendVerificationCode(account, context, now);
    const code = (await latestMailedCode(account.email))!;
    expect(
      await failure(verification.verifyCode(account, sessionId, code, context, now + 10 * MINUTE)),
    ).toBe(errorMessage('codeExpired'));
    expect(await verifiedUntil(sessionId)).toBeNull();
  });

  it('five wrong tries void the code', async () => {
    const { account, sessionId } = await newAccount();
    const now = Date.now();
    await verification.sendVerificationCode(account, context, now);
    const code = (await latestMailedCode(account.email))!;
    const wrong = wrongCodeFor(code);
    const messages = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      messages.push(
        await failure(verification.verifyCode(account, sessionId, wrong, context, now)),
      );
    }
    expect(messages).toEqual([
      'That code is not correct. 4 tries left.',
      'That code is not correct. 3 tries left.',
      'That code is not correct. 2 tries left.',
      'That code is not correct. 1 try left.',
      'That code is not correct. After 5 wrong tries it no longer works; send a new code.',
    ]);
    expect(await failure(verification.verifyCode(account, sessionId, code, context, now))).toBe(
      errorMessage('noActiveCode'),
    );
    expect(await verifiedUntil(sessionId)).toBeNull();
  });

  it('a code of one account does not verify another', async () => {
    const first = await newAccount();
    const second = await newAccount();
    const now = Date.now();
    await verification.sendVerificationCode(first.account, context, now);
    await verification.sendVerificationCode(second.account, context, now);
    const code = (await latestMailedCode(first.account.email))!;
    if (code !== (await latestMailedCode(second.account.email))) {
      await expect(
        verification.verifyCode(second.account, second.sessionId, code, context, now),
      ).rejects.toThrow(/not correct/);
    }
    await verification.verifyCode(first.account, first.sessionId, code, context, now);
  });

  it('audits sent, failed and verified without ever recording the code', async () => {
    const { account, sessionId } = await newAccount();
    const now = Date.now();
    await verification.sendVerificationCode(account, context, now);
    const code = (await latestMailedCode(account.email))!;
    await failure(verification.verifyCode(account, sessionId, wrongCodeFor(code), context, now));
    await verification.verifyCode(account, sessionId, code, context, now);
    const audits = await getDb()
      .select()
      .from(auditLogs)
      .where(
        and(eq(auditLogs.targetId, String(account.id)), like(auditLogs.action, 'verification.%')),
      )
      .orderBy(asc(auditLogs.id));
    expect(audits.map((audit) => audit.action)).toEqual([
      'verification.code_sent',
      'verification.code_failed',
      'verification.code_verified',
    ]);
    expect(audits.every((audit) => audit.ip === '192.0.2.9')).toBe(true);
    for (const audit of audits) expect(JSON.stringify(audit)).not.toContain(code);
  });
});
