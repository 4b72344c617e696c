import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, desc, eq, gt, isNull, lt, lte } from 'drizzle-orm';
import { getDb, transaction } from '@/db';
import { verificationCodes } from '@/db/schema';
import { recordAudit, type Actor, type RequestContext } from '@/lib/audit/record';
import { randomDigits } from '@/lib/crypto';
import type { DbExecutor } from '@/db';
import { sendMail } from '@/lib/mail/send';
import { minutesUntil, nextAllowedAt, secondsUntil } from '@/lib/throttle';
import { verificationCodeMail } from '@/lib/mail/templates';
import type { Locale } from '@/lib/i18n/locales';
import { authSecret } from '@/lib/config/env';
import { markSessionVerified } from '@/lib/auth/sessions';
import { UserFacingError } from '@/lib/errors';
import { CODE_LENGTH, CODE_TTL_MS } from './verification-policy';

export { CODE_LENGTH, CODE_TTL_MS };
export const MAX_CODE_ATTEMPTS = 5;
export const SEND_COOLDOWN_MS = 60 * 1000;
export const SEND_WINDOW_MS = 60 * 60 * 1000;
export const MAX_SENDS_PER_WINDOW = 10;

export class VerificationError extends UserFacingError {}

/** The account the code is for; `locale` is the language its mail is written in. */
type Account = { id: number; email: string; locale: Locale };
type Context = { actor: Actor; request: RequestContext };

/** Keyed and bound to the account, so a leaked table reveals nothing and rows cannot be swapped. */
export function hashCode(userId: number, code: string) {
  return createHmac('sha256', authSecret()).update(`verification:${userId}:${code}`).digest('hex');
}

/** When the account may ask for another code, or null when it may now. */
async function sendAllowedAt(
  executor: DbExecutor,
  userId: number,
  now: number,
): Promise<Date | null> {
  const since = new Date(now - SEND_WINDOW_MS);
  const recent = await executor
    .select({ createdAt: verificationCodes.createdAt })
    .from(verificationCodes)
    .where(and(eq(verificationCodes.userId, userId), gt(verificationCodes.createdAt, since)))
    .orderBy(desc(verificationCodes.createdAt))
    .limit(MAX_SENDS_PER_WINDOW);
  const times = recent.map((row) => row.createdAt);
  return nextAllowedAt(
    [
      { times, limit: { max: 1, windowMs: SEND_COOLDOWN_MS } },
      { times, limit: { max: MAX_SENDS_PER_WINDOW, windowMs: SEND_WINDOW_MS } },
    ],
    now,
  );
}

function retryRefusal(until: Date, now: number) {
  if (until.getTime() - now <= SEND_COOLDOWN_MS) {
    return new VerificationError('sendCooldown', { seconds: secondsUntil(until, now) });
  }
  return new VerificationError('sendHourlyLimit', {
    max: MAX_SENDS_PER_WINDOW,
    minutes: minutesUntil(until, now),
  });
}

/**
 * Mails a fresh code. The row is written first, inside the write lock, so two quick requests
 * cannot both pass the rate limits; if the mail fails the row is removed and nothing counts as sent.
 */
export async function sendVerificationCode(
  account: Account,
  context: Context,
  now = Date.now(),
): Promise<{ expiresAt: Date }> {
  const code = randomDigits(CODE_LENGTH);
  const expiresAt = new Date(now + CODE_TTL_MS);
  const db = getDb();
  const id = await transaction(async (tx) => {
    const until = await sendAllowedAt(tx, account.id, now);
    if (until) throw retryRefusal(until, now);
    await tx
      .delete(verificationCodes)
      .where(
        and(
          eq(verificationCodes.userId, account.id),
          lt(verificationCodes.createdAt, new Date(now - 24 * SEND_WINDOW_MS)),
        ),
      );
    const [row] = await tx
      .insert(verificationCodes)
      .values({
        userId: account.id,
        codeHash: hashCode(account.id, code),
        expiresAt,
        createdAt: new Date(now),
      })
      .returning({ id: verificationCodes.id });
    return row.id;
  });

  try {
    await sendMail({
      to: account.email,
      ...verificationCodeMail(account.locale, { code, minutes: CODE_TTL_MS / 60_000 }),
    });
  } catch (error) {
    await db.delete(verificationCodes).where(eq(verificationCodes.id, id));
    throw error;
  }

  await transaction(async (tx) => {
    // Only the newest code stays usable once it has really been sent.
    await tx
      .update(verificationCodes)
      .set({ consumedAt: new Date(now) })
      .where(
        and(
          eq(verificationCodes.userId, account.id),
          isNull(verificationCodes.consumedAt),
          lt(verificationCodes.id, id),
        ),
      );
    await recordAudit(tx, {
      action: 'verification.code_sent',
      actor: context.actor,
      target: { type: 'user', id: account.id },
      detail: { expiresAt: expiresAt.toISOString() },
      request: context.request,
    });
  });
  return { expiresAt };
}

function sameHash(a: string, b: string) {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

type CheckResult =
  | { status: 'verified' }
  | { status: 'none' | 'expired' }
  | { status: 'wrong'; attemptsLeft: number };

/**
 * Checks a code against the account's live code; on success opens the verification window of
 * this sign-in session. Each wrong try counts, and the fifth voids the code.
 */
export async function verifyCode(
  account: Pick<Account, 'id' | 'email'>,
  sessionId: string,
  code: string,
  context: Context,
  now = Date.now(),
): Promise<{ verifiedUntil: Date }> {
  const result = await transaction(async (tx): Promise<CheckResult> => {
    const [live] = await tx
      .select()
      .from(verificationCodes)
      .where(
        and(
          eq(verificationCodes.userId, account.id),
          isNull(verificationCodes.consumedAt),
          gt(verificationCodes.expiresAt, new Date(now)),
        ),
      )
      .orderBy(desc(verificationCodes.id))
      .limit(1);
    if (!live) {
      const [expired] = await tx
        .select({ id: verificationCodes.id })
        .from(verificationCodes)
        .where(
          and(
            eq(verificationCodes.userId, account.id),
            isNull(verificationCodes.consumedAt),
            lte(verificationCodes.expiresAt, new Date(now)),
          ),
        )
        .limit(1);
      return { status: expired ? 'expired' : 'none' };
    }
    if (sameHash(live.codeHash, hashCode(account.id, code))) {
      await tx
        .update(verificationCodes)
        .set({ consumedAt: new Date(now) })
        .where(eq(verificationCodes.id, live.id));
      await recordAudit(tx, {
        action: 'verification.code_verified',
        actor: context.actor,
        target: { type: 'user', id: account.id },
        request: context.request,
      });
      return { status: 'verified' };
    }
    const failedAttempts = live.failedAttempts + 1;
    const voided = failedAttempts >= MAX_CODE_ATTEMPTS;
    await tx
      .update(verificationCodes)
      .set({ failedAttempts, consumedAt: voided ? new Date(now) : null })
      .where(eq(verificationCodes.id, live.id));
    await recordAudit(tx, {
      action: 'verification.code_failed',
      actor: context.actor,
      target: { type: 'user', id: account.id },
      detail: { failedAttempts, voided },
      request: context.request,
    });
    return { status: 'wrong', attemptsLeft: MAX_CODE_ATTEMPTS - failedAttempts };
  });

  switch (result.status) {
    case 'verified':
      return { verifiedUntil: await markSessionVerified(sessionId, now) };
    case 'none':
      throw new VerificationError('noActiveCode');
    case 'expired':
      throw new VerificationError('codeExpired');
    case 'wrong':
      throw result.attemptsLeft > 0
        ? new VerificationError('codeWrong', { left: result.attemptsLeft })
        : new VerificationError('codeVoided', { max: MAX_CODE_ATTEMPTS });
  }
}
